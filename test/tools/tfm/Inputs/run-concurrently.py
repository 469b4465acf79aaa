#!/usr/bin/env python3
"""run-concurrently.py N OUT COMMAND...: starts N copies of COMMAND at once,
each writing its stdout to OUT.i; fails unless every copy exits with 0."""
import subprocess
import sys

count, out, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
processes = [subprocess.Popen(command, stdout=open(f"{out}.{i}", "wb")) for i in range(count)]
codes = [p.wait() for p in processes]
if any(codes):
    sys.exit(f"exit codes {codes}")
