"""Tamper detection of the audit log by `proofline audit verify --anchors`, measured.

    python bench/bench_audit.py                 # print the figures
    python bench/bench_audit.py --write         # also append them to bench/RESULTS.md
    python bench/bench_audit.py --trials 10     # quick

What is measured, and how:
- a copy of the sample workspace gets an audit key and a SQLite database; --assets assets are
  created, submitted and approved (some sent back for changes first), every --publish-every-th
  one is published, and so is the last: a few hundred audited actions, several publications,
  each publication appending its signed head to audit-anchors.jsonl;
- for each kind of tampering (tests/workflow/tampering.py: edit a field, delete a row, truncate
  the tail, reorder two rows, rewrite the whole chain with every hash and the stored head
  recomputed, truncate and rewrite the head), --trials times: a fresh copy of the database file,
  one tampering at a random place (seeded), then the command itself, in this process (click's
  runner, the same code as the console script): `proofline audit verify --anchors
  audit-anchors.jsonl` on that copy. Exit 1 is a detection, 0 a miss, anything else an error.
  Beside it, what the hash chain alone (the `audit verify` of before anchors) says of the copy;
- the pristine copy must verify (exit 0) every time it is checked, or the figures are void.

The last publication anchors the whole chain, so every entry is covered by an anchor: entries
written after the last anchor are protected by the chain alone (an in-place edit is caught, a
rewrite is not) until the next publication or `proofline audit anchor`.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "src"), str(HERE), str(REPO / "tests" / "workflow")]

from results import append_section  # noqa: E402
from tamper_cases import CLEAN, Clock  # noqa: E402  (the same draft and clock as the tamper suite)
from tampering import Tampering, apply  # noqa: E402  (the tests tamper the same way)


def build(root: Path, assets: int, publish_every: int) -> tuple[int, int]:
    """The workspace and its database; returns (audit entries, anchors)."""
    from proofline.store.db import open_database
    from proofline.workflow import anchors
    from proofline.workflow.services import Workflow

    shutil.copytree(REPO / "examples" / "sample-workspace", root, ignore=shutil.ignore_patterns(".proofline"))
    anchors.generate_key(root)
    db = open_database(root)
    wf = Workflow(db, root, clock=Clock())
    wf.add_user(None, "ada", ["admin"])
    wf.add_user("ada", "wendy", ["writer"])
    wf.add_user("ada", "alex", ["approver"])
    for n in range(assets):
        a = wf.create_asset("wendy", title=f"Asset {n}", kind="email", text=CLEAN)
        wf.submit("wendy", a.id)
        if n % 3 == 0:
            wf.request_changes("alex", a.id, reason=f"Round {n}: shorter, please.")
            wf.edit("wendy", a.id, CLEAN + "Écrivez-moi si vous souhaitez en parler.\n",
                    base_version=wf.asset(a.id).version)
            wf.submit("wendy", a.id)
        wf.approve("alex", a.id)
        if n % publish_every == 0 or n == assets - 1:
            wf.publish("alex", a.id)
    with db.session() as s:
        entries = anchors.current_head(s)[0]
    db.dispose()
    import sqlite3

    raw = sqlite3.connect(root / ".proofline" / "proofline.db")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file: a file copy is the database
    raw.close()
    return entries, len(anchors.read_anchors(anchors.anchors_path(root)))


def verify(root: Path, db_file: Path) -> tuple[int, float, str]:
    """`proofline audit verify --anchors` on one database file: exit status, seconds, first stderr line."""
    from click.testing import CliRunner

    from proofline.cli import cli

    os.environ["PROOFLINE_DATABASE_URL"] = f"sqlite:///{db_file}"
    began = time.perf_counter()
    result = CliRunner().invoke(cli, ["audit", "verify", "--anchors", str(root / "audit-anchors.jsonl"),
                                      "--workspace", str(root)])
    took = time.perf_counter() - began
    return result.exit_code, took, (result.stderr.splitlines() or [""])[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=int, default=60)
    ap.add_argument("--publish-every", type=int, default=8)
    ap.add_argument("--trials", type=int, default=50, help="tamperings of each kind")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--write", action="store_true", help="append a dated section to bench/RESULTS.md")
    args = ap.parse_args()
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from proofline.workflow import audit

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        root = Path(tmp) / "ws"
        began = time.perf_counter()
        entries, anchored = build(root, args.assets, args.publish_every)
        built = time.perf_counter() - began
        pristine = root / ".proofline" / "proofline.db"
        code, _took, first = verify(root, pristine)
        if code != 0:
            print(f"the untouched database does not verify ({code}): {first}", file=sys.stderr)
            return 2
        rows = []
        times: list[float] = []
        misses: list[str] = []
        for kind in Tampering:
            detected = missed = errors = chain_alone = 0
            for trial in range(args.trials):
                copy = Path(tmp) / f"copy-{kind.name}-{trial}.db"
                shutil.copyfile(pristine, copy)
                engine = create_engine(f"sqlite:///{copy}")
                what = apply(engine, kind, rng)
                with Session(engine) as session:
                    chain_alone += not audit.verify(session).ok
                engine.dispose()
                code, took, first = verify(root, copy)
                times.append(took)
                if code == 1:
                    detected += 1
                elif code == 0:
                    missed += 1
                    misses.append(f"{kind.value}: {what}")
                else:
                    errors += 1
                    misses.append(f"{kind.value}: {what}: exit {code}: {first}")
                copy.unlink()
            rows.append(f"| {kind.value} | {args.trials} | {chain_alone} | {detected} | {missed} | {errors} | "
                         f"{100 * detected / args.trials:.0f} % |")
        code, _took, first = verify(root, pristine)
        if code != 0:
            print(f"the untouched database no longer verifies ({code}): {first}", file=sys.stderr)
            return 2
    lines = [
        f"Python {platform.python_version()} on {platform.machine()}, SQLite. A copy of the sample workspace "
        f"with an audit key; {args.assets} assets created, submitted and approved (every third sent back and "
        f"edited first), {anchored} published: {entries} audit entries, {anchored} signed anchors, the last one "
        f"covering the whole chain (built in {built:.1f} s). Each trial: a fresh copy of the database, one "
        f"tampering at a random place (seed {args.seed}), then `proofline audit verify --anchors "
        "audit-anchors.jsonl`; exit 1 counts as detected. The untouched copy verifies (exit 0) before and after.",
        "",
        "| tampering | trials | caught by the chain alone | detected with the anchors | missed | errors | "
        "detection |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"`audit verify --anchors` on {entries} entries and {anchored} anchors: median "
        f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms per run (in process, "
        "database open and migration check included).",
    ]
    if misses:
        lines += ["", "Missed or failed:", *(f"- {m}" for m in misses[:20])]
    out = "\n".join(lines) + "\n"
    print(out)
    if args.write:
        append_section("Audit tamper detection (bench/bench_audit.py)", out)
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
