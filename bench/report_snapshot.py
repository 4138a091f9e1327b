"""Write the JSON report of every bundled and eval case to a folder, or compare two such folders.

    python bench/report_snapshot.py write /tmp/before      # on the old commit
    python bench/report_snapshot.py write /tmp/after       # on the new one
    python bench/report_snapshot.py compare /tmp/before /tmp/after

A refactoring that claims "behaviour unchanged" shows it with this: every report byte-identical.
Cases are the sample workspace, `tests/data/eval/*` and the shared eval sets (`PROOFLINE_EVAL_DIR`,
default `../shared/eval`), each checked with the `as_of` of its labels.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

import yaml

import proofline

ROOT = Path(__file__).resolve().parents[1]


def _workspaces() -> list[tuple[str, Path]]:
    shared = Path(os.environ.get("PROOFLINE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
    roots = [ROOT / "examples", ROOT / "tests" / "data" / "eval", shared]
    found: list[tuple[str, Path]] = []
    for base in roots:
        if not base.is_dir():
            continue
        for kit in sorted(base.rglob("kit.yaml")):
            ws = kit.parent
            if (ws / "cases").is_dir():
                found.append((str(ws.relative_to(base.parent)).replace(os.sep, "__"), ws))
    return found


def write(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, ws_dir in _workspaces():
        ws = proofline.load_workspace(ws_dir)
        for case in sorted((ws_dir / "cases").glob("*.md")):
            labels_path = case.with_suffix(".labels.yaml")
            labels = yaml.safe_load(labels_path.read_text("utf-8")) if labels_path.is_file() else {}
            as_of = date.fromisoformat(str((labels or {}).get("as_of", "2026-11-22")))
            report = proofline.check(ws, case, as_of=as_of).to_json_dict()
            # The same case checked from another clone or worktree must compare equal.
            report["document"] = f"{name}/{case.name}"
            target = out / f"{name}__{case.stem}.json"
            target.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
            count += 1
    print(f"{count} reports written to {out}")
    return 0


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    differing = [n for n in names if not (before / n).is_file() or not (after / n).is_file()
                 or (before / n).read_bytes() != (after / n).read_bytes()]
    for n in differing:
        print(f"differs: {n}")
    print(f"{len(names) - len(differing)} of {len(names)} reports byte-identical")
    return 1 if differing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    return write(args.out) if args.cmd == "write" else compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
