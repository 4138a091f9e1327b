"""The claim finder's cues (`cues.yaml`), compiled once and gated by their literals.

Rules are data: every pattern lives in `cues.yaml`; this module only compiles them, puts each
behind its literal prefilter (text/patterns.py) and keeps the result in the disk cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from proofline.model import Category
from proofline.text.patterns import Gated, LiteralScan, gate_all

# The role cues of `not_claim` in cues.yaml, by field name (each a tuple of gated patterns).
ROLE_FIELDS = ("opinion", "cta", "offer", "aspiration", "hook", "reader", "reader_subject", "advice",
               "hypothetical", "promise", "meta", "definition", "reporting", "signature", "greeting",
               "reported_view")


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
    definition: tuple[Gated, ...]
    reporting: tuple[Gated, ...]
    signature: tuple[Gated, ...]
    greeting: tuple[Gated, ...]
    reported_view: tuple[Gated, ...]
    capability: tuple[Gated, ...]
    figure_context: tuple[Gated, ...]
    structure_nouns: re.Pattern[str]
    customer_verbs: re.Pattern[str]

    def narrowed(self, text: str) -> Cues:
        """Only the cues that may match `text`: its clauses and figure windows need no other."""
        layout, scan = self._layout()
        keep = scan.present(text.casefold())
        changes: dict[str, Any] = {}
        for name, key, first, patterns in layout:
            kept = tuple(g for i, g in enumerate(patterns, first) if i in keep)
            if key is None:
                changes[name] = kept
            else:
                changes.setdefault(name, {})[key] = kept
        return replace(self, **changes)

    def _layout(self) -> tuple[list[tuple[str, Category | None, int, tuple[Gated, ...]]], LiteralScan]:
        """Each gated field (and table entry) with the index of its first pattern in one flat list,
        and the scan over that list; built once per process, never pickled with the cues."""
        found = self.__dict__.get("_layout_scan")
        if found is None:
            layout: list[tuple[str, Category | None, int, tuple[Gated, ...]]] = []
            flat: list[Gated] = []
            for name in _TABLES:
                for key, patterns in getattr(self, name).items():
                    layout.append((name, key, len(flat), patterns))
                    flat += patterns
            for name in _GATED:
                patterns = getattr(self, name)
                layout.append((name, None, len(flat), patterns))
                flat += patterns
            found = (layout, LiteralScan(flat))
            object.__setattr__(self, "_layout_scan", found)
        return found  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_layout_scan", None)
        return state


# The gated fields of Cues, by shape (narrowed field by field, without looking them up each time).
_TABLES = ("strong", "topic", "weak")
_GATED = (*ROLE_FIELDS, "capability", "figure_context")


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
