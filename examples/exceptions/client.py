# The Python side of the exceptions example: calls methods that fail and shows the
# exception class, its message and the remote traceback.
#   python3 client.py [URI] [--uncaught]
# --uncaught finally lets an error through to Pyro5's excepthook (exit code 1).
import argparse
import sys

import Pyro5.errors
from Pyro5.api import Proxy


def main():
    parser = argparse.ArgumentParser(description="Shows the remote exceptions of example.exceptions.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.exceptions", help="the object")
    parser.add_argument("--uncaught", action="store_true", help="end with an uncaught remote error")
    args = parser.parse_args()

    ok = True
    test = Proxy(args.uri)
    print(test.div(2.0, 9.0))
    try:
        print(test.div(2, 0))
        ok = False
    except ZeroDivisionError as x:
        print("DIVIDE BY ZERO:", x)
    try:
        test.error()
        ok = False
    except ValueError as x:
        print("VALUERROR:", x)
    result = test.error2()
    if isinstance(result, ValueError):
        print("{!r}, {}".format(result, result))
    else:
        print("error2 did not return an exception object")
        ok = False
    try:
        test.othererr()
        ok = False
    except RuntimeError as x:
        print("ANOTHER ERROR:", x)
    try:
        test.onewayerr()
        print("oneway call simply succeeded")
    except Exception as x:
        print("SHOULD NOT HAPPEN: exception from oneway call", x)
        ok = False
    try:
        test.unserializable()
        ok = False
    except Exception as x:
        print("UNSERIALIZABLE ERROR:", x)

    print()
    print("*** invoking server method that crashes, catching traceback ***")
    try:
        test.complexerror()
        print("complexerror did not fail")
        ok = False
    except Exception as x:
        print("CAUGHT ERROR  >>> ", x)
        print("Printing Pyro traceback >>>>>>")
        print("".join(Pyro5.errors.get_pyro_traceback()).strip())
        print("<<<<<<< end of Pyro traceback")
    print("all errors arrived as expected" if ok else "SOME ERRORS WERE NOT AS EXPECTED")

    if args.uncaught:
        print()
        print("*** installing pyro's excepthook")
        sys.excepthook = Pyro5.errors.excepthook
        print("*** invoking server method that crashes, not catching anything ***")
        test.complexerror()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
