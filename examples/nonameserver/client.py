# The Python side of the nonameserver example: uses a URI directly.
#   python3 client.py [URI]      (asks for the URI when missing)
import sys

from Pyro5.api import Proxy


def main():
    uri = sys.argv[1] if len(sys.argv) > 1 else input("Enter the URI of the quote object: ").strip()
    with Proxy(uri) as quotegen:
        print("Getting some quotes...")
        print(quotegen.quote())
        print(quotegen.quote())
    return 0


if __name__ == "__main__":
    sys.exit(main())
