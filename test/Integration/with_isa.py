#!/usr/bin/env python3
"""Runs a test command under a oneDNN ISA cap, or reports it skipped.

  with_isa.py --cap AVX2 --bin BUILD/bin -- COMMAND [ARGS...]

Sets DNNL_MAX_CPU_ISA=CAP for COMMAND. The variable only caps downwards, so
on a host without CAP the command would silently test the host's ISA again:
then nothing runs and the exit status is 77, which ctest reports as skipped
(SKIP_RETURN_CODE), not passed.
"""
import argparse
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cap", required=True, help="a DNNL_MAX_CPU_ISA value")
    parser.add_argument("--bin", required=True, help="directory with tfm-test-dnnl-isa")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    env = dict(os.environ, DNNL_MAX_CPU_ISA=args.cap)
    probe = subprocess.run([os.path.join(args.bin, "tfm-test-dnnl-isa"), args.cap], env=env,
                           capture_output=True, text=True)
    if probe.returncode == 77:
        print(probe.stdout.strip())
        return 77
    if probe.returncode != 0:
        sys.exit(f"cannot check the host's ISA: {probe.stdout}{probe.stderr}")
    print(f"oneDNN ISA: {args.cap}", flush=True)
    return subprocess.run(command, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
