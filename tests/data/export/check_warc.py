#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Read a WARC file written by `netno export --format warc` with nothing but
# Python's standard library and check it against ISO 28500 (WARC/1.1):
# every record its own gzip member (unless the file is plain), the named
# fields, Content-Length, the record end, SHA-1 base32 block and payload
# digests, unique record ids, request/response pairs.  Prints one line per
# record, "TYPE TARGET-URI [HTTP-STATUS]", for the caller to compare;
# exits 1 with the problems on standard error.
import base64, hashlib, re, sys, zlib

def sha1_label(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()

def members(raw):
    """The gzip members of raw, each decompressed on its own."""
    out = []
    while raw:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out.append(d.decompress(raw) + d.flush())
        if not d.eof:
            raise ValueError("truncated gzip member")
        raw = d.unused_data
    return out

def records(data):
    """Split one or more WARC records."""
    recs = []
    while data:
        head_end = data.index(b"\r\n\r\n")
        head = data[:head_end].decode("utf-8").split("\r\n")
        if head[0] != "WARC/1.1":
            raise ValueError("bad version line %r" % head[0])
        fields = {}
        for line in head[1:]:
            name, _, value = line.partition(": ")
            if not re.fullmatch(r"[A-Za-z0-9-]+", name):
                raise ValueError("bad field line %r" % line)
            fields[name] = value
        length = int(fields["Content-Length"])
        start = head_end + 4
        block = data[start:start + length]
        if len(block) != length:
            raise ValueError("short block")
        if data[start + length:start + length + 4] != b"\r\n\r\n":
            raise ValueError("record does not end in CRLF CRLF")
        recs.append((fields, block))
        data = data[start + length + 4:]
    return recs

def main(path):
    raw = open(path, "rb").read()
    problems = []
    if raw[:2] == b"\x1f\x8b":
        recs = []
        for m in members(raw):
            r = records(m)
            if len(r) != 1:
                problems.append("a gzip member holds %d records" % len(r))
            recs += r
    else:
        recs = records(raw)
    ids = set()
    uuid_re = r"<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>"
    date_re = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    info_id = None
    for i, (f, block) in enumerate(recs):
        t = f.get("WARC-Type")
        rid = f.get("WARC-Record-ID", "")
        if not re.fullmatch(uuid_re, rid):
            problems.append("record %d: bad WARC-Record-ID %r" % (i, rid))
        if rid in ids:
            problems.append("record %d: duplicate id" % i)
        ids.add(rid)
        if not re.fullmatch(date_re, f.get("WARC-Date", "")):
            problems.append("record %d: bad WARC-Date" % i)
        if i == 0:
            if t != "warcinfo":
                problems.append("the first record is not warcinfo")
            info_id = rid
            print("warcinfo", block.decode().splitlines()[0])
            continue
        if f.get("WARC-Warcinfo-ID") != info_id:
            problems.append("record %d: WARC-Warcinfo-ID" % i)
        if f.get("WARC-Block-Digest") != sha1_label(block):
            problems.append("record %d: block digest" % i)
        uri = f.get("WARC-Target-URI", "")
        if not uri or re.search(r"[\s<>\x00-\x1f\x7f-\uffff]", uri):
            problems.append("record %d: bad target URI %r" % (i, uri))
        line = "%s %s" % (t, uri)
        if t == "request":
            if f.get("Content-Type") != "application/http; msgtype=request":
                problems.append("record %d: request content type" % i)
            nxt = recs[i + 1][0] if i + 1 < len(recs) else {}
            if (nxt.get("WARC-Type") != "response"
                    or f.get("WARC-Concurrent-To") != nxt.get("WARC-Record-ID")):
                problems.append("record %d: request without its response" % i)
            if not re.match(rb"GET /\S* HTTP/1\.1\r\nHost: \S+\r\n", block):
                problems.append("record %d: request line %r" % (i, block[:60]))
        elif t == "response":
            if f.get("Content-Type") != "application/http; msgtype=response":
                problems.append("record %d: response content type" % i)
            head, _, body = block.partition(b"\r\n\r\n")
            lines = head.decode("iso-8859-1").split("\r\n")
            m = re.fullmatch(r"HTTP/1\.1 (\d{3}) ?.*", lines[0])
            if not m:
                problems.append("record %d: status line %r" % (i, lines[0]))
                continue
            hdrs = {}
            for l in lines[1:]:
                n, _, v = l.partition(":")
                hdrs[n.lower()] = v.strip()
            if int(hdrs.get("content-length", -1)) != len(body):
                problems.append("record %d: HTTP Content-Length" % i)
            for gone in ("transfer-encoding", "content-encoding"):
                if gone in hdrs:
                    problems.append("record %d: %s kept" % (i, gone))
            if f.get("WARC-Payload-Digest") != sha1_label(body):
                problems.append("record %d: payload digest" % i)
            line += " %s %s" % (m.group(1), f.get("WARC-IP-Address", "-"))
        elif t == "resource":
            if f.get("WARC-Payload-Digest") != sha1_label(block):
                problems.append("record %d: payload digest" % i)
            line += " " + f.get("Content-Type", "?")
        else:
            problems.append("record %d: unexpected type %r" % (i, t))
        print(line)
    for p in problems:
        print("check_warc:", p, file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
