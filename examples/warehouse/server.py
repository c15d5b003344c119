# The Python side of the warehouse example (Pyro5's tutorial warehouse).
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse

from Pyro5.api import Daemon, behavior, expose, locate_ns


@expose
@behavior(instance_mode="single")
class Warehouse:
    def __init__(self):
        self.contents = ["chair", "bike", "flashlight", "laptop", "couch"]

    def list_contents(self):
        return self.contents

    def take(self, name, item):
        if item not in self.contents:
            raise ValueError("there is no {} in the warehouse".format(item))
        self.contents.remove(item)
        print("{} took the {}.".format(name, item), flush=True)

    def store(self, name, item):
        self.contents.append(item)
        print("{} stored the {}.".format(name, item), flush=True)


def main():
    parser = argparse.ArgumentParser(description="Serves example.warehouse.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(Warehouse, "example.warehouse")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.warehouse", uri)
            print("name = example.warehouse", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
