"""What every check type of the voice checker shares, in the spirit of Vale: rules are data, checks are code.

A check type is one module of `voice/checks/` (as Vale's `internal/check/existence.go`): a `Rule`
subclass that declares its YAML `keys`, validates and builds itself from them (`build`) and runs
(`hits`). Kit rules, built-in packs and imported Vale styles are all instances of these classes,
built by `rule_from_dict`, which reads the keys every rule has and hands the rest to the check type
the registry names (`voice.checks.check_types`, filled through the `register_voice_checks` hook),
so a team writes its own pack in YAML without touching Python, and a plugin adds a check type
without touching this module (docs/voice.md, "Adding a check type").

Checks read the draft through `Context` (voice/context.py), re-exported here with the helpers
they share (message templates, Vale tokens, exceptions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from proofline.model import Severity
from proofline.text.patterns import phrase_regex
from proofline.voice.context import PARAGRAPH_KINDS, SCOPES, WORD, Context

__all__ = [
    "PARAGRAPH_KINDS", "SCOPES", "WORD", "BilingualRule", "Context", "Hit", "Rule", "RuleError", "RuleSet",
    "RuleSpec", "compile_regex", "exception_spans", "inside", "match_case", "render", "rule_from_dict",
    "token_regex", "wrap_token",
]


class RuleError(ValueError):
    """A rule definition cannot be used; the message names the rule and the key."""


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    message: str
    fix: str | None = None
    safe: bool | None = None  # None: the rule's `safe_fix` decides


# --------------------------------------------------------------------------- the base of every check


COMMON_KEYS = frozenset({"id", "type", "extends", "severity", "level", "message", "family", "scope", "lang",
                         "link", "description", "safe_fix", "ignorecase", "nonword", "folded"})
"""The YAML keys every rule may have, whatever its check type (the type adds its `keys`)."""


@dataclass(frozen=True, kw_only=True)
class Rule:
    """What every check type shares: identity, severity, message template, scope, language."""

    type: ClassVar[str] = "rule"
    keys: ClassVar[frozenset[str]] = frozenset()  # the YAML keys of this check type, besides COMMON_KEYS
    id: str
    severity: Severity = Severity.WARNING
    message: str = ""
    family: str | None = None
    scope: tuple[str, ...] = ("text",)
    lang: str | None = None
    safe_fix: bool = False
    priority: int = 2  # 0 kit, 1 extra styles, 2 built-in packs: decides which of two overlapping lexical hits stays
    link: str | None = None
    folded: bool = False  # matched on the matching view: hidden and look-alike characters cannot evade it

    lexical: ClassVar[bool] = False

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        """The rule one YAML mapping describes; a check type with keys of its own reads them here
        and raises `spec.error(...)` for a bad value."""
        return cls(**spec.common)

    def applies_to(self, language: str) -> bool:
        return self.lang is None or self.lang == language

    def hits(self, ctx: Context) -> Iterator[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class BilingualRule(Rule):
    """A check whose message has a French version of its own (`message_fr`) for French drafts."""

    keys: ClassVar[frozenset[str]] = frozenset({"message_fr"})
    message_fr: str = ""

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        return cls(message_fr=str(spec.data.get("message_fr") or ""), **spec.common)

    def template(self, ctx: Context) -> str:
        return self.message_fr if ctx.language == "fr" and self.message_fr else self.message


# --------------------------------------------------------------------------- helpers the checks share


def match_case(found: str, replacement: str) -> str:
    """Give a replacement the capitalisation of the text it replaces."""
    if not replacement or not found:
        return replacement
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if found[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


_FIELD = re.compile(r"\{(\w+)\}")


def render(template: str, **values: object) -> str:
    """Fill `{name}` fields that we know; leave any other brace text as written."""
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def exception_spans(ctx: Context, pattern: re.Pattern[str] | None, region: tuple[int, int]) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [(s, e) for s, e, _ in ctx.finditer(pattern, region)]


def inside(span: tuple[int, int], holes: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in holes)


def wrap_token(token: str) -> str:
    """Vale tokens may start with a global inline flag; Python wants it scoped when combined."""
    m = re.match(r"^\(\?([aiLmsux]+)\)", token)
    if m:
        return f"(?{m.group(1)}:{token[m.end():]})"
    return f"(?:{token})"


def token_regex(tokens: Iterable[str], *, nonword: bool = False) -> str:
    """Vale's existence semantics: tokens are regexes, wrapped in word boundaries unless nonword."""
    body = "|".join(wrap_token(t) for t in tokens if t)
    if not body:
        return r"(?!x)x"
    return f"(?:{body})" if nonword else rf"\b(?:{body})\b"


def compile_regex(pattern: str, *, ignorecase: bool, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE if ignorecase else 0)
    except re.error as exc:
        raise RuleError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc


# --------------------------------------------------------------------------- rules from data

_LITERAL = re.compile(r"[^\W_]+(?:['’ \-][^\W_]+)*")
"""A Vale token that is plain words: matched with a PhraseMatcher rather than a regex (much faster).
A hyphen and a space are then interchangeable ("e-mail" also finds "e mail")."""


def _phrase_or_regex(item: str) -> tuple[str, bool]:
    """Literal phrases are written plainly; a regex is written between slashes: /colou?r/."""
    if len(item) > 2 and item.startswith("/") and item.endswith("/"):
        return item[1:-1], True
    return item, False


@dataclass(frozen=True)
class RuleSpec:
    """One rule's YAML with what every check type reads from it worked out: what `Rule.build` gets.

    `common` holds the fields of `Rule` (id, severity, message, scope...); the methods read the
    check type's own keys with the same validation and error messages for every type.
    """

    data: Mapping[str, Any]
    where: str  # "rule <id>": how an error names the rule
    common: dict[str, Any]
    ignorecase: bool = True
    nonword: bool = False

    def error(self, message: str) -> RuleError:
        return RuleError(f"{self.where}: {message}")

    def strings(self, key: str) -> list[str]:
        """A key holding a string or a list of strings (numbers are read as text)."""
        value = self.data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            raise self.error(f"'{key}' must be a list of strings")
        return [str(v) for v in value]

    def regex(self, pattern: str, *, ignorecase: bool | None = None) -> re.Pattern[str]:
        """`pattern` compiled with the rule's `ignorecase` (unless told), or a RuleError naming it."""
        return compile_regex(pattern, ignorecase=self.ignorecase if ignorecase is None else ignorecase,
                             where=self.where)

    def tokens(self, tokens: Iterable[str]) -> str:
        """Vale tokens as one regex, with word boundaries unless the rule is `nonword`."""
        return token_regex(tokens, nonword=self.nonword)

    def plain_words(self, token: str) -> bool:
        """Whether a token can be matched as a phrase (words only, case ignored, word boundaries)."""
        return self.ignorecase and not self.nonword and bool(_LITERAL.fullmatch(token))

    def exceptions(self) -> re.Pattern[str] | None:
        """The `exceptions` key: phrases written plainly, regexes between slashes."""
        items = self.strings("exceptions")
        if not items:
            return None
        lit = [i for i in items if not _phrase_or_regex(i)[1]]
        rx = [_phrase_or_regex(i)[0] for i in items if _phrase_or_regex(i)[1]]
        parts = ([phrase_regex(lit)] if lit else []) + ([token_regex(rx)] if rx else [])
        return self.regex("|".join(parts))


def _scope(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else list(value or ["text"])
    for s in items:
        if not isinstance(s, str) or s.lstrip("~").split(".", 1)[0] not in SCOPES:
            raise RuleError(f"{where}: unknown scope {s!r} (known: {', '.join(sorted(SCOPES))})")
    return tuple(items)


def rule_from_dict(data: Mapping[str, Any], *, default_id: str = "", priority: int = 2,
                   family: str | None = None) -> Rule:
    """Build one rule from its YAML form; unknown keys and bad values raise RuleError naming them."""
    from proofline.voice.checks import check_types

    rid = str(data.get("id") or default_id)
    where = f"rule {rid or '?'}"
    if not rid:
        raise RuleError("a rule needs an 'id'")
    kind = str(data.get("type") or data.get("extends") or "")
    types = check_types()
    if kind not in types:
        raise RuleError(f"{where}: unknown check type {kind!r} (known: {', '.join(types)})")
    check = types[kind]
    unknown = set(data) - COMMON_KEYS - check.keys
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} for a {kind} rule")
    sev_raw = str(data.get("severity") or data.get("level") or "warning").lower()
    try:
        severity = Severity(sev_raw)
    except ValueError as exc:
        raise RuleError(f"{where}: severity must be error, warning or suggestion, not {sev_raw!r}") from exc
    lang = data.get("lang")
    common: dict[str, Any] = dict(
        id=rid, severity=severity, message=str(data.get("message") or f"{rid}: '{{match}}'"),
        family=data.get("family") or family, lang=str(lang) if lang else None,
        safe_fix=bool(data.get("safe_fix", False)), priority=priority, link=data.get("link"),
        folded=bool(data.get("folded", False)),
    )
    if "scope" in data:
        common["scope"] = _scope(data["scope"], where)
    return check.build(RuleSpec(data, where, common, ignorecase=bool(data.get("ignorecase", True)),
                                nonword=bool(data.get("nonword", False))))


@dataclass
class RuleSet:
    """Rules in the order they run, plus what could not be loaded (said, never silently dropped)."""

    rules: list[Rule] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
