"""Safe HTML built in Python: highlighted drafts and passages, diffs, and charts as inline SVG.

Draft, source and LLM text is untrusted. Every piece of it goes through `markupsafe.escape`
before it is wrapped in markup, and the markup itself only ever contains class names from fixed
lists and integers; templates then insert the result as `Markup` without any `|safe` filter.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

VERDICTS = ("supported", "attested", "unsupported", "contradicted", "insufficient_proof", "expired", "forbidden")
SEVERITIES = ("error", "warning", "suggestion")
# A word and a symbol, never colour alone.
VERDICT_SYMBOL = {"supported": "✓", "attested": "✓", "unsupported": "✗", "contradicted": "≠",
                  "insufficient_proof": "≈", "expired": "⌛", "forbidden": "⛔"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "claim" | "finding"
    css: str  # from the fixed lists above
    ref: str  # element id to link to (claim-12, finding-3)
    label: str  # tooltip: already plain text, escaped on output


def _cls(value: str, allowed: Sequence[str], fallback: str) -> str:
    return value if value in allowed else fallback


def claim_span(claim_id: int, start: int, end: int, verdict: str, blocks: bool, label: str) -> Span:
    css = f"claim v-{_cls(verdict, VERDICTS, 'unsupported')}" + (" blocks" if blocks else "")
    return Span(start, end, "claim", css, f"claim-{int(claim_id)}", label)


def finding_span(index: int, start: int, end: int, severity: str, label: str) -> Span:
    return Span(start, end, "finding", f"finding sev-{_cls(severity, SEVERITIES, 'warning')}",
                f"finding-{int(index)}", label)


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """The text with claims marked and findings underlined; offsets are code points, end exclusive.

    Overlaps are handled by cutting the text at every span boundary and wrapping each piece in
    whatever covers it (claim outside, findings inside), so the markup always nests properly.
    """
    n = len(text)
    good = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in good), *(s.end for s in good)})
    out: list[str] = []
    opened: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        piece = str(escape(text[a:b]))
        covering = [s for s in good if s.start <= a and b <= s.end]
        for s in sorted(covering, key=lambda s: (s.kind != "finding", -s.start)):
            first = s.ref not in opened
            opened.add(s.ref)
            anchor = f' id="at-{s.ref}"' if first else ""
            tag = "mark" if s.kind == "claim" else "span"
            piece = (f'<{tag} class="{s.css}"{anchor} title="{escape(s.label)}" data-ref="{s.ref}">'
                     f"{piece}</{tag}>")
        out.append(piece)
    return Markup("".join(out))


def passage(text: str, start: int | None, end: int | None) -> Markup:
    """A source body with one passage marked (the target of an evidence link)."""
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return Markup(escape(text))
    return Markup(f'{escape(text[:start])}<mark class="passage" id="passage" tabindex="-1">'
                  f"{escape(text[start:end])}</mark>{escape(text[end:])}")


def context(text: str, start: int, end: int, width: int = 160) -> Markup:
    """A claim in its surroundings, for the expert who must judge it."""
    a, b = max(0, start - width), min(len(text), end + width)
    head = ("…" if a else "") + text[a:start]
    tail = text[end:b] + ("…" if b < len(text) else "")
    return Markup(f'{escape(head)}<mark class="claim">{escape(text[start:end])}</mark>{escape(tail)}')


def diff(old: str, new: str) -> Markup:
    """A line diff: deleted lines struck out, added lines marked, as a table of escaped lines."""
    rows: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(),
                                                      autojunk=False).get_opcodes():
        if op == "equal":
            rows += [f'<tr class="same"><td class="sign"> </td><td>{escape(line)}</td></tr>'
                     for line in old.splitlines()[i1:i2]]
            continue
        rows += [f'<tr class="del"><td class="sign">−</td><td><del>{escape(line)}</del></td></tr>'
                 for line in old.splitlines()[i1:i2]]
        rows += [f'<tr class="add"><td class="sign">+</td><td><ins>{escape(line)}</ins></td></tr>'
                 for line in new.splitlines()[j1:j2]]
    return Markup('<table class="diff">' + "".join(rows) + "</table>")


def bar_chart(title: str, data: Mapping[str, float | int | None], *, unit: str = "") -> Markup:
    """A horizontal bar chart as inline SVG, with a text alternative (title + desc) for screen readers."""
    items = [(str(k), float(v or 0)) for k, v in data.items()]
    row, label_w, bar_w, pad = 26, 150, 260, 8
    height = max(1, len(items)) * row + 2 * pad
    width = label_w + bar_w + 70
    top = max((v for _, v in items), default=0.0) or 1.0
    desc = "; ".join(f"{k}: {_num(v)}{unit}" for k, v in items) or "—"
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title><desc>{escape(desc)}</desc>']
    for i, (k, v) in enumerate(items):
        y = pad + i * row
        w = round(bar_w * v / top, 1)
        parts.append(f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" class="lbl">{escape(k[:24])}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row - 8}" class="bar"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 17}" class="val">{escape(_num(v))}{escape(unit)}</text>')
    if not items:
        parts.append(f'<text x="{pad}" y="{pad + 17}" class="lbl">—</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"
