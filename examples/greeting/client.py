# The Python side of the greeting example: asks the greeting object for a fortune.
#   python3 client.py [URI] [NAME]
import argparse

from Pyro5.api import Proxy


def main():
    parser = argparse.ArgumentParser(description="Asks example.greeting for a fortune.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.greeting", help="the greeting object")
    parser.add_argument("name", nargs="?", help="your name (asked for when missing)")
    args = parser.parse_args()
    name = args.name if args.name is not None else input("What is your name? ").strip()

    with Proxy(args.uri) as greeter:
        print(greeter.get_fortune(name))


if __name__ == "__main__":
    main()
