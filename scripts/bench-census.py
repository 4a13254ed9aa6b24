# SPDX-License-Identifier: GPL-2.0
#
# make bench's census, run inside gdb against QEMU's gdb stub (-icount boot
# of scripts/bench.sh in "costs" mode, kexec_call.bench_calls small):
#
#   gdb -batch -x scripts/bench-census.py vmlinux  (env CENSUS_PORT, CENSUS_OUT)
#
# Steps through one bare mode switch (machine_kexec_call_floor(), its
# second sample) and one null call (kexec_call_bench_call(), the second
# sample of the null series) an instruction at a time, from the function's
# first instruction to its return, and records each instruction executed:
# its address, its code segment (KEXEC_CALL_CS32, __KERNEL32_CS, is 32-bit
# code, anything else 64-bit) and its bytes.  Then decodes them with objdump
# and writes CENSUS_OUT: "INSN <path> <where> <mnemonic and operands>" per
# instruction executed and "CENSUS <path> <class> <count>" per class of the
# privileged and serializing instructions, which scripts/bench.sh tabulates.
import os
import subprocess
import tempfile

import gdb

KERNEL32_CS = 0x08
PORT = os.environ.get("CENSUS_PORT", "1234")
OUT = os.environ["CENSUS_OUT"]

# (class, serializing on hardware, test on "mnemonic operands")
CLASSES = [
    ("mov to CR0/CR3/CR4", True, lambda m, o: m == "mov" and o.endswith(("%cr0", "%cr3", "%cr4"))),
    ("mov to CR8 (TPR)", False, lambda m, o: m == "mov" and o.endswith("%cr8")),
    ("mov from CRn", False, lambda m, o: m == "mov" and "%cr" in o.split(",")[0]),
    ("mov to DRn", True, lambda m, o: m == "mov" and o.endswith(tuple("%%db%d" % i for i in range(8)))),
    ("mov from DRn", False, lambda m, o: m == "mov" and "%db" in o.split(",")[0]),
    ("wrmsr", True, lambda m, o: m == "wrmsr"),
    ("rdmsr", False, lambda m, o: m == "rdmsr"),
    ("lgdt/lidt/lldt/ltr", True, lambda m, o: m in ("lgdt", "lidt", "lldt", "ltr")),
    ("sgdt/sidt/sldt", False, lambda m, o: m in ("sgdt", "sidt", "sldt")),
    ("iret", True, lambda m, o: m.startswith("iret")),
    ("far return/jump/call", False, lambda m, o: m.startswith(("lret", "ljmp", "lcall"))),
    ("segment register load", False, lambda m, o: m == "mov" and o.endswith(("%ds", "%es", "%ss", "%fs", "%gs"))),
    ("cpuid", True, lambda m, o: m == "cpuid"),
    ("xsave/xrstor/xsetbv", False, lambda m, o: m.startswith(("xsave", "xrstor", "fxsave", "fxrstor", "xsetbv"))),
    ("cli/sti/popf", False, lambda m, o: m in ("cli", "sti") or m.startswith("popf")),
    ("rdtsc", False, lambda m, o: m.startswith("rdtsc")),
    ("lock-prefixed", False, lambda m, o: m == "lock"),
]


def trace(addr, skip):
    """Instructions of the call of the function at @addr after @skip calls."""
    gdb.execute("hbreak *0x%x" % addr)
    for _ in range(skip + 1):
        gdb.execute("continue")
    gdb.execute("delete")
    rsp = int(gdb.parse_and_eval("$rsp"))
    ret = int(gdb.parse_and_eval("*(unsigned long *)$rsp"))
    inf = gdb.selected_inferior()
    steps = []
    while len(steps) < 100000:
        pc = int(gdb.parse_and_eval("$pc"))
        if pc == ret and int(gdb.parse_and_eval("$rsp")) == rsp + 8:
            return steps
        cs = int(gdb.parse_and_eval("$cs"))
        steps.append((pc, cs, bytes(inf.read_memory(pc, 16))))
        gdb.execute("stepi", to_string=True)
    raise gdb.GdbError("census: no return from 0x%x" % addr)


def decode(code, bits):
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary",
                              "-m", "i386" if bits == 32 else "i386:x86-64",
                              "--no-show-raw-insn", "--stop-address=1", f.name],
                             capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.strip().startswith("0:"):
            return " ".join(line.split(":", 1)[1].split())
    return "(bad)"


def where(pc):
    if pc < 1 << 32:
        return "trampoline"
    sym = gdb.execute("info symbol 0x%x" % pc, to_string=True).split()
    return sym[0] if sym and sym[0] != "No" else "?"


def classify(insn):
    parts = insn.split(None, 1)
    m, o = parts[0], parts[1] if len(parts) > 1 else ""
    for name, _, test in CLASSES:
        if test(m, o):
            return name
    return None


def main():
    gdb.execute("set pagination off")
    gdb.execute("set confirm off")
    gdb.execute("target remote :" + PORT)
    floor = int(gdb.parse_and_eval("(unsigned long)&machine_kexec_call_floor"))
    call = int(gdb.parse_and_eval("(unsigned long)&kexec_call_bench_call"))
    # Samples 2: the floor after one sample, the null call after the two
    # warm-up calls (floor's and null's) and one sample
    paths = [("floor", trace(floor, 1)), ("null", trace(call, 2))]
    gdb.execute("kill")

    cache = {}
    with open(OUT, "w") as out:
        for path, steps in paths:
            counts = {}
            for pc, cs, code in steps:
                bits = 32 if cs == KERNEL32_CS else 64
                key = (code, bits)
                if key not in cache:
                    cache[key] = decode(code, bits)
                insn = cache[key]
                out.write("INSN %s %s %s\n" % (path, where(pc), insn))
                c = classify(insn)
                if c:
                    counts[c] = counts.get(c, 0) + 1
            out.write("CENSUS %s total %d\n" % (path, len(steps)))
            for name, serial, _ in CLASSES:
                out.write("CENSUS %s %s|%s %d\n" % (path, name, "yes" if serial else "no",
                                                   counts.get(name, 0)))


main()
