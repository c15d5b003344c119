# The Python side of the attributes example: properties are remote attributes.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse

from Pyro5.api import Daemon, expose, locate_ns


@expose
class Thingy:
    def __init__(self):
        self.sub = {"name": "value"}   # plain instance attributes are never exposed
        self.value = 42
        self._value = 123

    def __dunder__(self):
        return "yep"

    def __len__(self):
        return 200

    def getValue(self):
        return self.value

    @property
    def prop_value(self):
        return self.value

    @prop_value.setter
    def prop_value(self, value):
        self.value = value

    @property
    def prop_sub(self):
        return self.sub


def main():
    parser = argparse.ArgumentParser(description="Serves example.attributes.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(Thingy(), "example.attributes")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.attributes", uri)
            print("name = example.attributes", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
