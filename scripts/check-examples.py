#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# make check: the C examples of README.md (```c blocks) and of the
# project's Documentation/ pages (".. code-block:: c") compile against the
# headers.  Kernel examples become the bodies of functions in one object
# built in the x86_64 tree (kbuild's single-target build, the kernel's own
# flags); user-space ones (they call syscall()) are compiled with gcc
# against the UAPI headers.  Each body may use entry_phys and buf_phys
# (phys_addr_t) or code and size (a loader's buffer), and may return an
# int.  Any warning fails.
#
#   check-examples.py TOP KSRC KOUT
import glob
import os
import re
import subprocess
import sys
import tempfile

top, ksrc, kout = sys.argv[1:4]


def blocks():
    """(where, text) for each C example."""
    readme = open(os.path.join(top, 'README.md')).read()
    for m in re.finditer(r'^```c\n(.*?)^```', readme, re.M | re.S):
        yield f'README.md:{readme.count(chr(10), 0, m.start()) + 1}', m.group(1)
    for path in sorted(glob.glob(os.path.join(top, 'Documentation', '**', '*.rst'),
                                 recursive=True)):
        lines = open(path).read().split('\n')
        for i, line in enumerate(lines):
            if line.strip() != '.. code-block:: c':
                continue
            body, j = [], i + 1
            while j < len(lines) and (not lines[j].strip() or lines[j][:1] in ' \t'):
                body.append(lines[j])
                j += 1
            text = '\n'.join(body).strip('\n')
            yield f'{os.path.relpath(path, top)}:{i + 1}', text + '\n'


kernel, user = [], []
for where, text in blocks():
    (user if 'syscall(' in text else kernel).append((where, text))

status = 0
# Kernel examples: one object in kernel/kexec_call/, removed after
src = os.path.join(ksrc, 'kernel', 'kexec_call', 'zz_doc_examples.c')
with open(src, 'w') as f:
    f.write('// SPDX-License-Identifier: GPL-2.0\n'
            '#include <linux/err.h>\n#include <linux/fwcall.h>\n'
            '#include <linux/kernel.h>\n#include <linux/kexec_call.h>\n'
            '#include <linux/printk.h>\n#include <linux/slab.h>\n\n')
    for n, (where, text) in enumerate(kernel):
        f.write(f'/* {where} */\nint doc_example_{n}(phys_addr_t entry_phys, phys_addr_t buf_phys);\n'
                f'int doc_example_{n}(phys_addr_t entry_phys, phys_addr_t buf_phys)\n{{\n'
                f'{text}\treturn 0;\n}}\n\n')
try:
    r = subprocess.run(['make', '-s', '-C', ksrc, f'O={kout}', 'ARCH=x86_64',
                        'CC=ccache gcc', 'kernel/kexec_call/zz_doc_examples.o'],
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    if r.returncode or re.search(r'warning:|error:', out):
        print(out)
        status = 1
finally:
    os.unlink(src)
    obj = os.path.join(kout, 'kernel', 'kexec_call', 'zz_doc_examples.o')
    if os.path.exists(obj):
        os.unlink(obj)

# User-space examples: gcc against the tree's UAPI headers as installed
r = subprocess.run(['make', '-s', '-C', ksrc, f'O={kout}', 'ARCH=x86_64', 'headers'],
                   capture_output=True, text=True)
if r.returncode:
    print(r.stdout + r.stderr)
    status = 1
with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as f:
    f.write('#include <linux/kexec.h>\n#include <linux/kexec_call.h>\n'
            '#include <linux/reboot.h>\n#include <stddef.h>\n'
            '#include <sys/syscall.h>\n#include <unistd.h>\n\n')
    for n, (where, text) in enumerate(user):
        f.write(f'/* {where} */\nint doc_example_{n}(const void *code, size_t size);\n'
                f'int doc_example_{n}(const void *code, size_t size)\n{{\n'
                f'{text}\treturn 0;\n}}\n\n')
    usrc = f.name
r = subprocess.run(['gcc', '-c', '-o', '/dev/null', '-Wall', '-Wextra', '-Werror',
                    '-I', os.path.join(kout, 'usr', 'include'), usrc],
                   capture_output=True, text=True)
if r.returncode:
    print(r.stdout + r.stderr)
    status = 1
os.unlink(usrc)

print(f'check: examples: {len(kernel)} kernel, {len(user)} user-space, '
      f'{"compiled" if not status else "FAILED"} '
      f'({", ".join(w for w, _ in kernel + user)})')
sys.exit(status)
