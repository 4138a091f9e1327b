"""Brand-voice checking: the kit and the style packs, compiled into rules, run over a document.

    from proofline.voice import lint
    findings = lint(document, workspace.kit)

Findings carry offsets into the draft as read from the file, a message that explains them and,
when there is one, a fix. `proofline fix` applies the safe fixes (see `voice/fix.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from proofline.model import Severity
from proofline.report import Action, Finding
from proofline.text.document import Document
from proofline.workspace.model import Kit

__all__ = ["BUILTIN_PACKS", "LintResult", "infer_channel", "lint", "lint_detailed", "rules_for"]

BUILTIN_PACKS: tuple[str, ...] = ("hype", "ai_style", "readability", "rhythm", "passive", "consistency", "typos",
                                  "text")

_EMAIL_FIRST_LINE = re.compile(r"\A(?:\ufeff)?\s*(?:objet|subject|sujet)[ \t\u00a0\u202f]*:", re.IGNORECASE)


def infer_channel(document: Document) -> str | None:
    """A draft whose first line is `Objet :` / `Subject:` is an email; otherwise unknown."""
    if any(b.kind == "subject" for b in document.blocks[:2]):
        return "email"
    return "email" if _EMAIL_FIRST_LINE.match(document.text) else None


@dataclass(frozen=True)
class LintResult:
    """A finding with what produced it (`safe_fix` tells `proofline fix` whether to apply it)."""

    finding: Finding
    safe_fix: bool


if TYPE_CHECKING:
    from proofline.voice.engine import Rule

_RULE_CACHE: dict[tuple[int, tuple[str, ...], str | None], tuple[Kit, list[Rule], list[str]]] = {}


def rules_for(kit: Kit, extra_styles: Sequence[Path] = (), language: str | None = None) -> tuple[list[Rule], list[str]]:
    """Kit rules, then extra styles, then the built-in packs the kit keeps on; cached per kit object.

    With `language`, only the rules that can apply to a document in that language are built.
    """
    key = (id(kit), tuple(str(p) for p in extra_styles), language)
    cached = _RULE_CACHE.get(key)
    if cached is not None and cached[0] is kit:
        return cached[1], cached[2]
    if extra_styles:  # files outside Proofline: built every time, they may change at any moment
        rules, warnings = _build_rules(kit, extra_styles, language)
    else:
        # Building the rules (YAML packs, rule objects, regexes) is ~30 ms of every command; the
        # same kit, packs and code always give the same rules, so they are kept on disk.
        from proofline.cache import cached as disk_cached
        from proofline.cache import content_hash

        disk_key = content_hash(f"{_voice_code_hash()}|{language}|{kit!r}")
        rules = disk_cached("voice-rules", disk_key, lambda: _build_rules(kit, (), language)[0])
        warnings = []
    if len(_RULE_CACHE) > 32:
        _RULE_CACHE.clear()
    _RULE_CACHE[key] = (kit, rules, warnings)
    return rules, warnings


_VOICE_CODE_HASH: list[str] = []


def _voice_code_hash() -> str:
    """Every file the rules are built from: this package's code, packs and data, the enums and the
    pattern toolkit (phrase matchers and literal prefilters are part of the pickled rules)."""
    if not _VOICE_CODE_HASH:
        import hashlib

        here = Path(__file__).parent
        digest = hashlib.sha256()
        files = sorted(p for p in here.rglob("*") if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts)
        for path in [*files, here.parent / "model.py", here.parent / "text" / "patterns.py"]:
            digest.update(f"{path.relative_to(here.parent)}\0".encode())
            digest.update(path.read_bytes())
        _VOICE_CODE_HASH.append(digest.hexdigest()[:20])
    return _VOICE_CODE_HASH[0]


def _build_rules(kit: Kit, extra_styles: Sequence[Path], language: str | None) -> tuple[list[Rule], list[str]]:
    from proofline.voice.checks.metric import Metric
    from proofline.voice.compile import compile_kit
    from proofline.voice.styles import builtin_pack, load_styles

    rules = compile_kit(kit, language)
    warnings: list[str] = []
    if extra_styles:
        loaded = load_styles(tuple(Path(p) for p in extra_styles))
        rules += loaded.rules
        warnings += loaded.warnings
    switches = kit.voice.style_packs or {}
    for name in BUILTIN_PACKS:
        pack = list(builtin_pack(name, language))
        if name == "readability" and kit.voice.reading_level:
            # the kit asked for a reading level: the formulas run as `voice.reading_level`, whatever the switch
            from dataclasses import replace

            rules += [replace(r, id="voice.reading_level", family="readability", priority=0)
                      for r in pack if isinstance(r, Metric)]
            continue
        if switches.get(name, True):
            rules += pack
    return rules, warnings


def lint_detailed(document: Document, kit: Kit, *, channel: str | None = None,
                  min_severity: Severity = Severity.SUGGESTION,
                  extra_styles: Sequence[Path] = ()) -> list[LintResult]:
    """`lint`, keeping for each finding whether its fix is safe to apply without a human."""
    from proofline.voice.compile import channel_rules
    from proofline.voice.directives import parse_directives
    from proofline.voice.engine import Context

    rules, _ = rules_for(kit, extra_styles, document.language)
    rules = rules + channel_rules(kit, channel or infer_channel(document))
    directives = parse_directives(document.text)
    ctx = Context(document, prose=directives.blank(document.prose),
                  reading_level=kit.voice.reading_level or "standard")
    raw: list[tuple[int, int, int, int, Rule, str, str | None, bool]] = []
    for order, rule in enumerate(rules):
        if rule.severity.rank < min_severity.rank or not rule.applies_to(document.language):
            continue
        for target in ctx.readings if rule.folded else (ctx,):
            for hit in rule.hits(target):
                start, end = target.to_draft(hit.start, hit.end)
                if not directives.suppressed(rule.id, rule.family, start):
                    raw.append((rule.priority, order, start, end, rule, hit.message, hit.fix,
                                rule.safe_fix if hit.safe is None else hit.safe))
    # Two lexical rules on overlapping words say the same thing twice: keep the kit's, then the first pack's.
    raw.sort(key=lambda x: (x[0], x[1], x[2]))
    kept: list[tuple[int, int, Rule, str, str | None, bool]] = []
    lexical_taken: list[tuple[int, int]] = []
    seen: set[tuple[str, int, int]] = set()
    for _prio, _order, s, e, rule, message, fix, safe in raw:
        if (rule.id, s, e) in seen:
            continue
        if rule.lexical:
            if any(a < e and s < b for a, b in lexical_taken):
                continue
            lexical_taken.append((s, e))
        seen.add((rule.id, s, e))
        kept.append((s, e, rule, message, fix, safe))
    out = []
    for s, e, rule, message, fix, safe in sorted(kept, key=lambda k: (k[0], k[1], k[2].id)):
        line, col = document.line_col(s)
        out.append(LintResult(Finding(rule=rule.id, severity=rule.severity, start=s, end=e, line=line, column=col,
                                      message=message, fix=fix, family=rule.family, link=rule.link,
                                      match=document.text[s:e], action=Action.for_fix(fix)), safe))
    return out


def lint(document: Document, kit: Kit, *, channel: str | None = None, min_severity: Severity = Severity.SUGGESTION,
         extra_styles: Sequence[Path] = ()) -> list[Finding]:
    """Brand-voice findings of a document, sorted by start offset."""
    return [r.finding for r in lint_detailed(document, kit, channel=channel, min_severity=min_severity,
                                             extra_styles=extra_styles)]
