"""The workspace as the checker sees it: kit, sources, attestations (see workspace-format.md).

The kit is a pydantic model with `extra="forbid"`: a key the program does not know is an error
that names it, because a typo must never be silently ignored. Sources and attestations are plain
frozen dataclasses: they are built once by the loader and read many times by the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from proofline.model import Category, Severity, SourceType

Lang = Literal["fr", "en"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Voice(_Strict):
    address: Literal["vous", "tu"] | None = None
    max_sentence_words: int | None = Field(default=None, ge=1)
    reading_level: Literal["simple", "standard", "expert"] | None = None
    exclamation: Literal["allow", "avoid"] = "allow"
    tone: str | None = None
    style_packs: dict[str, bool] | None = None  # built-in packs switched on/off per kit (issue 3)


class Term(_Strict):
    use: str
    not_: list[str] = Field(alias="not")
    lang: Lang | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Banned(_Strict):
    phrases: list[str]
    reason: str | None = None
    lang: Lang | None = None


class ForbiddenClaim(_Strict):
    id: str
    say: str | None = None
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _compile(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"bad regular expression {p!r}: {exc}") from exc
        return patterns

    def compiled(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.patterns]


class Channel(_Strict):
    max_chars: int | None = Field(default=None, ge=1)
    max_words: int | None = Field(default=None, ge=1)
    max_hashtags: int | None = Field(default=None, ge=0)
    subject_max_chars: int | None = Field(default=None, ge=1)


class Gate(_Strict):
    """What stops approval and publication besides blocking claims (issue 11)."""

    # Voice findings at or above this severity block; channel limits always block.
    block_findings: Severity = Severity.ERROR


class Audience(_Strict):
    id: str
    name: str
    lang: Lang | None = None
    pains: list[str] = []


class Kit(_Strict):
    kit: Literal[1]
    brand: str
    languages: list[Lang] = ["fr"]
    voice: Voice = Field(default_factory=Voice)
    terminology: list[Term] = []
    banned: list[Banned] = []
    forbidden_claims: list[ForbiddenClaim] = []
    proof: dict[Category, list[SourceType]] = {}
    channels: dict[str, Channel] = {}
    audiences: list[Audience] = []
    gate: Gate = Field(default_factory=Gate)

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "fr"

    def accepts(self, category: Category, source_type: SourceType) -> bool:
        """Whether a source of this type can back a claim of this category.

        A kit that says nothing of third-party statements accepts the studies they come from.
        """
        if category is Category.THIRD_PARTY and category not in self.proof:
            return source_type in DEFAULT_THIRD_PARTY_PROOF
        return source_type in self.proof.get(category, [])


# What backs a third-party statement when the kit's proof table does not say.
DEFAULT_THIRD_PARTY_PROOF = (SourceType.EXTERNAL_STUDY, SourceType.STUDY)

@dataclass(frozen=True)
class Source:
    """A validated document; `text` is its body (after any front matter), offsets refer to it."""

    id: str
    title: str
    type: SourceType
    text: str
    path: Path
    lang: str | None = None
    validated_by: str | None = None
    validated_on: date | None = None
    valid_until: date | None = None
    content_hash: str = ""
    reference: str | None = None  # for an external study: publisher, title, year, address

    def valid_on(self, as_of: date) -> bool:
        return self.valid_until is None or self.valid_until >= as_of


@dataclass(frozen=True)
class Attestation:
    """A claim an internal expert validated without a document."""

    id: str
    claim: str
    category: Category
    expert: str
    validated_on: date | None = None
    valid_until: date | None = None
    line: int = 0

    def valid_on(self, as_of: date) -> bool:
        return self.valid_until is None or self.valid_until >= as_of


@dataclass(frozen=True)
class Problem:
    """Something wrong in the workspace, said so that a marketer can fix it."""

    file: str
    message: str
    line: int | None = None
    key: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.message}"


@dataclass
class Workspace:
    root: Path
    kit: Kit
    sources: list[Source] = field(default_factory=list)
    attestations: list[Attestation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings: skipped sources and the like

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


class WorkspaceError(Exception):
    """The workspace cannot be used; every problem found is listed, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
