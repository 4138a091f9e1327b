"""Golden cases of the figure parser, kept next to the language data: text/lang/<lang>/quantities_golden.yaml.

Each case is a sentence and every figure the parser must read in it, in order; the file says why
each case is there. A change of reading shows here as a failing case, with the whole figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from proofline.text import lang as lang_data
from proofline.text.quantities import Quantity, QuantityKind, find_quantities

LANG_DIR = Path(lang_data.__file__).parent


def _cases() -> list[Any]:
    found = []
    for code in lang_data.LANGUAGES:
        for i, case in enumerate(yaml.safe_load((LANG_DIR / code / "quantities_golden.yaml").read_text("utf-8"))):
            found.append(pytest.param(code, case, id=f"{code}-{i}"))
    return found


def _as_written(q: Quantity) -> dict[str, Any]:
    """A figure in the file's terms: only the fields that apply."""
    d: dict[str, Any] = {"kind": str(q.kind), "text": q.text}
    optional = {"value": q.value, "unit": q.unit, "high": q.high, "qualifier": q.qualifier,
                "approximate": q.approximate or None, "extra": dict(q.extra) or None}
    d.update({k: v for k, v in optional.items() if v is not None})
    return d


@pytest.mark.parametrize(("code", "case"), _cases())
def test_golden_case(code: str, case: dict[str, Any]) -> None:
    found = [_as_written(q) for q in find_quantities(case["text"], code)]
    want = case["figures"]
    assert [f["kind"] for f in found] == [f["kind"] for f in want], case["text"]
    for got, expected in zip(found, want, strict=True):
        for key in ("value", "high"):
            if key in expected:
                expected = {**expected, key: pytest.approx(expected[key])}
        assert got == expected, case["text"]


def test_golden_files_cover_every_kind_and_say_why() -> None:
    cases = [p.values[1] for p in _cases()]
    kinds = {f["kind"] for case in cases for f in case["figures"]}
    assert kinds >= {str(k) for k in QuantityKind}
    assert all(case.get("why") for case in cases)
