# The Python side of the batched calls example.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse
import time

from Pyro5.api import Daemon, expose, locate_ns


@expose
class Thingy:
    def multiply(self, a, b):
        return a * b

    def add(self, a, b):
        return a + b

    def divide(self, a, b):
        return a // b

    def error(self):
        return 1 // 0

    def delay(self, seconds):
        time.sleep(seconds)
        return seconds

    def printmessage(self, message):
        print(message, flush=True)
        return 0


def main():
    parser = argparse.ArgumentParser(description="Serves example.batched.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(Thingy(), "example.batched")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.batched", uri)
            print("name = example.batched", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
