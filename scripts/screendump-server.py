#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The host's half of vbedrm's end-to-end test (tools/vbedrm/vbedrm_test.c):
# watch the guest's console log for "vbedrm-screendump NAME SPEC", take a
# screenshot through QEMU's monitor ("screendump", PPM), check it against
# SPEC and send the verdict, one line, to the guest's second serial port.
#
#   screendump-server.py LOG MONITOR_SOCKET SERIAL_SOCKET OUTDIR QEMU_PID
#
# SPEC: "pattern W H" (W x H, every pixel the test's pattern), "same NAME"
# (the pixels of screenshot NAME), "size W H", "console W H" (that size,
# and some pixel not black in the console's first lines).  Screenshots
# stay in OUTDIR as NAME.ppm.
import os
import re
import socket
import sys
import time

log_path, mon_path, ser_path, outdir, qemu_pid = sys.argv[1:6]
qemu_pid = int(qemu_pid)


def alive():
    try:
        os.kill(qemu_pid, 0)
        return True
    except OSError:
        return False


def connect(path):
    while alive():
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.05)
    sys.exit(0)


def monitor(cmd):
    """One HMP command; returns when QEMU prompts again."""
    mon.sendall((cmd + '\n').encode())
    out = b''
    while not out.rstrip().endswith(b'(qemu)') or cmd.encode() not in out:
        chunk = mon.recv(65536)
        if not chunk:
            break
        out += chunk
    return out.decode(errors='replace')


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        m = re.compile(rb'\s*(#[^\n]*\n\s*)*(\S+)').match(data, pos)
        fields.append(m.group(2))
        pos = m.end()
    if fields[0] != b'P6' or fields[3] != b'255':
        raise ValueError('not an 8-bit PPM')
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def check_pattern(w, h, pixels, want_w, want_h):
    if (w, h) != (want_w, want_h):
        return False, f'{w}x{h}, not {want_w}x{want_h}'
    red = bytes(x * 255 // (w - 1) for x in range(w))
    bad, first = 0, None
    for y in range(h):
        row = bytearray(w * 3)
        row[0::3] = red
        row[1::3] = bytes([y * 255 // (h - 1)]) * w
        row[2::3] = bytes((x ^ y) & 0xff for x in range(w))
        got = pixels[y * w * 3:(y + 1) * w * 3]
        if got == row:
            continue
        for x in range(w):
            if got[x * 3:x * 3 + 3] != row[x * 3:x * 3 + 3]:
                bad += 1
                if first is None:
                    first = (f'({x},{y}) is {got[x * 3:x * 3 + 3].hex()}, '
                             f'not {row[x * 3:x * 3 + 3].hex()}')
    if bad:
        return False, f'{bad} of {w * h} pixels differ, first {first}'
    return True, f'{w}x{h}, all {w * h} pixels match the pattern'


def verdict(name, spec):
    path = os.path.join(outdir, name + '.ppm')
    if os.path.exists(path):
        os.unlink(path)
    monitor('screendump ' + path)
    try:
        w, h, pixels = read_ppm(path)
    except (OSError, ValueError, AttributeError) as e:
        return False, f'no screenshot: {e}'
    kind, *args = spec.split()
    if kind == 'pattern':
        return check_pattern(w, h, pixels, int(args[0]), int(args[1]))
    if kind == 'same':
        try:
            ow, oh, old = read_ppm(os.path.join(outdir, args[0] + '.ppm'))
        except OSError as e:
            return False, f'no screenshot {args[0]}: {e}'
        if (w, h, pixels) == (ow, oh, old):
            return True, f'{w}x{h}, the same pixels as {args[0]}'
        return False, f'{w}x{h} differs from {args[0]} ({ow}x{oh})'
    if kind in ('size', 'console'):
        want = (int(args[0]), int(args[1]))
        if (w, h) != want:
            return False, f'{w}x{h}, not {want[0]}x{want[1]}'
        if kind == 'size':
            return True, f'{w}x{h}'
        # Text on black: some pixels lit, most not
        region = w * 64
        lit = sum(1 for i in range(0, region * 3, 3)
                  if pixels[i:i + 3] != b'\0\0\0')
        return (0 < lit < region // 4,
                f'{w}x{h}, {lit} of {region} pixels lit in the first 64 lines')
    return False, f'unknown check {spec!r}'


mon = connect(mon_path)
time.sleep(0.1)
mon.recv(65536)
ser = connect(ser_path)
seen = 0
request = re.compile(r'vbedrm-screendump (\S+) ([^\r\n]+)\r?\n')
while alive():
    try:
        with open(log_path, 'rb') as f:
            text = f.read().decode(errors='replace')
    except OSError:
        text = ''
    for m in request.finditer(text, seen):
        seen = m.end()
        ok, detail = verdict(m.group(1), m.group(2).strip())
        print(f'# host: screenshot {m.group(1)}: {"ok" if ok else "not ok"} {detail}',
              flush=True)
        ser.sendall(f'{"ok" if ok else "not ok"} {detail}\n'.encode())
    time.sleep(0.05)
