# Push: the sensor's daemon calls our Listener back (Pyro5's callback pattern).
# usage: python3 push_subscriber.py PYRO:example.sensor@localhost:PORT [COUNT]
import sys
import threading

import Pyro5.api

Pyro5.config.ONEWAY_THREADED = False      # handle the events one by one, in order


class Listener:
    def __init__(self, count):
        self.left = count
        self.done = threading.Event()

    @Pyro5.api.expose
    @Pyro5.api.oneway
    def emitted(self, signal, args, seq):
        print("%s: %.1f (event %d)" % (signal, args[0], seq), flush=True)
        self.left -= 1
        if self.left == 0:
            self.done.set()


uri = Pyro5.api.URI(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 5
listener = Listener(count)
with Pyro5.api.Daemon(host=uri.host) as daemon:
    callback = daemon.register(listener)
    threading.Thread(target=daemon.requestLoop, args=(lambda: not listener.done.is_set(),), daemon=True).start()
    signals = Pyro5.api.Proxy("PYRO:Pyro.Signals@%s" % uri.location)
    subscription = signals.subscribe(uri.object, "temperatureChanged", callback)
    listener.done.wait()
    signals.unsubscribe(subscription)
print("unsubscribed")
