#!/usr/bin/env python3
"""Backends for the ingress tests, run inside the backend namespace.

  --record ADDR PORT FILE   accept; read the first bytes (an optional PROXY v1/v2 header, then until
                            an HTTP head or a TLS record is complete, 64 KiB, EOF or 2 s of silence); append one JSON line {peer, peer_port, local,
                            local_port, data (base64)} to FILE; answer a short HTTP 200; close.
  --hold ADDR PORT          accept; read an HTTP head; answer "HTTP/1.1 200 OK" with body "ok\\n";
                            keep the connection open until the client closes it.

Prints "ready" once every socket listens.
"""
import argparse
import asyncio
import base64
import json
import resource
import socket

RECORDED_REPLY = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nrecorded\n"
HOLD_REPLY = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


PROXY_V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"


def complete(data):
    """True once the data holds an optional PROXY header followed by a whole HTTP head or TLS record."""
    start = 0
    if data.startswith(PROXY_V2_SIGNATURE):
        if len(data) < 16:
            return False
        start = 16 + int.from_bytes(data[14:16], "big")
    elif data.startswith(b"PROXY "):
        end = data.find(b"\r\n")
        if end < 0:
            return False
        start = end + 2
    rest = data[start:]
    if rest[:1] == b"\x16":
        return len(rest) >= 5 and len(rest) >= 5 + int.from_bytes(rest[3:5], "big")
    return b"\r\n\r\n" in rest


async def read_head(reader, limit=65536, quiet=2.0):
    data = b""
    while len(data) < limit and not complete(data):
        try:
            chunk = await asyncio.wait_for(reader.read(limit - len(data)), quiet)
        except (asyncio.TimeoutError, ConnectionError):
            break
        if not chunk:
            break
        data += chunk
    return data


def recorder(path):
    async def handle(reader, writer):
        peer = writer.get_extra_info("peername")
        local = writer.get_extra_info("sockname")
        data = await read_head(reader)
        record = {
            "peer": peer[0], "peer_port": peer[1],
            "local": local[0], "local_port": local[1],
            "data": base64.b64encode(data).decode("ascii"),
        }
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        try:
            writer.write(RECORDED_REPLY)
            await writer.drain()
            writer.close()
            await writer.wait_closed()
        except ConnectionError:
            pass
    return handle


async def hold(reader, writer):
    try:
        await read_head(reader, quiet=30.0)
        writer.write(HOLD_REPLY)
        await writer.drain()
        while await reader.read(4096):
            pass
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", nargs=3, action="append", default=[], metavar=("ADDR", "PORT", "FILE"))
    parser.add_argument("--hold", nargs=2, action="append", default=[], metavar=("ADDR", "PORT"))
    args = parser.parse_args()
    raise_fd_limit()
    servers = []
    for address, port, path in args.record:
        open(path, "a").close()
        servers.append(await asyncio.start_server(recorder(path), address, int(port), backlog=4096, reuse_address=True))
    for address, port in args.hold:
        servers.append(await asyncio.start_server(hold, address, int(port), backlog=4096, reuse_address=True))
    print("ready", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


asyncio.run(main())
