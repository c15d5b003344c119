# Push: the sensor's daemon calls our Listener back (Pyro5's callback pattern).
# usage: python3 push_subscriber.py PYRO:example.sensor@localhost:PORT [COUNT]
import sys
import threading

import Pyro5.api


class Listener:
    def __init__(self, count):
        self.left = count
        self.next = 1                             # seq numbers start at 1
        self.pending = {}
        self.lock = threading.Lock()
        self.done = threading.Event()

    @Pyro5.api.expose
    @Pyro5.api.oneway
    def emitted(self, signal, args, seq):
        # Pyro5 runs each oneway call in a thread of its own: put the events back in order.
        with self.lock:
            self.pending[seq] = (signal, args)
            while self.next in self.pending and self.left > 0:
                signal, args = self.pending.pop(self.next)
                print("%s: %.1f (event %d)" % (signal, args[0], self.next), flush=True)
                self.next += 1
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
