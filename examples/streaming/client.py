# The Python side of the streaming example: iterates over remote iterators and generators.
#   python3 client.py [URI] [--interval SECONDS]
import argparse
import itertools
import sys

import Pyro5.errors
from Pyro5.api import Proxy


def main():
    sys.excepthook = Pyro5.errors.excepthook
    parser = argparse.ArgumentParser(description="Streams items from example.streamer.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.streamer", help="the streamer")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between the slow generator's items")
    args = parser.parse_args()

    with Proxy(args.uri) as p:
        print("normal list:")
        print(p.list())
        print()
        print("via iterator:")
        print(list(p.iterator()))
        print()
        print("via generator:")
        print(list(p.generator()))
        print()
        print("fibonacci, first 20:")
        numbers = p.fibonacci()
        print(list(itertools.islice(numbers, 20)))
        numbers.close()        # ends the endless generator on the server
        print()
        print("property iterator:")
        print(list(p.prop_iter))
        print()
        print("property generator:")
        print(list(p.prop_generator))
        print()
        print("slow generator:")
        for number in p.slow_generator(args.interval):
            print(number, flush=True)
        print("end of the slow generator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
