"""Start-up cost of one `proofline check` process, cold and warm, as ratios against a floor.

    python bench/bench_startup.py                      # print the table
    python bench/bench_startup.py --runs 15 --write    # and append it to bench/RESULTS.md

A command is a short process, so what users feel is the whole process: this times
`proofline check examples/sample-workspace/cases --format json` (5 drafts) from outside, next to
`python -c pass` and `python -c "import proofline"` measured in the same rounds. Each round runs
every configuration once, in turn, so a busy machine slows them alike; the table gives medians
and the ratio of each to the `python -c pass` floor, for wall time and for the CPU time (user +
system) of the process, which a machine busy with other work inflates much less. "cold" is an empty cache folder each run
(nothing on disk: workspace, voice rules, bytecode all rebuilt), "warm" reuses one folder.
`--env NAME=VALUE` adds the same two configurations with that variable set (e.g.
`PROOFLINE_REGEX_CACHE=0`), for an A/B of one cache on the same tree; `--src DIR` adds them
with another tree's `src` (e.g. a `git worktree` of the commit before a change), in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLE = REPO / "examples" / "sample-workspace"
sys.path.insert(0, str(HERE))


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, timeout=300)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


Timings = list[tuple[str, list[tuple[float, float]]]]


def measure(runs: int, extra_env: list[tuple[str, str]], other_src: list[Path]) -> Timings:
    python = sys.executable
    check = [python, "-m", "proofline", "check", str(SAMPLE / "cases"), "--workspace", str(SAMPLE),
             "--format", "json", "--as-of", "2026-11-22"]
    base = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    base.pop("PROOFLINE_WORKSPACE", None)
    configs: list[tuple[str, list[str], dict[str, str], str]] = [
        ("python -c pass (floor)", [python, "-c", "pass"], base, "none"),
        ("python -c 'import proofline'", [python, "-c", "import proofline"], base, "none"),
    ]
    variants = [("", base), *[(f", {k}={v}", {**base, k: v}) for k, v in extra_env],
                *[(f", src={src}", {**base, "PYTHONPATH": str(src)}) for src in other_src]]
    for label, env in variants:
        configs += [(f"check, cold{label}", check, env, "cold"), (f"check, warm{label}", check, env, "warm")]
    times: dict[str, list[tuple[float, float]]] = {c[0]: [] for c in configs}
    with tempfile.TemporaryDirectory(prefix="proofline-startup-") as tmp:
        warm_dirs = {c[0]: Path(tmp) / f"warm{i}" for i, c in enumerate(configs)}
        for name, argv, env, cache in configs:  # one warm-up each: fills the warm folders
            if cache == "warm":
                _run(argv, {**env, "PROOFLINE_CACHE_DIR": str(warm_dirs[name])})
        for r in range(runs):
            for i, (name, argv, env, cache) in enumerate(configs):
                folder = warm_dirs[name] if cache == "warm" else Path(tmp) / f"cold-{r}-{i}"
                times[name].append(_run(argv, {**env, "PROOFLINE_CACHE_DIR": str(folder)}))
    return [(name, times[name]) for name, *_ in configs]


def render(rows: Timings, runs: int) -> str:
    wall_floor = statistics.median(w for w, _ in rows[0][1])
    cpu_floor = statistics.median(c for _, c in rows[0][1])
    lines = [f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
             f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}, "
             f"load average {os.getloadavg()[0]:.2f} at the end; {runs} interleaved rounds.", "",
             "| process | wall median s | wall min s | wall / floor | CPU median s | CPU / floor |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, ts in rows:
        wall = statistics.median(w for w, _ in ts)
        cpu = statistics.median(c for _, c in ts)
        lines.append(f"| {name} | {wall:.3f} | {min(w for w, _ in ts):.3f} | {wall / wall_floor:.1f} "
                     f"| {cpu:.3f} | {cpu / cpu_floor:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="also time cold and warm checks with this variable set")
    ap.add_argument("--src", action="append", default=[], type=Path, metavar="DIR",
                    help="also time cold and warm checks with this tree's src folder")
    ap.add_argument("--title", default="Start-up of one check process")
    ap.add_argument("--write", action="store_true", help="append the table to bench/RESULTS.md")
    args = ap.parse_args()
    extra = [tuple(e.split("=", 1)) for e in args.env]
    text = render(measure(args.runs, [(k, v) for k, v in extra], [p.resolve() for p in args.src]), args.runs)
    print(text)
    if args.write:
        from results import append_section

        append_section(args.title, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
