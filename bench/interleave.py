#!/usr/bin/env python3
"""Times whole processes, interleaved: run 1 of every command, then run 2 of every
command, and so on, so that a machine that slows down or speeds up during the benchmark
(shared, noisy VMs) affects every command alike. hyperfine times one command's runs
after the other's, and the command timed first paid for the slow start of the run
(bench/sign.sh once measured 0.82 with hyperfine where the interleaved figure was 1.06).

Usage: interleave.py RUNS WARMUP NAME=COMMAND NAME=COMMAND...
Each command is split like a shell would (no pipes or redirections) and spawned
directly, stdout and stderr to /dev/null; a non-zero exit stops the benchmark.
Prints one JSON object: for each name its median, mean, standard deviation and
minimum in seconds, and the number of runs.
"""
import json
import os
import shlex
import statistics
import sys
import time


def spawn_and_wait(argv, devnull):
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                        (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"interleave.py: {shlex.join(argv)} failed ({os.waitstatus_to_exitcode(status)})")
    return elapsed


def main():
    runs, warmup = int(sys.argv[1]), int(sys.argv[2])
    commands = [arg.split("=", 1) for arg in sys.argv[3:]]
    if runs < 1 or not commands or any(len(c) != 2 for c in commands):
        sys.exit(__doc__)
    argvs = [shlex.split(command) for _, command in commands]
    devnull = os.open(os.devnull, os.O_WRONLY)
    times = [[] for _ in argvs]
    for i in range(warmup + runs):
        for k, argv in enumerate(argvs):
            elapsed = spawn_and_wait(argv, devnull)
            if i >= warmup:
                times[k].append(elapsed)
    report = {}
    for (name, _), t in zip(commands, times):
        report[name] = {
            "median": statistics.median(t),
            "mean": statistics.mean(t),
            "stddev": statistics.stdev(t) if len(t) > 1 else 0.0,
            "min": min(t),
            "runs": len(t),
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
