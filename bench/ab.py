#!/usr/bin/env python3
"""A/B timing of sluice builds on the bench schema, runs interleaved.

  python3 bench/ab.py [--rounds N] [--inc] BINARY [BINARY ...]

Runs `generate` with each binary in turn, round after round (A B A B ...),
so that a slow stretch of the machine hits every build alike; prints the
median and minimum wall time, median CPU time (user + system) and median
minor page faults of each. Wall time is taken around spawn..wait4 of the
binary itself (no shell, no polling), which makes differences of a few
milliseconds visible where bench_time.py's figures move by more from run to
run. Needs the workspace bench/generate.sh prepares (W, default
/tmp/sluice-bench): run that once first.

  --inc   the incremental case (N=1000 -> mutated N=1000) instead of
          empty -> N=1000
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=25)
    ap.add_argument("--inc", action="store_true")
    ap.add_argument("binaries", nargs="+")
    a = ap.parse_args()
    w = os.environ.get("W", "/tmp/sluice-bench")
    config = f"{w}/p/{'mut' if a.inc else 'base'}/sluice.toml"
    out = f"{w}/out/ours"
    if not os.path.exists(config) or (a.inc and not os.path.isdir(f"{w}/out/ours-base")):
        raise SystemExit(f"{w} is not prepared: run `bash bench/generate.sh` once first")
    runs = {b: [] for b in a.binaries}
    for _ in range(a.rounds):
        for b in a.binaries:
            shutil.rmtree(out, ignore_errors=True)
            if a.inc:
                shutil.copytree(f"{w}/out/ours-base", out)
            t = time.monotonic()
            p = subprocess.Popen([b, "--config", config, "generate", "--name", "bench"],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.monotonic() - t
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{b} failed (exit {os.waitstatus_to_exitcode(status)})")
            runs[b].append((wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_minflt))
    print(f"{'case: incremental' if a.inc else 'case: empty -> 1,000 tables'}, {a.rounds} rounds")
    print("| build | wall median ms | wall min ms | CPU median ms | page faults |")
    print("|---|---|---|---|---|")
    for b, v in runs.items():
        med = lambda i: statistics.median(x[i] for x in v)
        print(f"| {b} | {med(0):.1f} | {min(x[0] for x in v):.1f} | {med(1):.1f} | {med(2):.0f} |")


if __name__ == "__main__":
    main()
