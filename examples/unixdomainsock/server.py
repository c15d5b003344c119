# The Python side of the unixdomainsock example: a daemon on a Unix domain socket.
#   python3 server.py [SOCKETPATH]     (default example_unix.sock)
import os
import sys

from Pyro5.api import Daemon, expose


@expose
class Thingy:
    def message(self, text):
        print("Message received:", text, flush=True)
        return "Roger!"


def main():
    path = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "example_unix.sock")
    if os.path.exists(path):
        os.remove(path)
    with Daemon(unixsocket=path) as daemon:
        uri = daemon.register(Thingy(), "example.unixsock")
        print("Server running, uri =", uri, flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
