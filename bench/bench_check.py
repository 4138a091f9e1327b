"""Speed, memory and accuracy figures for `proofline check`.

    python bench/bench_check.py                      # print the figures
    python bench/bench_check.py --write              # also append them to bench/RESULTS.md
    python bench/bench_check.py --sizes 100 --runs 5 --process-runs 1 --no-accuracy   # quick

What is measured, and why:
- library speed: for N source passages (synthetic corpus, see make_corpus.py), load the workspace,
  run the first `proofline.check` (which builds the evidence index), then time
  `proofline.check_text(ws, draft, as_of=...)` on a 1,500-word draft `--runs` times: median, p95.
  Each N runs in its own child process so that its peak RSS is its own.
- process wall time: the whole `proofline check` command on each labelled eval case
  (`--process-runs` runs each, median), because users feel start-up time, not library time.
- accuracy: `score.py --json` on the eval workspaces and the bundled sample, when score.py exists.

Nothing is written into the repository unless --write is given. Any failure (engine not there
yet, a crash) is reported in the table instead of stopping the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from results import append_section  # noqa: E402

REPO = HERE.parent
AS_OF = "2026-11-22"
DEFAULT_EVAL = Path(os.environ.get("PROOFLINE_EVAL_DIR", "/work/shared/eval"))
SAMPLE = REPO / "examples" / "sample-workspace"
INDEPENDENT = REPO / "tests" / "data" / "eval"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with 20 runs, p95 is the 19th value, not an interpolation."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def child(n: int, runs: int, seed: int) -> dict[str, Any]:
    """Measure one corpus size in this process (called through --child)."""
    if str(REPO / "src") not in sys.path:
        sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(HERE))
    from make_corpus import build_draft, build_workspace

    out: dict[str, Any] = {"passages": n, "files": max(1, n // 10)}
    with tempfile.TemporaryDirectory(prefix="proofline-bench-") as tmp:
        root = Path(tmp)
        facts = build_workspace(root, n, seed=seed)
        draft = build_draft(facts, seed=seed)
        draft_path = root / "long-draft.md"
        draft_path.write_text(draft, encoding="utf-8")
        out["draft_words"] = len(draft.split())
        try:
            import proofline

            as_of = date.fromisoformat(AS_OF)
            began = time.perf_counter()
            ws = proofline.load_workspace(root)
            out["load_s"] = time.perf_counter() - began
            began = time.perf_counter()
            proofline.check(ws, draft_path, as_of=as_of)
            out["first_check_s"] = time.perf_counter() - began
            times = []
            report = None
            for _ in range(runs):
                began = time.perf_counter()
                report = proofline.check_text(ws, draft, as_of=as_of)
                times.append(time.perf_counter() - began)
            out["median_ms"] = statistics.median(times) * 1000
            out["p95_ms"] = percentile(times, 95) * 1000
            if report is not None:
                out["claims"] = len(report.claims)
                out["blocking"] = report.blocking
                out["findings"] = len(report.findings)
        except Exception as exc:  # report, do not stop: the engine may be half-built
            out["error"] = f"{type(exc).__name__}: {exc}"[:300]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return out


def measure_size(n: int, runs: int, seed: int) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(n), "--runs", str(runs),
            "--seed", str(seed)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=3600)
    try:
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    except (json.JSONDecodeError, IndexError):
        return {"passages": n, "error": f"child exit {done.returncode}: {done.stderr.strip()[-300:]}"}


def proofline_cmd() -> list[str]:
    """The installed console script if there is one, else the same entry point through Python."""
    script = Path(sys.executable).parent / "proofline"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from proofline.cli import main; sys.exit(main())"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH")) if p)
    return env


def labelled_cases(roots: list[Path]) -> list[tuple[Path, Path, str]]:
    """(workspace, case, as_of) for every case with a labels file, as score.py finds them."""
    import yaml

    found = []
    for root in roots:
        workspaces = [root] if (root / "kit.yaml").is_file() else sorted(p.parent for p in root.glob("*/kit.yaml"))
        for ws in workspaces:
            for case in sorted((ws / "cases").glob("*.md")):
                labels = case.with_suffix(".labels.yaml")
                if labels.is_file():
                    data = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
                    found.append((ws, case, str(data.get("as_of", AS_OF))))
    return found


def _valid_json(text: str) -> bool:
    """A crash also exits 1 in Python; only a parseable report makes exit 1 mean "claims block"."""
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def process_times(cases: list[tuple[Path, Path, str]], runs: int) -> list[dict[str, Any]]:
    cmd = proofline_cmd()
    env = child_env()
    rows = []
    for ws, case, as_of in cases:
        times, codes = [], set()
        argv = [*cmd, "check", str(case), "--workspace", str(ws), "--format", "json", "--as-of", as_of]
        # One untimed warm-up run (as hyperfine -w 1): after an install or a code change the first
        # run rebuilds the on-disk caches, which users pay once, not at every check.
        subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
        for _ in range(runs):
            began = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
            times.append(time.perf_counter() - began)
            codes.add(str(done.returncode) if _valid_json(done.stdout) else f"{done.returncode} (no JSON)")
        rows.append({"case": f"{ws.name}/{case.stem}", "median_s": statistics.median(times),
                     "exit": ", ".join(sorted(codes))})
    return rows


def accuracy(score: Path, roots: list[Path]) -> dict[str, Any]:
    cmd = " ".join(shlex.quote(c) for c in proofline_cmd())
    rows: dict[str, Any] = {}
    for root in roots:
        argv = [sys.executable, str(score), "--cmd", cmd, "--json", str(root)]
        done = subprocess.run(argv, capture_output=True, text=True, env=child_env(), timeout=3600)
        try:
            rows[str(root)] = json.loads(done.stdout)
        except json.JSONDecodeError:
            rows[str(root)] = {"error": (done.stderr or done.stdout).strip()[-300:]}
    return rows


def fmt(value: Any, spec: str) -> str:
    return format(value, spec) if isinstance(value, int | float) else "n/a"


def render(sizes: list[dict[str, Any]], procs: list[dict[str, Any]], acc: dict[str, Any],
           runs: int, process_runs: int) -> str:
    lines = [f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
             f"as of {AS_OF}", ""]
    lines += [f"#### Speed: check_text on a ~1,500-word draft ({runs} runs after the first check)", "",
              "| passages | files | load s | first check s | median ms | p95 ms | claims | blocking | peak RSS MB |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        lines.append(
            f"| {s['passages']:,} | {s.get('files', 'n/a')} | {fmt(s.get('load_s'), '.3f')} "
            f"| {fmt(s.get('first_check_s'), '.3f')} | {fmt(s.get('median_ms'), '.1f')} "
            f"| {fmt(s.get('p95_ms'), '.1f')} | {s.get('claims', 'n/a')} | {s.get('blocking', 'n/a')} "
            f"| {fmt(s.get('peak_rss_mb'), '.0f')} |")
    errors = [f"- {s['passages']:,} passages: {s['error']}" for s in sizes if "error" in s]
    if errors:
        lines += ["", "Errors:", *errors]
    if procs:
        medians = sorted(p["median_s"] for p in procs)
        lines += ["", f"#### Process wall time: `proofline check --format json` per eval case "
                  f"(median of {process_runs}, after one warm-up run)", "",
                  f"{len(procs)} cases: median {statistics.median(medians):.3f} s, "
                  f"max {medians[-1]:.3f} s, over 0.5 s: {sum(m > 0.5 for m in medians)}", "",
                  "| case | median s | exit |", "|---|---:|---|"]
        lines += [f"| {p['case']} | {p['median_s']:.3f} | {p['exit']} |" for p in procs]
    if acc:
        keys = ("cases", "flag_f1", "flag_precision", "flag_recall", "verdict_accuracy", "citation_accuracy",
                "non_claims_flagged", "finding_recall", "unexpected_findings_per_case")
        lines += ["", "#### Accuracy: score.py --json on each labelled set", "",
                  "| set | " + " | ".join(k.replace("_", " ") for k in keys) + " |",
                  "|---|" + "---:|" * len(keys)]
        for root, figures in acc.items():
            name = Path(root).name if Path(root).name != "dev" else "shared/eval/dev"
            if "error" in figures:
                lines.append(f"| {name} | error: {figures['error'][:120]} |")
                continue
            cells = [fmt(figures.get(k), ".3f" if isinstance(figures.get(k), float) else "") for k in keys]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000", help="source passages per corpus, comma-separated")
    ap.add_argument("--runs", type=int, default=20, help="timed check_text runs per size")
    ap.add_argument("--process-runs", type=int, default=5, help="runs of the whole command per eval case")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL,
                    help="the shared eval folder holding score.py and dev/ (env PROOFLINE_EVAL_DIR)")
    ap.add_argument("--no-accuracy", action="store_true", help="skip score.py")
    ap.add_argument("--write", action="store_true", help="append a dated section to bench/RESULTS.md")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child is not None:
        print(json.dumps(child(args.child, args.runs, args.seed)))
        return 0

    sizes = []
    for n in (int(x) for x in args.sizes.split(",") if x.strip()):
        print(f"measuring {n:,} passages...", file=sys.stderr)
        sizes.append(measure_size(n, args.runs, args.seed))
    dev = args.eval / "dev"
    procs: list[dict[str, Any]] = []
    if dev.is_dir() and args.process_runs > 0:
        print(f"timing the command on {dev}...", file=sys.stderr)
        procs = process_times(labelled_cases([dev]), args.process_runs)
    elif not dev.is_dir():
        print(f"no eval cases at {dev}: process timings skipped", file=sys.stderr)
    acc: dict[str, Any] = {}
    score = args.eval / "score.py"
    if not args.no_accuracy and score.is_file():
        print("scoring accuracy...", file=sys.stderr)
        # dev and the sample were used while building the rules; each brand under tests/data/eval
        # was labelled independently and is scored on its own, as the measure of generalisation
        acc = accuracy(score, [r for r in (dev, SAMPLE, *sorted(INDEPENDENT.glob("*/"))) if r.is_dir()])

    text = render(sizes, procs, acc, args.runs, args.process_runs)
    print(text)
    if args.write:
        append_section("", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
