# The Python side of the nonameserver example: prints the URIs, no name server needed.
#   python3 server.py [-H HOST] [-p PORT]
import argparse

from Pyro5.api import Daemon, expose

QUOTES = [
    "A program that has not been tested does not work.",
    "Simple things should be simple, complex things should be possible.",
    "Weeks of coding can save you hours of planning.",
    "The network is reliable, until it is not.",
    "There is no place like 127.0.0.1.",
]


class QuoteGen:
    def __init__(self):
        self.next = 0

    @expose
    def quote(self):
        text = QUOTES[self.next % len(QUOTES)]
        self.next += 1
        return text


def main():
    parser = argparse.ArgumentParser(description="Serves two quote generators without a name server.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    args = parser.parse_args()

    with Daemon(host=args.host, port=args.port) as daemon:
        uri1 = daemon.register(QuoteGen())                      # id made up by the daemon
        uri2 = daemon.register(QuoteGen(), "example.quotegen")  # id of our choice
        print("QuoteGen is ready, not using the Name Server.")
        print("You can use the following two URIs to connect to me:")
        print("uri =", uri1)
        print("uri =", uri2, flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
