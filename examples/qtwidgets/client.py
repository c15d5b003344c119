# Sends messages to the qtwidgets window's message board (the window runs a Pyro daemon
# in its own event loop, next to its widgets; no threads, and it stays responsive).
#   python3 client.py BOARD_URI [--count N]
# BOARD_URI is the "board uri = ..." line the window prints.
import argparse
import sys
import time

from Pyro5.api import Proxy


def main():
    parser = argparse.ArgumentParser(description="Sends messages to the window's message board.")
    parser.add_argument("uri", nargs="?", help="the board's URI (asked for when missing)")
    parser.add_argument("--count", type=int, default=5, help="how many counting messages (default 5)")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between messages (default 0.2)")
    args = parser.parse_args()
    uri = args.uri or input("Enter the board uri the window printed: ").strip()

    with Proxy(uri) as board:
        board.message("Hello there!")
        for i in range(args.count):
            time.sleep(args.pause)
            board.message("Counting {}".format(i))
        print("the board now shows {} messages".format(board.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
