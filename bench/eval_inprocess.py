"""Score the checker in one process with the shared scorer's own rules (fast iteration).

    python bench/eval_inprocess.py ../shared/eval/dev [--verbose] [--case NAME]

The official figures come from `python ../shared/eval/score.py --cmd proofline ../shared/eval/dev`;
this script imports that scorer's `score_case` so both count the same way, but calls the library
instead of starting one process per case.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import yaml

import proofline


def _scorer(eval_root: Path):  # type: ignore[no-untyped-def]
    path = eval_root.parent / "score.py"
    if not path.is_file():
        import os

        path = Path(os.environ.get("PROOFLINE_EVAL_DIR", "/work/shared/eval")) / "score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--case", default=None)
    ap.add_argument("--show", action="store_true", help="print each claim with its verdict")
    args = ap.parse_args()
    score = _scorer(args.root.resolve())
    totals: dict[str, float] = {}
    cases = 0
    for ws_dir in score.workspaces([args.root]):
        ws = proofline.load_workspace(ws_dir)
        for case in sorted((ws_dir / "cases").glob("*.md")):
            if args.case and args.case not in case.name:
                continue
            labels = yaml.safe_load(case.with_suffix(".labels.yaml").read_text("utf-8")) or {}
            text = case.read_text("utf-8")
            as_of = date.fromisoformat(str(labels.get("as_of", "2026-11-22")))
            report = proofline.check(ws, case, as_of=as_of).to_json_dict()
            s = score.score_case(text, labels, report, str(case))
            cases += 1
            for k, v in s.items():
                totals[k] = totals.get(k, 0) + v
            if args.verbose:
                print(f"{case.name}: flags {s['flag_hit']}/{s['gold_flag']} hit, "
                      f"{s['pred_flag'] - s['pred_flag_true']} false; verdicts {s['verdict_right']}/{s['matched']} "
                      f"of {s['gold_claims']}; cites {s['cite_right']}/{s['cite_total']}; findings "
                      f"{s['finding_hit']}/{s['gold_findings']}, {s['unexpected_findings']} unexpected")
            if args.show:
                gold = {c["quote"]: c for c in labels.get("claims") or []}
                for c in report["claims"]:
                    g = next((g for q, g in gold.items() if text.find(q) < c["end"] and text.find(q) + len(q) > c["start"]), None)
                    mark = "  " if g and g["verdict"] == c["verdict"] else "XX"
                    ev = c["evidence"][0]["source"] if c["evidence"] else "-"
                    print(f"  {mark} [{c['verdict']}/{c['category']} {ev}] {c['text'][:90]!r}"
                          + (f"  (gold {g['verdict']}/{g['category']} {g.get('source','')})" if g else "  (gold: none)"))
                    if mark == "XX":
                        print(f"       {c['message'][:160]}")
                for q, g in gold.items():
                    st = text.find(q)
                    if not any(c["start"] < st + len(q) and c["end"] > st for c in report["claims"]):
                        print(f"  MISSED [{g['verdict']}/{g['category']}] {q[:90]!r}")
    r = lambda a, b: a / b if b else 0.0  # noqa: E731
    recall = r(totals["flag_hit"], totals["gold_flag"])
    precision = r(totals["pred_flag_true"], totals["pred_flag"])
    summary = {
        "cases": cases,
        "flag_recall": round(recall, 3), "flag_precision": round(precision, 3),
        "flag_f1": round(r(2 * precision * recall, precision + recall), 3),
        "claim_coverage": round(r(totals["matched"], totals["gold_claims"]), 3),
        "verdict_accuracy": round(r(totals["verdict_right"], totals["matched"]), 3),
        "citation_accuracy": round(r(totals["cite_right"], totals["cite_total"]), 3),
        "finding_recall": round(r(totals["finding_hit"], totals["gold_findings"]), 3),
        "unexpected_findings_per_case": round(r(totals["unexpected_findings"], cases), 2),
        "non_claims_flagged": int(totals["nonclaim_flagged"]),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
