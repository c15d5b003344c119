# The Python side of the attributes example: reads and writes remote attributes and
# shows what is not reachable.
#   python3 client.py [URI]
import argparse
import sys

from Pyro5.api import Proxy


def main():
    parser = argparse.ArgumentParser(description="Uses the attributes of example.attributes.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.attributes", help="the object")
    args = parser.parse_args()

    with Proxy(args.uri) as p:
        print("Direct attribute access:")
        before = p.prop_value
        print("p.prop_value=", before)
        print("adding 500 to p.prop_value")
        p.prop_value += 500
        after = p.prop_value
        remote = p.getValue()
        print("p.prop_value=", after)
        print("actual remote value: {} (via p.getValue() remote method call)".format(remote))
        if after == before + 500 and after == remote:
            print("the attribute was changed remotely")
        print("calling p.__dunder__():", repr(p.__dunder__()))
        print("len(p):", len(p))
        print("exposed methods:", sorted(p._pyroMethods))
        print("exposed attributes:", sorted(p._pyroAttrs))

        print()
        print("Accessing unexposed attributes:")
        refused = 0
        for name in ("sub", "value", "_value", "__value"):
            print("accessing p.{}...".format(name))
            try:
                value = getattr(p, name)
                print("this should not be possible: got", repr(value), file=sys.stderr)
                return 1
            except AttributeError as x:
                print("ok, got expected error:", x)
                refused += 1
        print("{} of 4 unexposed attributes refused".format(refused))

        print()
        print("Changing a copy:")
        sub = p.prop_sub
        print("value gotten from p.prop_sub=", sub)
        p.prop_sub.update({"test": "nope"})    # updates the local copy only
        again = p.prop_sub
        print("value gotten from p.prop_sub= {} (should be unchanged!)".format(again))
        if "test" in again:
            print("the update should not have been done remotely", file=sys.stderr)
            return 1
        print("the remote dict is unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
