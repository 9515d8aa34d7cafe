#!/usr/bin/env python3
"""Client tools for the ingress tests, run inside the client namespace. Each prints one JSON object.

  raw HOST PORT --send-file F [--trickle-ms N] [--wait S]
      send the file's bytes (1 byte per N ms when trickling), read until the peer closes or S
      seconds pass: {local_port, sent, received (base64), closed, reset, close_seconds, error}
  tls HOST PORT SNI PATH [--trickle-ms N] [--timeout S]
      TLS 1.2 handshake with a small ClientHello (trickled 1 byte per N ms), then GET PATH over
      HTTP/1.0: {local_port, hello_length, hello_seconds, response, error}
  concurrent HOST PORT COUNT HOSTNAME [--timeout S]
      COUNT connections at once, each GET / with Host HOSTNAME; every one stays open until all
      have their answer "ok": {count, ok, failed, peak_open, errors, seconds}
  connect HOST PORT [--timeout S]
      one TCP connect: {outcome: connected|refused|timeout|unreachable|error, seconds, error}
  idle HOST PORT COUNT [--wait S]
      COUNT connections that send nothing; how long until the peer closes each:
      {count, connected, closed, still_open, first_close, last_close, received, errors}
"""
import argparse
import asyncio
import base64
import errno
import json
import resource
import socket
import ssl
import threading
import time


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def send_bytes(sock, data, trickle_ms):
    if trickle_ms <= 0:
        sock.sendall(data)
        return len(data)
    sent = 0
    for i in range(len(data)):
        sock.sendall(data[i:i + 1])
        sent += 1
        if i + 1 < len(data):
            time.sleep(trickle_ms / 1000.0)
    return sent


def raw(args):
    with open(args.send_file, "rb") as f:
        data = f.read()
    result = {"local_port": None, "sent": 0, "received": "", "closed": False, "reset": False,
              "close_seconds": None, "error": None, "send_error": None}
    sock = socket.create_connection((args.host, args.port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    result["local_port"] = sock.getsockname()[1]
    started = time.monotonic()

    def sender():
        try:
            result["sent"] = send_bytes(sock, data, args.trickle_ms)
        except OSError as e:
            result["send_error"] = f"{type(e).__name__}: {e}"

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    received = b""
    deadline = started + args.wait
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                result["closed"] = True
                result["close_seconds"] = round(time.monotonic() - started, 3)
                break
            received += chunk
    except ConnectionResetError:
        result["closed"] = True
        result["reset"] = True
        result["close_seconds"] = round(time.monotonic() - started, 3)
    except OSError as e:
        result["error"] = f"{type(e).__name__}: {e}"
    thread.join(1)
    sock.close()
    result["received"] = base64.b64encode(received).decode("ascii")
    return result


def connect(args):
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(args.timeout)
    started = time.monotonic()
    result = {"outcome": "connected", "seconds": None, "error": None}
    try:
        sock.connect((args.host, args.port))
    except socket.timeout as e:
        result["outcome"], result["error"] = "timeout", str(e)
    except ConnectionRefusedError as e:
        result["outcome"], result["error"] = "refused", str(e)
    except OSError as e:
        unreachable = e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
        result["outcome"], result["error"] = ("unreachable" if unreachable else "error"), f"{type(e).__name__}: {e}"
    result["seconds"] = round(time.monotonic() - started, 3)
    sock.close()
    return result


def tls(args):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")
    context.options |= ssl.OP_NO_TICKET
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls_object = context.wrap_bio(incoming, outgoing, server_hostname=args.sni)
    result = {"local_port": None, "hello_length": None, "hello_seconds": None, "response": None, "error": None}
    sock = socket.create_connection((args.host, args.port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(args.timeout)
    result["local_port"] = sock.getsockname()[1]
    try:
        try:
            tls_object.do_handshake()
        except ssl.SSLWantReadError:
            pass
        hello = outgoing.read()
        result["hello_length"] = len(hello)
        started = time.monotonic()
        send_bytes(sock, hello, args.trickle_ms)
        result["hello_seconds"] = round(time.monotonic() - started, 3)
        while True:
            try:
                tls_object.do_handshake()
                break
            except ssl.SSLWantReadError:
                pending = outgoing.read()
                if pending:
                    sock.sendall(pending)
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed during the handshake")
                incoming.write(chunk)
        request = f"GET {args.path} HTTP/1.0\r\nHost: {args.sni}\r\n\r\n".encode("ascii")
        tls_object.write(request)
        sock.sendall(outgoing.read())
        response = b""
        while True:
            try:
                piece = tls_object.read(65536)
                if not piece:
                    break
                response += piece
                continue
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLZeroReturnError:
                break
            chunk = sock.recv(65536)
            if not chunk:
                break
            incoming.write(chunk)
        result["response"] = response.decode("utf-8", "replace")
    except (OSError, ssl.SSLError, ConnectionError) as e:
        result["error"] = f"{type(e).__name__}: {e}"
    finally:
        sock.close()
    return result


async def concurrent(args):
    raise_fd_limit()
    request = f"GET / HTTP/1.1\r\nHost: {args.hostname}\r\n\r\n".encode("ascii")
    state = {"ok": 0, "failed": 0, "done": 0, "open_ok": 0, "peak_open": 0}
    errors = {}
    all_done = asyncio.Event()

    def finish():
        state["done"] += 1
        if state["done"] == args.count:
            all_done.set()

    async def one():
        writer = None
        answered = False
        try:
            reader, writer = await asyncio.open_connection(args.host, args.port)
            writer.write(request)
            await writer.drain()
            data = b""
            while not data.endswith(b"\r\n\r\nok\n"):
                chunk = await reader.read(4096)
                if not chunk:
                    raise ConnectionError(f"closed after {data[:60]!r}")
                data += chunk
            if not data.startswith(b"HTTP/1.1 200"):
                raise ValueError(f"unexpected answer {data[:60]!r}")
            answered = True
            state["ok"] += 1
            state["open_ok"] += 1
            state["peak_open"] = max(state["peak_open"], state["open_ok"])
        except Exception as e:  # noqa: BLE001 - every failure is counted and reported
            state["failed"] += 1
            key = f"{type(e).__name__}: {e}"[:120]
            errors[key] = errors.get(key, 0) + 1
        finish()
        await all_done.wait()
        if writer is not None:
            writer.close()
        if answered:
            state["open_ok"] -= 1

    started = time.monotonic()
    try:
        await asyncio.wait_for(asyncio.gather(*(one() for _ in range(args.count))), args.timeout)
    except asyncio.TimeoutError:
        errors["overall timeout"] = args.count - state["done"]
    return {"count": args.count, "ok": state["ok"], "failed": state["failed"], "peak_open": state["peak_open"],
            "errors": errors, "seconds": round(time.monotonic() - started, 3)}


async def idle(args):
    raise_fd_limit()
    result = {"count": args.count, "connected": 0, "closed": 0, "still_open": 0, "first_close": None,
              "last_close": None, "received": 0, "errors": {}}
    close_times = []

    async def one():
        try:
            reader, writer = await asyncio.open_connection(args.host, args.port)
        except OSError as e:
            key = f"{type(e).__name__}: {e}"[:120]
            result["errors"][key] = result["errors"].get(key, 0) + 1
            return
        result["connected"] += 1
        started = time.monotonic()
        try:
            while True:
                remaining = args.wait - (time.monotonic() - started)
                if remaining <= 0:
                    result["still_open"] += 1
                    break
                chunk = await asyncio.wait_for(reader.read(4096), remaining)
                if not chunk:
                    close_times.append(time.monotonic() - started)
                    break
                result["received"] += len(chunk)
        except asyncio.TimeoutError:
            result["still_open"] += 1
        except ConnectionError:
            close_times.append(time.monotonic() - started)
        writer.close()

    await asyncio.gather(*(one() for _ in range(args.count)))
    result["closed"] = len(close_times)
    if close_times:
        result["first_close"] = round(min(close_times), 3)
        result["last_close"] = round(max(close_times), 3)
    return result


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("raw")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--send-file", required=True)
    p.add_argument("--trickle-ms", type=float, default=0)
    p.add_argument("--wait", type=float, default=10)
    p = commands.add_parser("tls")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("sni")
    p.add_argument("path")
    p.add_argument("--trickle-ms", type=float, default=0)
    p.add_argument("--timeout", type=float, default=20)
    p = commands.add_parser("concurrent")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("count", type=int)
    p.add_argument("hostname")
    p.add_argument("--timeout", type=float, default=40)
    p = commands.add_parser("connect")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--timeout", type=float, default=5)
    p = commands.add_parser("idle")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--wait", type=float, default=10)
    args = parser.parse_args()
    if args.command == "raw":
        output = raw(args)
    elif args.command == "tls":
        output = tls(args)
    elif args.command == "connect":
        output = connect(args)
    elif args.command == "concurrent":
        output = asyncio.run(concurrent(args))
    else:
        output = asyncio.run(idle(args))
    print(json.dumps(output), flush=True)


main()
