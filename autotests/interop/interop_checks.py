# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The bookkeeping shared by the Python interop clients (echoserver_client.py,
# nameserver_client.py): each check is a function decorated with @check("name") that runs
# at once and returns None/True when it holds, or a text saying what went wrong. report()
# prints the line the C++ tests turn into rows:
#   RESULTS {"check name": {"ok": true|false, "detail": "..."}, ...}

import collections
import json
import sys
import traceback

results = collections.OrderedDict()


def record(name, ok, detail=""):
    results[name] = {"ok": bool(ok), "detail": str(detail)[:2000]}


def check(name):
    def wrap(fn):
        try:
            outcome = fn()
            if outcome is None or outcome is True:
                record(name, True)
            else:
                record(name, False, outcome)
        except Exception:
            record(name, False, "".join(traceback.format_exc()))
        return fn
    return wrap


def report():
    print("RESULTS " + json.dumps(results))
    sys.stdout.flush()
