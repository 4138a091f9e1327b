"""An example voice check type plugin: `type: shout`, words in capitals (docs/voice.md, "Adding a check type")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.hookspecs import hookimpl
from proofline.voice.engine import Context, Hit, Rule, RuleSpec, render


@dataclass(frozen=True, kw_only=True)
class Shout(Rule):
    type: ClassVar[str] = "shout"
    keys: ClassVar[frozenset[str]] = frozenset({"min_length"})
    min_length: int = 4

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        n = spec.data.get("min_length", 4)
        if not isinstance(n, int) or n < 2:
            raise spec.error("'min_length' must be a whole number of at least 2")
        return cls(min_length=n, **spec.common)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        for a, b in ctx.regions(self.scope):
            for s, e in ctx.words_between(a, b):
                word = ctx.prose[s:e]
                if len(word) >= self.min_length and word.isupper():
                    yield Hit(s, e, render(self.message, match=word), word.capitalize())


@hookimpl
def register_voice_checks(register: Callable[[type[Rule]], None]) -> None:
    register(Shout)
