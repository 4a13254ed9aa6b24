#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# kjump-resume against crafted images, on the build host: each bad header,
# size, ELF header or note must be refused with its message and exit 1,
# never a crash.  Usage: kjump_images_test.py KJUMP-RESUME DIR.  Prints
# KTAP; exit 0 when every case passed.

import os
import struct
import subprocess
import sys

PAGE = 4096
ELF_OFFSET = 1 << 20
MAGIC = b"KJUMPIMG"
VERSION = 2
# struct kjump_image_hdr: magic, version, hdr_size, elf_size, table_offset,
# nr_pages, entry, build_id[65], osrelease[65], pad[6], skip[4][2],
# elf_csum, table_csum, hdr_csum
HDR = struct.Struct("<8sII4Q65s65s6s8Q3Q")


def fnv(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xffffffffffffffff
    return h


def elf(phdrs, phoff=64, phnum=None):
    """An x86_64 ELF core header and its program headers."""
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    n = len(phdrs) if phnum is None else phnum
    eh = ident + struct.pack("<HHIQQQIHHHHHH", 4, 62, 1, 0, phoff, 0, 0,
                             64, 56, n, 0, 0, 0)
    return eh + b"".join(struct.pack("<IIQQQQQQ", *p) for p in phdrs)


def image(path, elf_bytes, data=b"", pages=None, entry=0x1000, table=None,
          elf_size=None, table_offset=None, hdr_csum=None, size=None,
          elf_csum=None):
    """Write a device image: header, ELF at 1 MiB, checksum table."""
    body = elf_bytes + data
    elf_size = len(body) if elf_size is None else elf_size
    if table_offset is None:
        table_offset = (ELF_OFFSET + elf_size + PAGE - 1) // PAGE * PAGE
    if table is None:
        table = b""
    if pages is None:
        pages = len(table) // 8
    fields = [MAGIC, VERSION, HDR.size, elf_size, table_offset, pages, entry,
              b"0" * 40, b"6.12.0", b"", 0, 0, 0, 0, 0, 0, 0, 0,
              fnv(elf_bytes) if elf_csum is None else elf_csum, fnv(table), 0]
    h = HDR.pack(*fields)
    fields[-1] = fnv(h) if hdr_csum is None else hdr_csum
    h = HDR.pack(*fields)
    with open(path, "wb") as f:
        f.write(h)
        f.seek(ELF_OFFSET)
        f.write(body)
        f.seek(table_offset)
        f.write(table)
        if size is not None:
            f.truncate(size)


def main():
    resume, d = sys.argv[1], sys.argv[2]
    os.makedirs(d, exist_ok=True)
    page = bytes(range(256)) * 16
    load = (1, 7, 0, 0, 0x100000, 0, PAGE, PAGE)
    good = elf([load])
    off = len(good)
    load = (1, 7, off, 0, 0x100000, 0, PAGE, PAGE)
    good = elf([load])
    table = struct.pack("<Q", fnv(page))
    bad_note = elf([(4, 0, len(elf([(4, 0, 0, 0, 0, 0, 32, 0), load])), 0, 0,
                     0, 32, 0), load])
    note = struct.pack("<III", 11, 0xffffffff, 0) + b"VMCOREINFO\0\0"
    cases = [
        ("no_header", lambda p: open(p, "wb").close(), "no hibernation image"),
        ("header_checksum", lambda p: image(p, good, page, table=table,
                                            hdr_csum=1), "corrupted"),
        ("page_count_huge", lambda p: image(p, good, page, table=table,
                                            pages=1 << 60),
         "sizes that do not agree"),
        ("table_inside_elf", lambda p: image(p, good, page, table=table,
                                             table_offset=ELF_OFFSET),
         "sizes that do not agree"),
        ("truncated", lambda p: image(p, good, page, table=table,
                                      size=ELF_OFFSET + 100), "truncated"),
        ("snapshot", lambda p: image(p, good, page, table=table, entry=0),
         "a snapshot"),
        ("phoff_wild", lambda p: image(p, elf([load], phoff=1 << 62), page,
                                       table=table), "no x86_64 ELF core"),
        ("phnum_xnum", lambda p: image(p, elf([load], phnum=0xffff), page,
                                       table=table), "no x86_64 ELF core"),
        ("note_size_wraps", lambda p: image(p, bad_note, note + page,
                                            table=table), "refused"),
        ("elf_checksum", lambda p: image(p, good, page, table=table,
                                         elf_csum=1),
         "program headers' checksum does not match"),
        ("headers_past_end", lambda p: image(p, good, page, table=table,
                                             elf_size=len(good)),
         "do not agree with the header"),
    ]
    print("KTAP version 1")
    print("1..%d" % len(cases))
    failed = 0
    for i, (name, make, want) in enumerate(cases, 1):
        path = os.path.join(d, name + ".img")
        make(path)
        r = subprocess.run([resume, path], capture_output=True, text=True,
                           timeout=60)
        ok = r.returncode == 1 and want in r.stderr
        failed += not ok
        print("%sok %d %s # exit %d: %s" % ("" if ok else "not ", i, name,
                                            r.returncode,
                                            r.stderr.strip()[:120]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
