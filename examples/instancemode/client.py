# The Python side of the instancemode example: which instance answered each call?
#   python3 client.py [LOCATION]
# LOCATION is the server's host:port as in its URIs; without it the name server is used.
import argparse
import sys

from Pyro5.api import Proxy


def uri_for(location, mode):
    name = "instance." + mode
    return "PYRO:{}@{}".format(name, location) if location else "PYRONAME:" + name


def run(location, mode, proxies, calls):
    instances = set()
    for i in range(1, proxies + 1):
        if i > 1 and mode == "session":
            print(" ..new proxy..")
        with Proxy(uri_for(location, mode)) as p:
            for _ in range(calls):
                number = p.msg("hello{}".format(i))
                print(number)
                instances.add(number)
    print("{}: {} calls, {} different instances".format(mode, proxies * calls, len(instances)))


def main():
    parser = argparse.ArgumentParser(description="Calls instance.percall, instance.session and instance.single.")
    parser.add_argument("location", nargs="?", help="host:port of the server (default: use the name server)")
    args = parser.parse_args()

    print("Showing the different instancing modes.")
    print("The number printed is the number of the instance that handled the call.")
    print()
    print("-----PERCALL (a new instance every time) -----")
    run(args.location, "percall", 3, 3)
    print()
    print("-----SESSION (same instance within a proxy's connection) -----")
    run(args.location, "session", 2, 3)
    print()
    print("-----SINGLE (same instance always, even over proxies) -----")
    run(args.location, "single", 3, 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
