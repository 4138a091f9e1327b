"""The brand kit compiled into rules: banned, terminology, voice.* and channel limits.

The kit is what a marketer writes; these rules are what the engine runs. Each compiled rule keeps
a stable id (`banned`, `terminology`, `voice.address`, `voice.max_sentence_words`,
`voice.exclamation`, `voice.reading_level`, `channel.*`) so that inline directives, CI filters
and the web app can name it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from proofline.model import Severity
from proofline.text.patterns import PhraseMatcher, phrase_regex, trie_regex
from proofline.voice.checks.existence import Existence
from proofline.voice.checks.metric import Metric, compile_formula
from proofline.voice.checks.occurrence import Occurrence
from proofline.voice.checks.substitution import Substitution
from proofline.voice.engine import WORD, Rule, compile_regex
from proofline.workspace.model import Channel, Kit

DATA = Path(__file__).parent / "data"
_L = r"[^\W\d_]"  # a letter
_SP = r"[ \t\u00a0\u202f]"
_SENTENCE_LEAD = r"[\W\d_]*(?:(?:et|alors|donc|puis|maintenant|ensuite|aujourd['’]hui|bref|allez|vite)[\s,]+){0,2}"
_COPULAS = r"(?:est|était|sera|reste|devient|is|was|will\s+be|remains|becomes)"
_ARTICLES = r"(?:la|une|le|un|notre|the|a|an|our)"


@cache
def _address_data() -> dict[str, list[str]]:
    with (DATA / "address_fr.yaml").open(encoding="utf-8") as fh:
        data: dict[str, list[str]] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def _alt(words: list[str]) -> str:
    """The words as one trie alternation; either apostrophe matches (the trie is sorted, so the
    pattern text is the same in every process, as the compiled-regex cache needs)."""
    return trie_regex(words, apostrophes=True)


# "le ton", "un ton", "changer de ton": the noun, not the possessive
_NOT_POSSESSIVE_BEFORE_TON = ("le", "un", "du", "au", "ce", "mon", "son", "bon", "quel", "même", "notre", "votre",
                              "leur", "de")


def _address_tu_rules(common: dict[str, Any]) -> list[Rule]:
    """A `vous` kit: tu/toi/te/t'/ton/ta/tes and 2nd-person-singular imperatives are findings."""
    data = _address_data()
    next_word = rf"(?={_SP}+{_L})"
    swaps: list[tuple[str, str]] = [
        (r"\btu\b", "vous"),
        (r"(?<!-)\btoi\b", "vous"),
        (r"\bte\b", "vous"),
        (rf"\bt['’](?={_L})", "vous "),
        (r"\bton\b" + "".join(rf"(?<!\b{d} ton)" for d in _NOT_POSSESSIVE_BEFORE_TON) + next_word, "votre"),
        (rf"\bta\b{next_word}", "votre"),
        (rf"\btes\b{next_word}", "vos"),
    ]
    msg = "Readers are addressed as 'vous' in this kit; '{match}' found."
    sub = Substitution(
        pattern=compile_regex("|".join(f"(?:{p})" for p, _ in swaps), ignorecase=True, where="voice.address"),
        entries=tuple((re.compile(p, re.IGNORECASE), fix) for p, fix in swaps),
        message=msg + " Use '{fix}'.", **common)
    ambiguous = data["ambiguous_imperatives"]
    clear = [v for v in data["tu_imperatives"] if v not in ambiguous]
    no_inversion = r"(?!-(?:je|t|il|elle|on|ils|elles)\b)"
    complement = (rf"(?=(?:{_SP}+(?:le|la|les|l['’]|un|une|ton|ta|tes|ce|cette|ces|moi|vite|maintenant|ici|tout)\b)"
                  r"|-(?:nous|moi|toi|le|la|les|en|y)\b|\s*[!.]|\s*$)")
    negatives = _alt(data["negative_imperatives"])
    subjects = "".join(rf"(?<!\b{s} )" for s in ("je", "il", "elle", "on", "qui", "ça", "cela", "rien", "personne"))
    clear_imperative = rf"{_SENTENCE_LEAD}(?P<m>(?:{_alt(clear)})){no_inversion}\b"
    ambiguous_imperative = rf"{_SENTENCE_LEAD}(?P<m>(?:{_alt(ambiguous)})){no_inversion}\b{complement}"
    other = "|".join([
        rf"\b(?=n)(?<!j['’]){subjects}n(?:['’]|e{_SP}+)(?:{negatives}){_SP}+pas\b",
        rf"\b{_L}+[esx](?<!ons)(?<!dites)(?<!faites)(?<!êtes)(?<!sommes)-(?:nous|moi|toi)\b",
    ])
    ex_common = {**common, "message": msg}
    return [
        sub,
        *(Existence(pattern=compile_regex(rx, ignorecase=True, where="voice.address"), scope=("sentence",),
                    at_start=True, **ex_common) for rx in (clear_imperative, ambiguous_imperative)),
        Existence(pattern=compile_regex(other, ignorecase=True, where="voice.address"), **ex_common),
    ]


def _address_vous_rules(common: dict[str, Any]) -> list[Rule]:
    """A `tu` kit: vous/votre/vos and -ez imperatives are findings."""
    data = _address_data()
    swaps = [(r"\bvos\b", "tes"), (r"\bvotre\b", "ton|ta"), (r"\bvôtres?\b", "tien|tienne"), (r"\bvous\b", "tu|te|toi")]
    msg = "Readers are addressed as 'tu' in this kit; '{match}' found."
    exceptions = _alt(data["vous_exceptions"])
    sentence_start = rf"{_SENTENCE_LEAD}(?P<m>(?!(?:{exceptions})\b){_L}{{2,}}ez)\b(?!-vous\b)"
    imperative = "|".join([
        rf"\b{_L}+ez-(?:nous|moi|le|la|les|en|y)\b",
        rf"\bn(?:['’]|e{_SP}+){_L}+ez{_SP}+pas\b",
    ])
    return [
        Substitution(pattern=compile_regex("|".join(p for p, _ in swaps), ignorecase=True, where="voice.address"),
                     entries=tuple((re.compile(p, re.IGNORECASE), f) for p, f in swaps),
                     message=msg + " Use '{fix}'.", **common),
        Existence(pattern=compile_regex(imperative, ignorecase=True, where="voice.address"),
                  **{**common, "message": msg}),
        Existence(pattern=compile_regex(sentence_start, ignorecase=True, where="voice.address"),
                  scope=("sentence",), at_start=True, **{**common, "message": msg}),
    ]


def _terminology_rules(kit: Kit, language: str | None) -> list[Rule]:
    rules: list[Rule] = []
    for term in kit.terminology:
        if language and term.lang and term.lang != language:
            continue
        swaps = {n: term.use for n in term.not_ if n.strip()}
        if not swaps:
            continue
        exceptions = compile_regex(phrase_regex([term.use]), ignorecase=True, where="terminology")
        common: dict[str, Any] = dict(
            id="terminology", family="terminology", severity=Severity.WARNING, lang=term.lang, priority=0,
            safe_fix=True, folded=True, message="The kit says '{fix}', not '{match}'.", exceptions=exceptions)
        rules.append(Substitution(phrases=PhraseMatcher(swaps), phrase_fixes=swaps, **common))
        # "Ondine est la solution ...": the product named with a word the kit rejects.
        use_words = term.use.lower().split()
        by_anchor: dict[tuple[str, str], list[str]] = {}
        for n in swaps:
            words = n.lower().split()
            shared = set(words) & set(use_words)
            if len(words) == 2 and len(use_words) == 2 and len(shared) == 1:
                (anchor,) = shared
                good = next(w for w in use_words if w != anchor)
                by_anchor.setdefault((anchor, good), []).append(next(w for w in words if w != anchor))
        for (anchor, good), bad in by_anchor.items():
            rx = (rf"(?<![^\W_]){re.escape(anchor)}\s+{_COPULAS}\s+(?:\w+\s+)?{_ARTICLES}\s+(?:\w+\s+)?"
                  rf"(?P<m>{'|'.join(re.escape(b) for b in bad)})(?![^\W_])")
            rules.append(Substitution(pattern=compile_regex(rx, ignorecase=True, where="terminology"),
                                      entries=((re.compile(r"[\s\S]*"), good),), **common))
    return rules


def compile_kit(kit: Kit, language: str | None = None) -> list[Rule]:
    """Rules that do not depend on the channel (only those for `language` when given); cached by the caller."""
    rules: list[Rule] = []
    for entry in kit.banned:
        if language and entry.lang and entry.lang != language:
            continue
        phrases = [p for p in entry.phrases if p.strip()]
        if not phrases:
            continue
        reason = f" {entry.reason.strip()}" if entry.reason else ""
        rules.append(Existence(
            id="banned", family="banned", severity=Severity.ERROR, lang=entry.lang, priority=0, folded=True,
            message="'{match}' is on the kit's banned list." + reason.replace("{", "{{").replace("}", "}}"),
            phrases=PhraseMatcher(phrases, inflect=True),
        ))
    rules += _terminology_rules(kit, language)
    voice = kit.voice
    address_common: dict[str, Any] = dict(id="voice.address", family="address", severity=Severity.WARNING,
                                          lang="fr", priority=0)
    if language not in (None, "fr"):
        pass  # tu/vous is a French matter
    elif voice.address == "vous":
        rules += _address_tu_rules(address_common)
    elif voice.address == "tu":
        rules += _address_vous_rules(address_common)
    if voice.max_sentence_words:
        rules.append(Occurrence(
            id="voice.max_sentence_words", family="length", severity=Severity.WARNING, priority=0,
            token=WORD, max=voice.max_sentence_words, scope=("sentence",),
            message="This sentence has {count} words; the kit allows {max}. Split it or cut it.",
        ))
    if voice.exclamation == "avoid":
        rules.append(Existence(
            id="voice.exclamation", family="exclamation", severity=Severity.WARNING, priority=0, safe_fix=True,
            pattern=re.compile(rf"(?<=[^\s!?¡]){_SP}*!+(?![\w=])"), fix=".",
            message="The kit avoids exclamation marks; end the sentence with a full stop.",
        ))
    return rules


def channel_rules(kit: Kit, channel: str | None) -> list[Rule]:
    """Limits of the channel the draft is written for (characters, words, hashtags, subject)."""
    if not channel or channel not in kit.channels:
        return []
    ch: Channel = kit.channels[channel]
    rules: list[Rule] = []
    common: dict[str, Any] = dict(family="length", severity=Severity.WARNING, priority=0)
    if ch.subject_max_chars:
        rules.append(Metric(
            id="channel.subject_max_chars", formula=compile_formula("length", "channel.subject_max_chars"),
            op=">", threshold=float(ch.subject_max_chars), scope=("subject",),
            message=f"The {channel} subject has {{value}} characters; the channel allows {{threshold}}.",
            **common))
    if ch.max_chars:
        rules.append(Occurrence(
            id="channel.max_chars", token=re.compile(r"[\s\S]"), max=ch.max_chars, span="excess", scope=("body",),
            message=f"The draft has {{count}} characters; {channel} allows {{max}}. This part is over the limit.",
            **{**common, "severity": Severity.ERROR}))
    if ch.max_words:
        rules.append(Occurrence(
            id="channel.max_words", token=WORD, max=ch.max_words, span="excess", scope=("body",),
            message=f"The draft has {{count}} words; {channel} allows {{max}}. This part is over the limit.",
            **common))
    if ch.max_hashtags is not None:
        rules.append(Occurrence(
            id="channel.max_hashtags", token=re.compile(r"(?<![\w&#/])#[^\W\d_][\w\-]*"), max=ch.max_hashtags,
            span="each", scope=("text",),
            message=f"The draft has {{count}} hashtags; {channel} allows {{max}}. Remove '{{match}}'.",
            **{**common, "family": "hashtags"}))
    return rules
