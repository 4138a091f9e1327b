"""Issue 17: every database and archive tampering case, on SQLite and PostgreSQL, and whether it is caught by name.

    python bench/bench_tamper.py            # print the detection table
    python bench/bench_tamper.py --write    # also append it to bench/RESULTS.md

The cases are those of the tests (tests/workflow/tamper_cases.py): a workspace with its audit key,
one published asset (text, proof pack, files, anchors), one in review and one with a pending
override is built once per backend; each case tampers with a copy of the folder and the database,
then runs the command a user would: `proofline audit verify` (a database case: detected = exit 1
and a line naming what changed) or `proofline import` of the tampered archive into an empty folder
and database (an archive case: detected = exit 2, refused, naming it). The untouched copy must
verify and its untouched archive import and verify, or the table is void. PostgreSQL runs when it
answers at 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "src"), str(HERE), str(REPO / "tests" / "workflow")]

from results import RESULTS  # noqa: E402
from tamper_cases import CASES, backends, build, drop, pristine, run_case  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="append the table to bench/RESULTS.md")
    args = parser.parse_args()
    found = backends()
    table: dict[str, dict[str, tuple[bool, int, str, bool]]] = {c.name: {} for c in CASES}
    clean: dict[str, str] = {}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="proofline-tamper-") as tmp:
        for backend in found:
            built = build(backend, Path(tmp) / backend)
            try:
                checked, imported = pristine(built, Path(tmp) / f"{backend}-pristine")
                clean[backend] = f"verify exit {checked.code}, archive import + verify exit {imported.code}"
                if checked.code != 0 or imported.code != 0:
                    raise SystemExit(f"{backend}: the untouched copy does not pass: {checked.output}{imported.output}")
                for n, case in enumerate(CASES):
                    r = run_case(case, built, Path(tmp) / f"{backend}-{n}")
                    table[case.name][backend] = (r.detected, r.code, r.message, r.chain_alone)
                    print(f"{backend:10} {case.name:30} {'detected' if r.detected else 'MISSED'} (exit {r.code})",
                          file=sys.stderr)
            finally:
                drop(built.url)
    took = time.perf_counter() - began
    lines = ["| # | case | what was done | chain + anchors alone | " + " | ".join(found) + " |",
             "| --- | --- | --- | --- | " + " | ".join("---" for _ in found) + " |"]
    for i, case in enumerate(CASES, 1):
        cells = [f"{'detected' if table[case.name][b][0] else '**missed**'} (exit {table[case.name][b][1]})"
                 for b in found]
        alone = {table[case.name][b][3] for b in found}
        before = "caught" if alone == {True} else "missed" if alone == {False} else "differs by backend"
        lines.append(f"| {i} | `{case.name}` | {case.what} | {before} | " + " | ".join(cells) + " |")
    totals = {b: sum(table[c.name][b][0] for c in CASES) for b in found}
    out = ("*chain + anchors alone*: what `audit verify` (database cases) or `import` (archive cases) checked "
           "before rows were bound, on the same tampered copy.\n\n")
    out += "\n".join(lines) + "\n\n"
    out += "Detected: " + ", ".join(f"{b} {totals[b]}/{len(CASES)}" for b in found)
    out += f" ({took:.0f} s in all). Untouched copies: " + "; ".join(f"{b}: {clean[b]}" for b in found) + ".\n\n"
    out += "What each says (first backend; the others say the same with their own paths):\n\n"
    for case in CASES:
        out += f"- `{case.name}`: {table[case.name][found[0]][2]}\n"
    print(out)
    if args.write:  # the section of issue 17, at the end of RESULTS.md
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n## Tamper detection (issue 17)\n\nCommand: `python bench/bench_tamper.py --write` "
                     f"({date.today().isoformat()}, {platform.python_version()}, {os.cpu_count()} CPUs shared)\n\n{out}")
        print(f"appended to {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
