# Pull: reads the sensor's events as a Pyro5 item stream (no listening socket needed).
# usage: python3 pull_subscriber.py PYRO:example.sensor@localhost:PORT [COUNT]
import itertools
import sys

import Pyro5.api

uri = Pyro5.api.URI(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 5
with Pyro5.api.Proxy("PYRO:Pyro.Signals@%s" % uri.location) as signals:
    events = signals.events(uri.object, ["temperatureChanged"])
    for signal, args, seq in itertools.islice(events, count):
        print("%s: %.1f (event %d)" % (signal, args[0], seq), flush=True)
print("done")
