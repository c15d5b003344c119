# The Python side of the callback example: workers that call the client back when done.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse
import time

from Pyro5.api import Daemon, expose, locate_ns, oneway


class Worker:
    def __init__(self, number, callback):
        self.number = number
        self.callback = callback
        print("Worker {} created".format(number), flush=True)

    @expose
    @oneway
    def work(self, seconds):
        print("Worker {} busy...".format(self.number), flush=True)
        time.sleep(seconds)
        print("Worker {} done. Informing callback client.".format(self.number), flush=True)
        self._pyroDaemon.unregister(self)
        # this method runs in a thread of the daemon's pool: the proxy must move along
        self.callback._pyroClaimOwnership()
        self.callback.done(self.number)


class CallbackServer:
    def __init__(self):
        self.count = 0

    @expose
    def addworker(self, callback):
        self.count += 1
        print("server: adding worker {}".format(self.count), flush=True)
        worker = Worker(self.count, callback)
        self._pyroDaemon.register(worker)   # a registered object travels as a proxy
        return worker


def main():
    parser = argparse.ArgumentParser(description="Serves example.callback.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(CallbackServer(), "example.callback")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.callback", uri)
            print("name = example.callback", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
