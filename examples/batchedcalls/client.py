# The Python side of the batched calls example: normal calls, a batch, a oneway batch,
# and a batch that stops at an error.
#   python3 client.py [URI] [--loops N]
import argparse
import sys
import time

from Pyro5.api import BatchProxy, Proxy
from Pyro5.errors import get_pyro_traceback


def main():
    parser = argparse.ArgumentParser(description="Compares normal and batched calls on example.batched.")
    parser.add_argument("uri", nargs="?", default="PYRONAME:example.batched", help="the object")
    parser.add_argument("--loops", type=int, default=20000, help="loops of two calls each (default 20000)")
    args = parser.parse_args()
    loops = max(1, args.loops)
    expected = loops * (7 * 6 + 10 + 20)

    p = Proxy(args.uri)
    print("Normal remote calls...")
    begin = time.time()
    total = 0
    p.printmessage("beginning normal calls")
    for _ in range(loops):
        total += p.multiply(7, 6)
        total += p.add(10, 20)
    p.printmessage("end of normal calls")
    normal = max(time.time() - begin, 1e-9)
    print("total {} {}".format(total, "(correct)" if total == expected else "(WRONG)"))
    print("that took {:.2f} seconds ({:.0f} calls/sec)".format(normal, loops * 2 / normal))

    print()
    print("Batched remote calls...")
    begin = time.time()
    batch = BatchProxy(p)
    batch.printmessage("beginning batch #1")
    for _ in range(loops):
        batch.multiply(7, 6)   # queued locally, nothing sent yet
        batch.add(10, 20)
    batch.printmessage("end of batch #1")
    print("processing the results...")
    total = 0
    for result in batch():     # one request, one reply
        total += result
    batched = max(time.time() - begin, 1e-9)
    print("total {} {}".format(total, "(correct)" if total == expected else "(WRONG)"))
    print("total time taken {:.2f} seconds ({:.0f} calls/sec)".format(batched, loops * 2 / batched))
    print("batched calls were {:.1f} times faster than normal remote calls".format(normal / batched))

    print()
    print("Oneway batched remote calls...")
    begin = time.time()
    batch = BatchProxy(p)
    batch.printmessage("beginning batch #2")
    for _ in range(loops):
        batch.multiply(7, 6)
        batch.add(10, 20)
    batch.delay(2)             # the server takes 2 s more, we do not wait for it
    batch.printmessage("end of batch #2")
    print("executing batch, there will be no result values. Check server to see printed messages...")
    assert batch(oneway=True) is None
    oneway = max(time.time() - begin, 1e-9)
    print("total time taken {:.2f} seconds ({:.0f} calls/sec)".format(oneway, loops * 2 / oneway))
    print("oneway batched calls were {:.1f} times faster than normal remote calls".format(normal / oneway))

    print()
    print("Batch with an error. Dividing a number by decreasing divisors...")
    for d in range(3, -3, -1):     # 3, 2, 1, 0 (!), -1, -2
        batch.divide(100, d)
    print("getting results...")
    divisor = 3
    try:
        for result in batch():
            print("100//{} = {}".format(divisor, result))
            divisor -= 1
    except ZeroDivisionError:
        print("A divide by zero error occurred during the batch! (expected)")
        print("".join(get_pyro_traceback()).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
