# The Python side of the greeting example: the same object as server.cpp, in Pyro5.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse
import random

from Pyro5.api import Daemon, expose, locate_ns


@expose
class GreetingMaker:
    def get_fortune(self, name):
        lucky = random.randint(1, 99)
        return "Hello, {}. Your lucky number today is {}.".format(name, lucky)


def main():
    parser = argparse.ArgumentParser(description="Serves example.greeting: get_fortune(name).")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(GreetingMaker(), "example.greeting")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.greeting", uri)
            print("name = example.greeting", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
