# The Python side of the qtwidgets example: the service the window calls.
#   python3 server.py [-H HOST] [-p PORT] [-n]
# Pyro5's default server runs each connection in a thread of its own, so a slow call
# does not hold up the window's quick calls (they come on another connection).
import argparse
import time

from Pyro5.api import Daemon, expose, locate_ns


@expose
class Calculator:
    def slow_square(self, number, seconds):
        print("slow_square({}): thinking for {} s".format(number, seconds), flush=True)
        time.sleep(seconds)
        print("slow_square({}): done".format(number), flush=True)
        return number * number

    def add(self, a, b):
        print("add({}, {})".format(a, b), flush=True)
        return a + b


def main():
    parser = argparse.ArgumentParser(description="Serves example.calculator for the qtwidgets window.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(Calculator(), "example.calculator")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.calculator", uri)
            print("name = example.calculator", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
