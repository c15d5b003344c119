# The Python side of the streaming example: methods and properties returning iterators
# and generators stream their items to the client.
#   python3 server.py [-H HOST] [-p PORT] [-n]
import argparse
import time

from Pyro5.api import Daemon, config, expose, locate_ns


@expose
class Streamer:
    def list(self):
        return [1, 2, 3, 4, 5, 6, 7, 8, 9]

    def iterator(self):
        return iter([1, 2, 3, 4, 5, 6, 7, 8, 9])

    def generator(self):
        yield from range(1, 10)

    def slow_generator(self, interval=0.5):
        for i in range(1, 10):
            time.sleep(interval)
            yield i

    def fibonacci(self):
        a, b = 0, 1
        while True:
            yield a
            a, b = b, a + b

    @property
    def prop_iter(self):
        return iter([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])

    @property
    def prop_generator(self):
        return (x for x in range(10))


def main():
    parser = argparse.ArgumentParser(description="Serves example.streamer.")
    parser.add_argument("-H", "--host", default="localhost", help="host to listen on")
    parser.add_argument("-p", "--port", type=int, default=0, help="port to listen on (0: any free one)")
    parser.add_argument("-n", "--naming", action="store_true", help="also register with the name server")
    args = parser.parse_args()
    if not config.ITER_STREAMING:
        print("Note: item streaming is disabled (PYRO_ITER_STREAMING)", flush=True)

    with Daemon(host=args.host, port=args.port) as daemon:
        uri = daemon.register(Streamer(), "example.streamer")
        print("uri =", uri, flush=True)
        if args.naming:
            locate_ns().register("example.streamer", uri)
            print("name = example.streamer", flush=True)
        daemon.requestLoop()


if __name__ == "__main__":
    main()
