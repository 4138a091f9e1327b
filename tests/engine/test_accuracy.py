"""Accuracy guard on the labelled cases bundled with the repository (the sample workspace and
the workspaces under tests/data/eval), counted the way the shared evaluation counts flags.

Each floor sits a little under where the set stands now (bench/RESULTS.md has the figures and
each set's first measurement): a floor is a guard against losing ground, not a target. The
real-world set of the shared evaluation (published pages, detection only) is guarded too when the
shared folder is there (`PROOFLINE_EVAL_DIR`, default ../shared/eval beside the repository).

The figures the product is judged on come from the shared `score.py` (see bench/RESULTS.md);
this test only makes sure a change to the rules cannot silently lose what they reach today.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import proofline

ROOT = Path(__file__).resolve().parents[2]
BLOCKING = {"unsupported", "contradicted", "insufficient_proof", "expired", "forbidden"}
EVAL_DIR = Path(os.environ.get("PROOFLINE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
REALWORLD = EVAL_DIR / "realworld" / "web"
WORKSPACES = [ROOT / "examples" / "sample-workspace",
              *sorted(k.parent for k in (ROOT / "tests" / "data" / "eval").rglob("kit.yaml")),
              *([REALWORLD] if (REALWORLD / "kit.yaml").is_file() else [])]


def _name(ws_dir: Path) -> str:
    """A real-world set keeps its one workspace in `web/`: it is named by its folder."""
    return ws_dir.parent.name if ws_dir.name == "web" else ws_dir.name


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _score(ws_dir: Path) -> dict[str, Any]:
    ws = proofline.load_workspace(ws_dir)
    totals = {"gold": 0, "hit": 0, "flagged": 0, "true": 0, "nonclaim": 0}
    for case in sorted((ws_dir / "cases").glob("*.md")):
        labels = yaml.safe_load(case.with_suffix(".labels.yaml").read_text("utf-8"))
        text = case.read_text("utf-8")
        report = proofline.check(ws, case, as_of=date.fromisoformat(str(labels["as_of"])))
        must = [_span(text, c["quote"]) for c in labels.get("claims") or [] if c["verdict"] in BLOCKING]
        non = [_span(text, n["quote"]) for n in labels.get("non_claims") or []]
        flagged = [(c.start, c.end) for c in report.claims if c.blocks]
        totals["gold"] += len(must)
        totals["hit"] += sum(any(_overlaps(f, g) for f in flagged) for g in must)
        totals["flagged"] += len(flagged)
        totals["true"] += sum(any(_overlaps(f, g) for g in must) for f in flagged)
        totals["nonclaim"] += sum(any(_overlaps(f, n) for n in non) for f in flagged)
    recall = totals["hit"] / totals["gold"]
    precision = totals["true"] / totals["flagged"] if totals["flagged"] else 0.0
    return {"f1": 2 * precision * recall / (precision + recall), "nonclaim": totals["nonclaim"]}


# (lowest flag F1, most non-claims flagged) a change may reach; the default is (0.85, 0).
FLOORS = {"sample-workspace": (0.95, 0), "atelier": (0.92, 0), "usinage": (0.85, 0), "paysage": (0.93, 0),
          "cyber": (0.88, 0), "paie": (0.78, 1), "froid": (0.78, 0), "formation": (0.78, 5), "fret": (0.72, 10),
          "realworld": (0.80, 11), "realworld2": (0.72, 18), "heliade": (0.85, 1), "realworld3": (0.77, 16),
          "verane": (0.72, 2), "realworld4": (0.67, 14)}


@pytest.mark.parametrize("ws_dir", WORKSPACES, ids=_name)
def test_flags_stay_accurate_and_no_non_claim_is_flagged(ws_dir: Path) -> None:
    figures = _score(ws_dir)
    f1_floor, nonclaims = FLOORS.get(_name(ws_dir), (0.85, 0))
    assert figures["nonclaim"] <= nonclaims, figures
    assert figures["f1"] >= f1_floor, figures
