"""Drift: the claims of a variant that its master does not make (a new or changed figure, a new statement).

Made by code, not by the model: a variant keeps the master's facts or its drift is reported, on
the compose run's item and on the variant's page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from proofline.workflow.actions.recording import claim_key


@dataclass(frozen=True)
class Drift:
    """A claim of a variant that its master does not make."""

    claim: str
    reason: str

    def to_json_dict(self) -> dict[str, str]:
        return {"claim": self.claim, "reason": self.reason}


def _same_figure(a: Any, b: Any) -> bool:
    from proofline.text.quantities import same_value

    if a.kind == b.kind and a.value == b.value and a.unit == b.unit and a.high == b.high \
            and a.qualifier == b.qualifier:
        return True
    return same_value(a, b) is True and same_value(b, a) is True


def claim_drift(master_claims: Sequence[str], variant_claims: Sequence[str], lang: str | None = None) -> list[Drift]:
    """Claims of a variant that its master does not make: a new or changed figure, or a new statement.

    A claim whose normalised text is one of the master's is kept. Otherwise each of its figures
    must be one of the master's (the same value, unit and qualifier: "plus de 40" is not "47");
    a claim without figures must be close in wording to one of the master's claims.
    """
    from rapidfuzz import fuzz

    from proofline.text.quantities import find_quantities

    keys = {claim_key(c): c for c in master_claims}
    master_figures = [(c, q) for c in master_claims for q in find_quantities(c, lang)]
    out: list[Drift] = []
    for text in variant_claims:
        key = claim_key(text)
        if key in keys:
            continue
        figures = find_quantities(text, lang)
        changed = [q for q in figures if not any(_same_figure(q, m) for _c, m in master_figures)]
        if changed:
            out.append(Drift(text, "figure " + ", ".join(f"«{q.text}»" for q in changed)
                             + " is not in the master"))
            continue
        if figures:
            hosts = {c for c, m in master_figures if any(_same_figure(q, m) for q in figures)}
            if hosts and max(fuzz.token_set_ratio(key, claim_key(h)) for h in hosts) < 50:
                out.append(Drift(text, "states a figure of the master about something else"))
            continue
        if not keys or max(fuzz.token_set_ratio(key, k) for k in keys) < 80:
            out.append(Drift(text, "a claim the master does not make"))
    return out
