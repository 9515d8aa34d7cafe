#!/usr/bin/env python3
"""A static file server (http.server) on one address, with a listen backlog large enough for load
tests: httpserver.py ADDR PORT ROOT. Prints "ready" once it listens.

GET PATH?rate=N sends the file at N bytes per second: tests that need a transfer to last pace it
here, because curl's own --limit-rate overshoots whenever data is always waiting in its socket."""
import functools
import http.server
import socket
import sys
import time
import urllib.parse


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 4096
    daemon_threads = True


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def copyfile(self, source, outputfile):
        rate = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("rate")
        if not rate:
            return super().copyfile(source, outputfile)
        bytes_per_second = max(1, int(rate[0]))
        chunk = max(1, bytes_per_second // 20)
        started, sent = time.monotonic(), 0
        while data := source.read(chunk):
            outputfile.write(data)
            sent += len(data)
            # Sleep until the moment these bytes are due, so the average rate holds however long a write took.
            delay = started + sent / bytes_per_second - time.monotonic()
            if delay > 0:
                time.sleep(delay)


address, port, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
Server.address_family = socket.AF_INET6 if ":" in address else socket.AF_INET
server = Server((address, port), functools.partial(Handler, directory=root))
print("ready", flush=True)
server.serve_forever()
