#!/usr/bin/env python3
"""Generate Sources/Server/Commands/CommandCatalogData.swift from a real redis-server.

The command metadata StructD serves (arity, flags, key positions, ACL categories, key specs,
tips, subcommands, and the COMMAND DOCS text) is part of Redis 7.0's interface. Rather than
retype it, we ask the reference server once and commit its answers as data:

    HELLO 3
    COMMAND INFO        (no names: every command)
    COMMAND DOCS        (no names: every command)

and write both RESP3 replies into a Swift file as string literals, which CommandCatalog.swift
parses at start-up. See docs/command-table.md.

The bytes are kept as the server sent them with one change: Redis lists commands (and
subcommands) in hash-table order, which differs from run to run, so the generator sorts the
top-level entries and every subcommand list by name. Nothing else is touched: each leaf
value keeps its exact encoding. The script checks that the sorted stream is a permutation of
the original one (same multiset of command entries, same count as COMMAND COUNT).

Usage:
    python3 scripts/gen-command-catalog.py                 # start redis-server on a free port
    python3 scripts/gen-command-catalog.py --connect 127.0.0.1:6379   # use a running server
    python3 scripts/gen-command-catalog.py --check         # exit 1 if the committed file differs

Only the Python standard library is used (a raw socket, no redis-py).
"""

import argparse
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter

EXPECTED_VERSION = "7.0.15"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO, "Sources", "Server", "Commands", "CommandCatalogData.swift")


# --------------------------------------------------------------------------------------------
# A minimal RESP3 reader that keeps every node's exact bytes.

class Node:
    """One RESP3 value. `head` is the type line (b"*3\\r\\n", or a leaf's whole encoding);
    aggregates also have `children`. `text` is the payload of string-like leaves."""

    __slots__ = ("kind", "head", "children", "text")

    def __init__(self, kind, head, children=None, text=None):
        self.kind = kind
        self.head = head
        self.children = children
        self.text = text

    def encode(self):
        if self.children is None:
            return self.head
        return self.head + b"".join(c.encode() for c in self.children)


class Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise EOFError("server closed the connection")
        self.buf += chunk

    def line(self):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                out = bytes(self.buf[: i + 2])
                del self.buf[: i + 2]
                return out
            self._fill()

    def exact(self, n):
        while len(self.buf) < n:
            self._fill()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def value(self):
        head = self.line()
        t = head[:1]
        body = head[1:-2]
        if t in (b"+", b"-", b":", b",", b"#", b"(", b"_"):
            return Node(t, head, text=body)
        if t in (b"$", b"!", b"="):
            n = int(body)
            if n < 0:
                return Node(t, head)
            data = self.exact(n + 2)
            if data[-2:] != b"\r\n":
                raise ValueError("bulk not terminated by CRLF")
            return Node(t, head + data, text=data[:-2])
        if t in (b"*", b"~", b">", b"%", b"|"):
            n = int(body)
            if n < 0:
                return Node(t, head)
            count = 2 * n if t in (b"%", b"|") else n
            return Node(t, head, [self.value() for _ in range(count)])
        raise ValueError("unexpected RESP type byte %r" % t)


def command(sock, reader, *args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    sock.sendall(out)
    reply = reader.value()
    if reply.kind in (b"-", b"!"):
        raise RuntimeError("%s: %s" % (" ".join(args), reply.text.decode()))
    return reply


# --------------------------------------------------------------------------------------------
# Canonical order: sort commands and subcommands by name.

def sort_info_array(node):
    """COMMAND INFO: an array of 10-element entries; entry[0] is the name, entry[9] the
    subcommand entries (same shape)."""
    for entry in node.children:
        if len(entry.children) != 10:
            raise ValueError("COMMAND INFO entry with %d fields" % len(entry.children))
        sort_info_array(entry.children[9])
    node.children.sort(key=lambda e: e.children[0].text)


def sort_docs_map(node):
    """COMMAND DOCS: a map name -> doc map; a doc map may hold "subcommands" -> same shape."""
    pairs = [(node.children[i], node.children[i + 1]) for i in range(0, len(node.children), 2)]
    for _, doc in pairs:
        for j in range(0, len(doc.children), 2):
            if doc.children[j].text == b"subcommands":
                sort_docs_map(doc.children[j + 1])
    pairs.sort(key=lambda p: p[0].text)
    node.children = [x for p in pairs for x in p]


def fingerprint(node):
    """Order-free summary of a tree: every node's head bytes with their counts, and the
    total length. Sorting children must leave it unchanged."""
    heads = Counter()
    stack = [node]
    while stack:
        n = stack.pop()
        heads[n.head] += 1
        if n.children:
            stack.extend(n.children)
    return heads, len(node.encode())


def entry_chunks(node, pair):
    """The stream split into the aggregate's header and one chunk per command."""
    step = 2 if pair else 1
    chunks = [node.head]
    for i in range(0, len(node.children), step):
        chunks.append(b"".join(c.encode() for c in node.children[i : i + step]))
    return chunks


# --------------------------------------------------------------------------------------------
# Swift output

def swift_literal(data):
    """`data` (UTF-8) as the body of a Swift string literal: ASCII as is, except the escapes
    \\\\ \\" \\r \\n \\t; other control characters and all non-ASCII as \\u{...}."""
    text = data.decode("utf-8")  # raises if Redis ever sends invalid UTF-8 here
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o >= 0x7F:
            out.append("\\u{%x}" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def render_swift(version, info_chunks, docs_chunks, count):
    info = b"".join(info_chunks)
    docs = b"".join(docs_chunks)
    lines = [
        "// CommandCatalogData.swift -- GENERATED, DO NOT EDIT BY HAND.",
        "//",
        "// Written by scripts/gen-command-catalog.py from redis-server %s: the RESP3 replies to"
        % version,
        "// `COMMAND INFO` and `COMMAND DOCS` (every command), sent after `HELLO 3`. Regenerate with",
        "//     python3 scripts/gen-command-catalog.py",
        "// and check with `--check`; docs/command-table.md explains the catalog.",
        "//",
        "// Bytes are as the server sent them, except that commands and subcommands are sorted by",
        "// name (Redis lists them in hash-table order). One string per command, so a diff shows",
        "// which commands changed; CommandCatalog concatenates the pieces and parses them once.",
        "//   commandInfo: %d commands, %d bytes, sha1 %s" % (count, len(info), hashlib.sha1(info).hexdigest()),
        "//   commandDocs: %d commands, %d bytes, sha1 %s" % (count, len(docs), hashlib.sha1(docs).hexdigest()),
        "",
        "enum CommandCatalogData {",
        "    /// The redis-server version the data was taken from.",
        '    static let redisVersion = "%s"' % version,
        "",
        "    /// `COMMAND INFO` in RESP3: a header, then one entry per command.",
        "    static let commandInfo: [StaticString] = [",
    ]
    lines += ["        %s," % swift_literal(c) for c in info_chunks]
    lines += [
        "    ]",
        "",
        "    /// `COMMAND DOCS` in RESP3: a header, then one name and doc map per command.",
        "    static let commandDocs: [StaticString] = [",
    ]
    lines += ["        %s," % swift_literal(c) for c in docs_chunks]
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def connect(host, port, deadline):
    while True:
        try:
            return socket.create_connection((host, port), timeout=30)
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)


def fetch(sock, expected_version):
    reader = Reader(sock)
    hello = command(sock, reader, "HELLO", "3")
    fields = {hello.children[i].text: hello.children[i + 1] for i in range(0, len(hello.children), 2)}
    version = fields[b"version"].text.decode()
    if expected_version and version != expected_version:
        sys.exit("redis-server is %s, expected %s (use --expect-version to override)"
                 % (version, expected_version))
    if fields[b"modules"].children:
        sys.exit("the server has modules loaded; their commands must not enter the catalog")
    count = command(sock, reader, "COMMAND", "COUNT")
    info = command(sock, reader, "COMMAND", "INFO")
    docs = command(sock, reader, "COMMAND", "DOCS")
    return version, int(count.text), info, docs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--redis-server", default="redis-server", help="binary to start")
    ap.add_argument("--connect", metavar="HOST:PORT", help="use a running server instead")
    ap.add_argument("--expect-version", default=EXPECTED_VERSION,
                    help="required server version ('' accepts any)")
    ap.add_argument("--output", default=OUTPUT)
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file would change")
    args = ap.parse_args()

    proc = None
    workdir = None
    try:
        if args.connect:
            host, port = args.connect.rsplit(":", 1)
            sock = connect(host, int(port), time.time() + 5)
        else:
            if not shutil.which(args.redis_server):
                sys.exit("%s not found (Debian: apt-get install redis-server)" % args.redis_server)
            workdir = tempfile.mkdtemp(prefix="gen-command-catalog-")
            port = free_port()
            proc = subprocess.Popen(
                [args.redis_server, "--port", str(port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", workdir, "--daemonize", "no",
                 "--logfile", os.path.join(workdir, "redis.log")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sock = connect("127.0.0.1", port, time.time() + 10)
        with sock:
            version, count, info, docs = fetch(sock, args.expect_version)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    before = (fingerprint(info), fingerprint(docs))
    sort_info_array(info)
    sort_docs_map(docs)
    info_chunks = entry_chunks(info, pair=False)
    docs_chunks = entry_chunks(docs, pair=True)

    # Sanity: sorting only reordered nodes; both replies name the same commands, as many as
    # COMMAND COUNT says.
    if (fingerprint(info), fingerprint(docs)) != before:
        sys.exit("sorting changed the content of the replies")
    info_names = [e.children[0].text for e in info.children]
    docs_names = [docs.children[i].text for i in range(0, len(docs.children), 2)]
    if info_names != docs_names or len(set(info_names)) != count:
        sys.exit("COMMAND INFO (%d), COMMAND DOCS (%d) and COMMAND COUNT (%d) disagree"
                 % (len(info_names), len(docs_names), count))

    text = render_swift(version, info_chunks, docs_chunks, count)
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print("%s is out of date" % os.path.relpath(args.output), file=sys.stderr)
            sys.exit(1)
        print("%s is up to date (%d commands)" % (os.path.relpath(args.output), count))
        return
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s: %d commands, COMMAND INFO %d bytes, COMMAND DOCS %d bytes"
          % (os.path.relpath(args.output), count, len(b"".join(info_chunks)),
             len(b"".join(docs_chunks))))


if __name__ == "__main__":
    main()
