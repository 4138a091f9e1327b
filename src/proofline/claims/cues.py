"""The claim finder's cues (`cues.yaml`), compiled once and gated by their literals.

Rules are data: every pattern lives in `cues.yaml`; this module only compiles them, puts each
behind its literal prefilter (text/prefilter.py) and keeps the result in the disk cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from proofline.model import Category
from proofline.text.prefilter import Gated, gate_all, narrow

# The role cues of `not_claim` in cues.yaml, by field name (each a tuple of gated patterns).
ROLE_FIELDS = ("opinion", "cta", "offer", "aspiration", "hook", "reader", "reader_subject", "advice",
               "hypothetical", "promise", "meta", "reporting", "signature")


@dataclass(frozen=True)
class Cues:
    """The cue patterns, each behind its literal gate: searched with the folded text."""

    strong: dict[Category, tuple[Gated, ...]]
    topic: dict[Category, tuple[Gated, ...]]
    weak: dict[Category, tuple[Gated, ...]]
    opinion: tuple[Gated, ...]
    cta: tuple[Gated, ...]
    offer: tuple[Gated, ...]
    aspiration: tuple[Gated, ...]
    hook: tuple[Gated, ...]
    reader: tuple[Gated, ...]
    reader_subject: tuple[Gated, ...]
    advice: tuple[Gated, ...]
    hypothetical: tuple[Gated, ...]
    promise: tuple[Gated, ...]
    meta: tuple[Gated, ...]
    reporting: tuple[Gated, ...]
    signature: tuple[Gated, ...]
    capability: tuple[Gated, ...]
    figure_context: tuple[Gated, ...]
    structure_nouns: re.Pattern[str]
    customer_verbs: re.Pattern[str]

    def narrowed(self, text: str) -> Cues:
        """Only the cues that may match `text`: its clauses and figure windows need no other."""
        folded = text.casefold()
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dict):
                changes[f.name] = {c: narrow(g, text, folded) for c, g in value.items()}
            elif isinstance(value, tuple):
                changes[f.name] = narrow(value, text, folded)
        return replace(self, **changes)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The cues of cues.yaml, compiled and gated once per install (kept in the disk cache: parsing
    the YAML and working out each regex's literals costs more than a short check)."""
    from proofline.cache import cached, content_hash

    text = files("proofline.claims").joinpath("cues.yaml").read_text("utf-8")
    return cached("claim-cues", content_hash(text), lambda: compile_cues(text))


def compile_cues(text: str) -> Cues:
    raw: dict[str, Any] = yaml.safe_load(text)

    def comp(items: list[str] | None) -> tuple[Gated, ...]:
        return gate_all(re.compile(p, re.IGNORECASE) for p in items or [])

    def alternation(items: list[str] | None) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in items or ["(?!)"]), re.IGNORECASE)

    cats = raw["categories"]
    nc = raw["not_claim"]
    return Cues(
        strong={Category(c): comp(v.get("strong")) for c, v in cats.items()},
        topic={Category(c): comp(v.get("topic")) for c, v in cats.items()},
        weak={Category(c): comp(v.get("weak")) for c, v in cats.items()},
        **{name: comp(nc.get(name)) for name in ROLE_FIELDS},
        capability=comp(raw.get("capability_verbs")),
        figure_context=comp(raw["figure_context"]),
        structure_nouns=alternation(raw.get("structure_nouns")),
        customer_verbs=alternation(raw.get("customer_verbs")),
    )
