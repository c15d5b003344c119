# The Python side of the callback example: runs its own daemon for the callback object,
# puts workers to work and waits until each one called back.
#   python3 client.py [URI] [--workers N] [--max-work SECONDS]
import argparse
import random
import sys
import threading

from Pyro5.api import Daemon, Proxy, expose


class CallbackHandler:
    def __init__(self, expected):
        self.expected = expected
        self.count = 0
        self.lock = threading.Lock()
        self.all_done = threading.Event()

    @expose
    def done(self, number):
        print("callback: worker {} reports work is done!".format(number), flush=True)
        with self.lock:
            self.count += 1
            if self.count >= self.expected:
                self.all_done.set()


def main():
    parser = argparse.ArgumentParser(description="Puts workers of example.callback to work.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.callback", help="the callback server")
    parser.add_argument("--workers", type=int, default=5, help="number of workers (default 5)")
    parser.add_argument("--max-work", type=int, default=5, help="each worker works 1 to this many seconds")
    args = parser.parse_args()

    with Daemon() as daemon:
        handler = CallbackHandler(args.workers)
        daemon.register(handler)
        # the daemon serves the callbacks in the background while this thread waits
        threading.Thread(target=daemon.requestLoop, daemon=True).start()

        print("creating a bunch of workers")
        with Proxy(args.uri) as server:
            for _ in range(args.workers):
                worker = server.addworker(handler)   # a registered object goes as a proxy
                worker.work(random.randint(1, args.max_work))   # oneway: returns at once
        print("waiting for all work complete...", flush=True)
        if not handler.all_done.wait(args.max_work * args.workers + 30):
            print("not every worker called back", file=sys.stderr)
            return 1
        print("done!")
    return 0


if __name__ == "__main__":
    sys.exit(main())
