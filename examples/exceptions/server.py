# The Python side of the exceptions example: methods that fail in different ways.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse

from Pyro5.api import Daemon, expose, locate_ns, oneway


class Inventory:
    def __init__(self):
        self.items = [1, 2, 3]

    def item_at(self, index):
        return self.lookup(index)

    def lookup(self, index):
        return self.items[index]     # IndexError for a bad index


@expose
class TestClass:
    def div(self, a, b):
        return a / b

    def error(self):
        raise ValueError("this value is not acceptable")

    def error2(self):
        return ValueError("this value is not acceptable")   # returned, not raised

    def othererr(self):
        raise RuntimeError("a runtime error in Python")

    @oneway
    def onewayerr(self):
        raise ValueError("error in oneway call!")

    def complexerror(self):
        return Inventory().item_at(10)

    def unserializable(self):
        return TestClass.unserializable    # a function: no serializer can send it


def report_error(daemon, client_sock, method, vargs, kwargs, exception):
    print("error in {}: {!r}".format(method.__name__, exception), flush=True)


def main():
    parser = argparse.ArgumentParser(description="Serves example.exceptions.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        daemon.methodcall_error_handler = report_error
        uri = daemon.register(TestClass(), "example.exceptions")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.exceptions", uri)
            print("name = example.exceptions", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
