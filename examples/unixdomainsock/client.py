# The Python side of the unixdomainsock example: the URI says which socket to use.
#   python3 client.py [URI]     (asks for the URI when missing)
import sys

from Pyro5.api import Proxy


def main():
    uri = sys.argv[1] if len(sys.argv) > 1 else input("enter the server uri: ").strip()
    with Proxy(uri) as p:
        print("Response was:", p.message("Hello there!"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
