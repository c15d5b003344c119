# The Python side of the instancemode example: the daemon creates the instances.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse
import itertools

from Pyro5.api import Daemon, behavior, expose, locate_ns

# numbers count instances of all three kinds, so no two instances share one
instance_numbers = itertools.count(1)


class Instance:
    def __init__(self):
        self.number = next(instance_numbers)
        print("created {} instance #{}".format(type(self).__name__, self.number), flush=True)

    @expose
    def msg(self, message):
        print("[{}] {}.msg: {}".format(self.number, type(self).__name__, message), flush=True)
        return self.number


@behavior(instance_mode="single")
class SingleInstance(Instance):
    pass


@behavior(instance_mode="session")
class SessionInstance(Instance):
    pass


@behavior(instance_mode="percall")
class PercallInstance(Instance):
    pass


def main():
    parser = argparse.ArgumentParser(description="Serves instance.single, instance.session and instance.percall.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        ns = locate_ns() if args.naming else None
        # classes, not objects: the daemon creates the instances
        for cls, name in ((SingleInstance, "instance.single"), (SessionInstance, "instance.session"),
                          (PercallInstance, "instance.percall")):
            uri = daemon.register(cls, name)
            print("uri =", uri, flush=True)
            if ns:
                ns.register(name, uri)
                print("name =", name, flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
