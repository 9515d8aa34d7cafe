#!/usr/bin/env python3
"""A static file server (http.server) on one IPv6 address, with a listen backlog large enough
for load tests: httpserver.py ADDR PORT ROOT. Prints "ready" once it listens."""
import functools
import http.server
import socket
import sys


class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
    request_queue_size = 4096
    daemon_threads = True


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


address, port, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
server = Server((address, port), functools.partial(Handler, directory=root))
print("ready", flush=True)
server.serve_forever()
