"""The offline composer: outlines and derivatives built from the sources' own sentences.

No model, no network. It picks key sentences (figures first, then what matches the audience's
pains and the source's subject), keeps them in the source's order inside each section, and
lays them out in a channel template (FR/EN). Every factual sentence is a source sentence, so its
claims are backed by construction; when a workspace is given, each candidate is also run
through the check, and a sentence the check would block (an expired figure, a source type the
kit does not accept for that kind of claim) is never used.

It cannot translate: the sentences stay in the language of their source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from proofline.compose.channels import Limits, channel_of, limits, phrase
from proofline.compose.passages import SourcePassage
from proofline.compose.providers.base import Citation, ComposeError, ComposeRequest, ComposeResult

if TYPE_CHECKING:
    from proofline.workspace.model import Kit, Source

_ANAPHORA = re.compile(
    r"^(ce|cet|cette|ces|cela|ça|il|elle|ils|elles|celui|celle|ceux|this|these|that|those|it|they|its|their)\b",
    re.IGNORECASE)
_CAVEAT = re.compile(
    r"\b(limites?|ne doivent pas|ne doit pas|ne valent que|doivent être remplacés|à nouveau|"
    r"limitations?|must not|should not|only valid|no longer|disclaimer)\b", re.IGNORECASE)
_EARLY_PRONOUN = re.compile(r"\b(it|they|il|elle|ils|elles)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
# Voice findings that rule a source sentence out (sentence length is handled by compression).
_BLOCKING_RULES = ("banned", "terminology", "voice.address", "voice.exclamation")
_STOP_TAGS = frozenset(str.split("""
    abord afin ainsi alors après avant avec avoir cette chaque comme comment dans depuis donc dont elle
    encore entre être leurs moins notre nous plus pour pendant sans selon sont sous suivant leur leurs
    their there these those which while would about after before between during other since through
    under where whose within without could should grâce toutes toute tous mois jours année années
    moyenne average months years weeks semaines compris included principaux principales
"""))


@dataclass
class Candidate:
    """A source sentence the composer may use, with what decides where it goes."""

    passage: SourcePassage
    text: str
    words: int
    figures: float  # weight of the figures it states: a percentage or a price counts more than a year
    score: float
    anaphoric: bool
    keys: frozenset[str] = frozenset()

    @property
    def is_fact(self) -> bool:
        return self.figures >= 1.5


@dataclass
class Analysis:
    """What the composer knows about the sources, computed once for every channel."""

    lang: str
    title: str
    sources: list[Source]
    candidates: list[Candidate]
    headings: list[SourcePassage]
    pain: str | None
    excluded: dict[str, str] = field(default_factory=dict)  # marker -> why it was left out


class _Builder:
    """Text assembled piece by piece, remembering where each cited sentence landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.citations: list[Citation] = []

    def add(self, text: str, passages: Sequence[SourcePassage] = ()) -> None:
        if passages:
            self.citations.append(Citation(self.length, self.length + len(text), tuple(passages)))
        self.parts.append(text)
        self.length += len(text)

    def line(self, text: str = "", passages: Sequence[SourcePassage] = (), prefix: str = "") -> None:
        self.add(prefix)
        self.add(text, passages)
        self.add("\n")

    def fact(self, cand: Candidate, prefix: str = "") -> None:
        self.line(_sentence(cand.text), [cand.passage], prefix)

    @property
    def text(self) -> str:
        return "".join(self.parts).rstrip() + "\n"


_PARENS = re.compile(r"\s*\([^()]{1,120}\)")
_ADJECTIVE_END = re.compile(r"(?:é|ée|és|ées|ed|ing|ly|ment|ive|ives|if|ifs|able|ible|ant|ante|ants|ique|iques|al|aux|el|els|elle|elles)$")


def _compress(text: str) -> str:
    """A long sentence without its parentheses: the asides go, the fact and its figures stay."""
    return _PARENS.sub("", text).strip()


def _sentence(text: str) -> str:
    """A source sentence as a draft sentence: capitalised, ending with a full stop."""
    text = text.strip().rstrip(";,:")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?…»\")":
        text += "."
    return text


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _title_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- analysis


def _voice_spans(kit: Kit, source: Source) -> list[tuple[int, int, str]]:
    """Spans of a source the kit's voice rules object to (a banned word, a wrong product name...).

    Only the voice is linted here: running the whole claim check over a long source costs about a
    second, while checking each short draft afterwards catches the rare sentence that would block.
    """
    from proofline.text.markup import parse_document
    from proofline.voice import lint

    doc = parse_document(source.text, None, languages=tuple(kit.languages) or ("fr", "en"),
                         language=source.lang if source.lang in ("fr", "en") else None)
    return [(f.start, f.end, f"voice: {f.rule}") for f in lint(doc, kit) if f.rule.startswith(_BLOCKING_RULES)]


def analyse(request: ComposeRequest) -> Analysis:
    """Score every passage once; the channel templates then only pick and arrange."""
    from proofline.text.lexicon import Lexicon
    from proofline.text.quantities import find_quantities
    from proofline.text.quantities.kinds import COMPOSE_WEIGHT  # figure kind -> weight of a passage

    sources = [s for s in request.sources if (s.lang or request.lang) == request.lang]
    if request.as_of is not None:
        expired = [s for s in sources if not s.valid_on(request.as_of)]
        if expired and len(expired) == len(sources):
            raise ComposeError("compose.expired", sources=[s.id for s in expired],
                               dates=[s.valid_until for s in expired], as_of=request.as_of)
        sources = [s for s in sources if s not in expired]
    if not sources:
        langs = sorted({s.lang or "?" for s in request.sources})
        raise ComposeError("compose.cannot_translate", langs=langs, lang=request.lang, first=langs[0])
    wanted = {s.id for s in sources}
    passages = [p for p in request.passages if p.source_id in wanted]
    lexicon = Lexicon.default()
    kit = request.kit
    max_words = kit.voice.max_sentence_words or 30

    excluded: dict[str, str] = {}
    if request.workspace is not None:
        for source in sources:
            spans = _voice_spans(kit, source)
            for p in passages:
                if p.source_id != source.id:
                    continue
                for s, e, reason in spans:
                    if s < p.end and p.start < e:
                        excluded.setdefault(p.marker, reason)

    def keys(text: str) -> frozenset[str]:
        return frozenset(t.key for t in lexicon.terms(text, request.lang) if not t.key.startswith("w:")
                         or len(t.key) > 6)

    title = sources[0].title
    focus = keys(" ".join(s.title for s in sources))
    pains = list(request.audience.pains) if request.audience else []
    pain_keys = [keys(p) for p in pains]

    candidates: list[Candidate] = []
    headings: list[SourcePassage] = []
    seen: set[str] = set()
    total = max(len(passages), 1)
    for p in passages:
        if p.kind == "heading":
            headings.append(p)
            continue
        text = p.text
        words = _word_count(text)
        if words > max_words:
            text = _compress(text)
            words = _word_count(text)
        norm = text.lower()
        why = excluded.get(p.marker)
        if why is None and (words < 5 or p.text.rstrip().endswith(":")):
            why = "too short to stand alone"
        elif why is None and words > max_words:
            why = f"longer than the kit's {max_words} words per sentence"
        elif why is None and _CAVEAT.search(text):
            why = "an internal note or caveat"
        elif why is None and norm in seen:
            why = "a repeat"
        if why:
            excluded.setdefault(p.marker, why)
            continue
        seen.add(norm)
        terms = lexicon.terms(text, request.lang)
        k = frozenset(t.key for t in terms if not t.key.startswith("w:") or len(t.key) > 6)
        outcome = any("change" in t.tags for t in terms)  # a result ("a baissé de 41 %") makes the best hook
        distinct = {(q.kind, q.text.lower()): q.kind for q in find_quantities(text, request.lang)}
        weight = sum(COMPOSE_WEIGHT.get(kind, 1.0) for kind in distinct.values())
        anaphoric = bool(_ANAPHORA.match(text) or _EARLY_PRONOUN.search(" ".join(text.split()[:8])))
        score = min(weight, 4.0) + 0.7 * len(k & focus) + 1.5 * sum(1 for pk in pain_keys if k & pk)
        score += 1.0 - p.position / total  # the sources put what matters first
        score += 1.5 if outcome and weight >= 1.5 else 0.0
        score -= 1.5 if anaphoric else 0.0
        score -= 0.5 if words > 24 else 0.0
        candidates.append(Candidate(p, text, words, weight, score, anaphoric, k))

    pain = None
    if pains:
        ranked = sorted(range(len(pains)),
                        key=lambda i: -sum(len(c.keys & pain_keys[i]) for c in candidates))
        pain = pains[ranked[0]]
    if not candidates:
        raise ComposeError("compose.no_usable_sentence", sources=sorted(wanted),
                           detail="; ".join(f"{m}: {w}" for m, w in list(excluded.items())[:5]))
    return Analysis(request.lang, title, sources, candidates, headings, pain, excluded)


# --------------------------------------------------------------------------- selection


def _pick(cands: Sequence[Candidate], n: int, *, facts: bool | None = None,
          avoid: set[str] | None = None) -> list[Candidate]:
    """The `n` best candidates (facts only, or descriptions only), returned in source order."""
    avoid = avoid or set()
    pool = [c for c in cands if c.passage.marker not in avoid and (facts is None or c.is_fact == facts)]
    best = sorted(pool, key=lambda c: -c.score)[:n]
    return sorted(best, key=lambda c: c.passage.number)


def _hashtags(kit: Kit, analysis: Analysis, used: Sequence[Candidate], max_tags: int) -> list[str]:
    if max_tags <= 0:
        return []
    banned = {w.lower() for b in kit.banned for w in b.phrases}
    brand = re.sub(r"\W+", "", kit.brand)
    tags = [brand] if brand else []
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, c in enumerate(used):
        for w in _WORD.findall(c.text):
            lw = w.lower()
            if len(lw) >= 7 and lw.isalpha() and lw not in _STOP_TAGS and lw not in banned \
                    and lw != brand.lower() and not _ADJECTIVE_END.search(lw):
                counts[lw] += 1
                first.setdefault(lw, i)
    topical = {w.lower() for w in _WORD.findall(" ".join([analysis.title, analysis.pain or ""]))}
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]])):
        if n < 2 and word not in topical:
            continue  # a word said once is rarely what the post is about
        if len(tags) >= max_tags:
            break
        tags.append(_title_case(word))
    return ["#" + t for t in tags[:max_tags]]


def _subject(title: str, limit: int, prefix: str = "") -> str:
    """A subject line within `limit` characters, cut at a natural boundary of the title."""
    text = prefix + title
    if len(text) <= limit:
        return text
    for sep in (" – ", " — ", " : ", ": ", ", ", " ("):
        head = title.split(sep)[0]
        if head != title and len(prefix + head) <= limit:
            return prefix + head
    words = title.split()
    out = prefix
    for w in words:
        if len((out + " " + w).strip()) > limit:
            break
        out = (out + " " + w) if out and not out.endswith(" ") else out + w
    return out.strip() or title[:limit]


def _headline(kit: Kit, a: Analysis) -> str:
    return a.title if kit.brand.lower() in a.title.lower() else f"{kit.brand} — {a.title}"


def _proof_line(lang: str, source: Source) -> str:
    # Who validated a source is internal: the line names the document only.
    return phrase(lang, "proof_line_anon", title=source.title)


# --------------------------------------------------------------------------- channels


def _linkedin(a: Analysis, kit: Kit, lim: Limits, drop: set[str]) -> _Builder:
    b = _Builder()
    facts = _pick(a.candidates, 4, facts=True, avoid=drop)
    others = _pick(a.candidates, 1, facts=False, avoid=drop)
    hook = max(facts or others, key=lambda c: c.score)
    if a.pain:
        b.line(phrase(a.lang, "pain_hook", pain=_title_case(a.pain)))
        b.line()
    b.fact(hook)
    b.line()
    for c in others:
        if c is not hook:
            b.fact(c)
            b.line()
    rest = [c for c in facts if c is not hook]
    for c in rest:
        b.fact(c, prefix="→ ")
    if rest:
        b.line()
    b.line(phrase(a.lang, "question"))
    b.line(phrase(a.lang, "cta_comment"))
    tags = _hashtags(kit, a, [hook, *rest, *others], min(3, lim.max_hashtags if lim.max_hashtags is not None else 3))
    if tags:
        b.line()
        b.line(" ".join(tags))
    return b


def _email_body(b: _Builder, a: Analysis, facts: Sequence[Candidate], intro: str | None, cta: str) -> None:
    b.line(phrase(a.lang, "hello_named"))
    b.line()
    if intro:
        b.line(intro)
        b.line()
    for c in facts:
        b.fact(c)
    b.line()
    b.line(cta)
    b.line()
    for line in phrase(a.lang, "sign").split("\n"):
        b.line(line)


def _email(a: Analysis, kit: Kit, lim: Limits, drop: set[str]) -> _Builder:
    b = _Builder()
    subject = _subject(a.title, lim.subject_max_chars or 60)
    b.line(f"{phrase(a.lang, 'subject')} : {subject}" if a.lang == "fr" else f"Subject: {subject}")
    b.line()
    facts = _pick(a.candidates, 3, facts=True, avoid=drop) or _pick(a.candidates, 2, avoid=drop)
    intro = phrase(a.lang, "pain_intro", pain=_title_case(a.pain), title=a.title) if a.pain else \
        phrase(a.lang, "read_more", title=a.title)
    _email_body(b, a, facts, intro, phrase(a.lang, "cta_call"))
    return b


def _sequence(a: Analysis, kit: Kit, lim: Limits, drop: set[str]) -> _Builder:
    b = _Builder()
    facts = _pick(a.candidates, 6, facts=True, avoid=drop)
    if len(facts) < 3:
        facts = _pick(a.candidates, 6, avoid=drop)
    # Spread the facts over the steps, the strongest first.
    ranked = sorted(facts, key=lambda c: -c.score)
    steps: list[list[Candidate]] = [[], [], []]
    for i, c in enumerate(ranked):
        steps[i % 3].append(c)
    days = phrase(a.lang, "days").split("|")
    limit = lim.subject_max_chars or 60
    subjects = [_subject(a.title, limit),
                _subject(a.title, limit, "Re : " if a.lang == "fr" else "Re: "),
                _subject(_title_case(a.pain) if a.pain else a.title, limit)]
    intros = [phrase(a.lang, "pain_intro", pain=_title_case(a.pain), title=a.title) if a.pain
              else phrase(a.lang, "read_more", title=a.title),
              phrase(a.lang, "step_intro_2", title=a.title), phrase(a.lang, "step_intro_3")]
    ctas = [phrase(a.lang, "cta_call"), phrase(a.lang, "cta_doc"), phrase(a.lang, "cta_last")]
    label = "Objet" if a.lang == "fr" else "Subject"
    sep = " : " if a.lang == "fr" else ": "
    for n in range(3):
        b.line(phrase(a.lang, "step", n=str(n + 1), day=days[n]), prefix="## ")
        b.line()
        b.line(f"{label}{sep}{subjects[n]}")
        b.line()
        step_facts = sorted(steps[n][:2], key=lambda c: c.passage.number)
        _email_body(b, a, step_facts, intros[n], ctas[n])
        b.line()
    return b


def _landing(a: Analysis, kit: Kit, lim: Limits, drop: set[str]) -> _Builder:
    b = _Builder()
    facts = _pick(a.candidates, 5, facts=True, avoid=drop)
    how = _pick(a.candidates, 3, facts=False, avoid=drop)
    hook = max(facts or how, key=lambda c: c.score)
    b.line(_headline(kit, a), prefix="# ")
    b.line()
    b.fact(hook)
    b.line()
    b.line(phrase(a.lang, "button"))
    b.line()
    _sections(b, a, kit, [c for c in facts if c is not hook], how)
    b.line(phrase(a.lang, "next"))
    b.line()
    b.line(phrase(a.lang, "button"))
    return b


def _sections(b: _Builder, a: Analysis, kit: Kit, figures: list[Candidate], how: list[Candidate]) -> None:
    """The body a landing page and a one-pager share: problem, figures, approach, proof, then the
    heading of the next step (each caller writes its own closing lines)."""
    if a.pain:
        b.line(phrase(a.lang, "h_problem"), prefix="## ")
        b.line()
        for p in [a.pain, *[x for x in _audience_pains(kit, a) if x != a.pain]][:3]:
            b.line(_title_case(p), prefix="- ")
        b.line()
    for heading, items in (("h_figures", figures), ("h_how", how)):
        if items:
            b.line(phrase(a.lang, heading), prefix="## ")
            b.line()
            for c in items:
                b.fact(c, prefix="- ")
            b.line()
    b.line(phrase(a.lang, "h_proof"), prefix="## ")
    b.line()
    for s in a.sources:
        b.line(_proof_line(a.lang, s), prefix="- ")
    b.line()
    b.line(phrase(a.lang, "h_next"), prefix="## ")
    b.line()


def _audience_pains(kit: Kit, a: Analysis) -> list[str]:
    for aud in kit.audiences:
        if a.pain in aud.pains:
            return list(aud.pains)
    return []


def _one_pager(a: Analysis, kit: Kit, lim: Limits, drop: set[str]) -> _Builder:
    b = _Builder()
    facts = _pick(a.candidates, 5, facts=True, avoid=drop)
    how = _pick(a.candidates, 3, facts=False, avoid=drop)
    summary = sorted(facts or how, key=lambda c: -c.score)[:2]
    b.line(_headline(kit, a), prefix="# ")
    b.line()
    b.line(phrase(a.lang, "h_summary"), prefix="## ")
    b.line()
    for c in sorted(summary, key=lambda c: c.passage.number):
        b.fact(c)
    b.line()
    _sections(b, a, kit, [c for c in facts if c not in summary], [c for c in how if c not in summary])
    b.line(phrase(a.lang, "cta_call"))
    return b


def _outline(a: Analysis, kit: Kit, lim: Limits, drop: set[str]) -> _Builder:
    """A narrative plan: the source's own sections when it has them, else context → evidence → approach."""
    b = _Builder()
    b.line(a.title, prefix="# ")
    b.line()
    usable = [c for c in a.candidates if c.passage.marker not in drop]
    sections: list[tuple[str, list[Candidate]]] = []
    if len(a.headings) >= 2:
        bounds = [*a.headings]
        for i, h in enumerate(bounds):
            nxt = bounds[i + 1].number if i + 1 < len(bounds) else 10**9
            inside = [c for c in usable if h.number < c.passage.number < nxt and c.passage.source_id == h.source_id]
            if inside:
                sections.append((_sentence(h.text).rstrip("."), _pick(inside, 3)))
    else:
        ordered = sorted(usable, key=lambda c: c.passage.number)
        context = [c for c in ordered if not c.is_fact][:2] or ordered[:1]
        facts = _pick(usable, 4, facts=True, avoid={c.passage.marker for c in context})
        approach = [c for c in ordered if not c.is_fact and c not in context][:3]
        sections = [(phrase(a.lang, "h_context"), context), (phrase(a.lang, "h_evidence"), facts),
                    (phrase(a.lang, "h_approach"), approach)]
    for heading, items in sections:
        if not items:
            continue
        b.line(heading, prefix="## ")
        b.line()
        for c in items:
            b.fact(c, prefix="- ")
        b.line()
    shown = {c.passage.marker for _, items in sections for c in items}
    top = sorted((c for c in usable if c.passage.marker not in shown), key=lambda c: -c.score)[:2]
    if top:
        b.line(phrase(a.lang, "h_takeaways"), prefix="## ")
        b.line()
        for c in sorted(top, key=lambda c: c.passage.number):
            b.fact(c, prefix="- ")
        b.line()
    b.line(phrase(a.lang, "h_next"), prefix="## ")
    b.line()
    b.line(phrase(a.lang, "next"), prefix="- ")
    return b


_TEMPLATES = {
    "linkedin": _linkedin, "email": _email, "landing": _landing, "sequence": _sequence,
    "one_pager": _one_pager, "outline": _outline,
}


# --------------------------------------------------------------------------- limits and the check


def split_steps(text: str) -> list[str]:
    """The e-mails of a sequence (one per '## ' section)."""
    return [part for part in re.split(r"(?m)^## .*\n", text) if part.strip()]


def subject_of(text: str) -> str | None:
    m = re.search(r"(?mi)^(?:objet|subject)\s*:\s*(.+)$", text)
    return m.group(1).strip() if m else None


def within_limits(text: str, channel: str, lim: Limits) -> list[str]:
    """What breaks the channel's limits (empty when the draft fits)."""
    problems = []
    units = split_steps(text) if channel == "sequence" else [text]
    for unit in units:
        subject = subject_of(unit)
        body = re.sub(r"(?mi)^(?:objet|subject)\s*:.*$", "", unit)
        if lim.subject_max_chars and subject and len(subject) > lim.subject_max_chars:
            problems.append(f"subject of {len(subject)} characters")
        if lim.max_words and _word_count(body) > lim.max_words:
            problems.append(f"{_word_count(body)} words")
        if lim.max_chars and len(body) > lim.max_chars:
            problems.append(f"{len(body)} characters")
    if lim.max_hashtags is not None:
        tags = re.findall(r"(?<![\w&#/])#[^\W\d_][\w\-]*", text)
        if len(tags) > lim.max_hashtags:
            problems.append(f"{len(tags)} hashtags")
    return problems


def compose_offline(request: ComposeRequest, analysis: Analysis | None = None) -> ComposeResult:
    """Compose one draft; with a workspace, re-check it and drop any sentence that would block."""
    channel = request.channel
    template = _TEMPLATES.get(channel)
    if template is None:
        raise ComposeError(f"the offline composer has no template for {channel!r}; "
                           f"it knows {', '.join(_TEMPLATES)}")
    a = analysis or analyse(request)
    lim = limits(request.kit, channel)
    drop: set[str] = set()
    warnings: list[str] = []
    builder = template(a, request.kit, lim, drop)
    for _ in range(8):
        text = builder.text
        too_long = within_limits(text, channel, lim)
        blocked: set[str] = set()
        report = None
        if request.workspace is not None and not too_long:
            from proofline.checker import Checker

            report = Checker.for_workspace(request.workspace).check(
                text, document=f"draft:{channel}", as_of=request.as_of,
                channel=channel_of(request.kit, channel))
            for claim in report.claims:
                if claim.blocks:
                    for cit in builder.citations:
                        if cit.start < claim.end and claim.start < cit.end:
                            blocked.update(p.marker for p in cit.passages)
                    if not any(cit.start < claim.end and claim.start < cit.end for cit in builder.citations):
                        warnings.append(f"the template text {claim.text!r} is {claim.verdict.value}")
        if not too_long and not blocked:
            break
        used = [p.marker for cit in builder.citations for p in cit.passages]
        if blocked:
            drop |= blocked
        elif too_long and used:
            # Over a limit: drop the weakest sentence used.
            scores = {c.passage.marker: c.score for c in a.candidates}
            drop.add(min(used, key=lambda m: scores.get(m, 0.0)))
        else:
            warnings.append("the draft is over the channel's limits: " + ", ".join(too_long))
            break
        if all(c.passage.marker in drop for c in a.candidates):
            raise ComposeError("compose.all_dropped")
        builder = template(a, request.kit, lim, drop)
    return ComposeResult(text=builder.text, channel=channel, lang=a.lang, provider="offline", model=None,
                         citations=builder.citations, raw_text=builder.text, warnings=warnings,
                         report=report if report is not None and report.text == builder.text else None)


__all__ = ["Analysis", "Candidate", "analyse", "compose_offline", "split_steps", "subject_of", "within_limits"]
