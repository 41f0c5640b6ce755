#!/usr/bin/env python3
"""Per-instruction callgrind counts of JIT-compiled code, next to its disassembly.

Usage:
  mkdir /tmp/code
  VM_JIT_CODE_DIR=/tmp/code valgrind --tool=callgrind --dump-instr=yes \
      --callgrind-out-file=/tmp/cg.out target/release/vm --jit prog.lua
  tools/cgjit.py /tmp/cg.out /tmp/code [min_count]

Each compiled function's code is in /tmp/code/ADDR.bin (written by the tier, see
docs/jit.md). Prints, per function with counted instructions, its total and every instruction
with its count (only instructions executed at least min_count times, default 1).
"""
import os
import re
import subprocess
import sys


def counts(path):
    """Self cost per instruction address (the first event, Ir)."""
    cost = {}
    addr = 0
    skip = False
    npos = 1
    for line in open(path):
        if line.startswith("positions:"):
            npos = len(line.split()) - 1
            continue
        if line.startswith("calls="):
            skip = True  # the next cost line is the call's inclusive cost
            continue
        c = line[0]
        if not (c.isdigit() or c in "+-*" or line.startswith("0x")):
            continue
        parts = line.split()
        pos = parts[0]
        if pos.startswith("0x"):
            addr = int(pos, 16)
        elif pos.startswith("+"):
            addr += int(pos[1:], 16 if pos[1:].startswith("0x") else 10)
        elif pos.startswith("-"):
            addr -= int(pos[1:], 16 if pos[1:].startswith("0x") else 10)
        elif pos == "*":
            pass
        else:
            addr = int(pos)
        if skip:
            skip = False
            continue
        if len(parts) > npos:
            cost[addr] = cost.get(addr, 0) + int(parts[npos])
    return cost


def main():
    cg, code_dir = sys.argv[1], sys.argv[2]
    least = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    cost = counts(cg)
    funcs = []
    for name in os.listdir(code_dir):
        m = re.fullmatch(r"([0-9a-f]+)\.bin", name)
        if not m:
            continue
        start = int(m.group(1), 16)
        size = os.path.getsize(os.path.join(code_dir, name))
        total = sum(v for a, v in cost.items() if start <= a < start + size)
        funcs.append((total, start, name))
    for total, start, name in sorted(funcs, reverse=True):
        if total == 0:
            continue
        print(f"==== {name}: {total} instructions executed")
        out = subprocess.run(
            ["objdump", "-D", "-b", "binary", "-mi386:x86-64", f"--adjust-vma={start:#x}",
             os.path.join(code_dir, name)],
            capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = re.match(r"\s*([0-9a-f]+):\s*(?:[0-9a-f]{2} )+\s*(.*)", line)
            if not m:
                continue
            a = int(m.group(1), 16)
            n = cost.get(a, 0)
            if n >= least:
                print(f"{n:>12} {a:x}  {m.group(2)}")


if __name__ == "__main__":
    main()
