# The Python side of the warehouse example: Janet and Henry visit the warehouse.
#   python3 client.py [URI] [--visit NAME:STORE:TAKE]...
# Without --visit the visitors are asked what to store and take.
import argparse
import sys

import Pyro5.errors
from Pyro5.api import Proxy


class Person:
    def __init__(self, name):
        self.name = name

    def visit(self, warehouse, store=None, take=None):
        print("This is {}.".format(self.name))
        self.deposit(warehouse, store)
        self.retrieve(warehouse, take)
        print("Thank you, come again!")

    def deposit(self, warehouse, item):
        print("The warehouse contains:", warehouse.list_contents())
        if item is None:
            item = input("Type a thing you want to store (or empty): ").strip()
        if item:
            warehouse.store(self.name, item)
            print("{} stores the {}.".format(self.name, item))

    def retrieve(self, warehouse, item):
        print("The warehouse contains:", warehouse.list_contents())
        if item is None:
            item = input("Type something you want to take (or empty): ").strip()
        if item:
            try:
                warehouse.take(self.name, item)
                print("{} takes the {}.".format(self.name, item))
            except ValueError as x:
                print("{} could not take the {}: {}".format(self.name, item, x))


def main():
    sys.excepthook = Pyro5.errors.excepthook
    parser = argparse.ArgumentParser(description="Visits example.warehouse.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.warehouse", help="the warehouse")
    parser.add_argument("--visit", action="append", metavar="NAME:STORE:TAKE",
                        help="a visit without questions (fields may be empty)")
    args = parser.parse_args()

    with Proxy(args.uri) as warehouse:
        if args.visit:
            for visit in args.visit:
                name, store, take = (visit.split(":") + ["", ""])[:3]
                Person(name).visit(warehouse, store, take)
        else:
            Person("Janet").visit(warehouse)
            Person("Henry").visit(warehouse)


if __name__ == "__main__":
    main()
