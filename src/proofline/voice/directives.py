"""Inline control: `<!-- proofline off -->`, `<!-- proofline on -->`, `<!-- proofline ignore RULE -->`.

Writers need a way to keep a deliberate quote or a customer's own words without silencing a rule
for the whole workspace. The comments work in Markdown, HTML and plain-text drafts alike.

- `off` / `on` (optionally followed by rule ids or families) switch rules off until switched on.
- `ignore RULE[, RULE...]` silences those rules for one paragraph: the paragraph the comment sits
  in when it shares a line with text, otherwise the next one.

A name matches a rule id exactly, a rule id prefix up to a dot (`ai_style` matches
`ai_style.stock_phrases`), or a finding family (`address` matches `voice.address`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DIRECTIVE = re.compile(r"<!--\s*proofline\s+(off|on|ignore)\b([^>]*?)-->", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
ALL = "*"


def _names(raw: str) -> frozenset[str]:
    return frozenset(n for n in re.split(r"[\s,]+", raw.strip()) if n)


@dataclass
class Directives:
    regions: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)

    def suppressed(self, rule_id: str, family: str | None, start: int) -> bool:
        for a, b, names in self.regions:
            if a <= start < b and (ALL in names or any(_matches(n, rule_id, family) for n in names)):
                return True
        return False

    def blank(self, prose: str) -> str:
        """Hide the comments themselves from the rules (plain text keeps them in its prose)."""
        if not self.comments:
            return prose
        chars = list(prose)
        for a, b in self.comments:
            for i in range(a, b):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


def _matches(name: str, rule_id: str, family: str | None) -> bool:
    return name in (rule_id, family) or rule_id.startswith(name + ".")


def _paragraph_around(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _BLANK_LINE.finditer(text, 0, pos)]
    a = starts[-1] if starts else 0
    m = _BLANK_LINE.search(text, pos)
    return a, m.start() if m else len(text)


def parse_directives(text: str) -> Directives:
    d = Directives()
    open_off: dict[str, int] = {}
    for m in DIRECTIVE.finditer(text):
        d.comments.append(m.span())
        verb = m.group(1).lower()
        names = _names(m.group(2)) or frozenset({ALL})
        if verb == "off":
            for n in names:
                open_off.setdefault(n, m.end())
        elif verb == "on":
            closing = list(open_off) if ALL in names else [n for n in names if n in open_off]
            for n in closing:
                d.regions.append((open_off.pop(n), m.start(), frozenset({n})))
        else:
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            rest = DIRECTIVE.sub("", text[line_start:m.start()] + text[m.end():line_end])
            if rest.strip():
                a, b = _paragraph_around(text, m.start())
            else:
                nxt = re.search(r"\S", text[m.end():])
                if not nxt:
                    continue
                a, b = _paragraph_around(text, m.end() + nxt.start())
            d.regions.append((a, b, names))
    for n, start in open_off.items():
        d.regions.append((start, len(text), frozenset({n})))
    return d
