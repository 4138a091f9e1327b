"""Find the claims in a draft: sentences a prospect could contest, with a category each.

The cues are data (`cues.yaml`). A sentence is a claim when it carries a figure outside an offer
or the text's own structure, a strong category cue (certification, hosting, price, superlative,
founding year...), a named customer with a verb of use, or matches a forbidden claim. Questions,
calls to action, offers, opinions and hedged wishes are not claims: false alarms are what makes
teams abandon a checker, so the finder stays conservative on sentences with nothing checkable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from proofline.evidence.features import figures_of
from proofline.model import Category
from proofline.text.document import Document
from proofline.text.prefilter import Gated, any_match, count, gate_all, narrow
from proofline.text.quantities import Quantity
from proofline.verdicts import forbidden_match
from proofline.workspace.model import ForbiddenClaim, Kit

# Ties between categories go to the first: the rarer, stricter categories win.
_PRIORITY = [Category.GUARANTEE, Category.COMPLIANCE, Category.SECURITY, Category.CUSTOMER,
             Category.PRICING, Category.COMPARISON, Category.COMPANY, Category.AVAILABILITY,
             Category.PERFORMANCE]
_SKIP_KINDS = frozenset({"separator", "code"})
_FIGURE_KINDS = frozenset({"percent", "money", "count", "duration", "frequency", "year", "date",
                           "time_of_day", "factor", "schedule"})
# Figures that make a claim on their own; years, dates and times of day only anchor a claim
# that something else makes ("à 3 h du matin", "En 2023" alone are narrative, not claims).
_STRONG_FIGURES = frozenset({"percent", "money", "count", "duration", "frequency", "factor", "schedule"})
# What we do for the reader: a sentence about the reader's things with such a cue is a claim.
_FOR_THE_READER = (Category.SECURITY, Category.GUARANTEE, Category.PRICING, Category.AVAILABILITY,
                   Category.COMPLIANCE)
_FIRST_PERSON = re.compile(r"\b(?:nous|notre|nos|we|our|ours|us)\b", re.IGNORECASE)
_MIN_WORDS = 3  # a fragment shorter than this, with no figure, is a label, not a claim
_CONTEXT_REACH = 30  # characters around a figure in which an offer word neutralises it
_SEGMENT_SPLIT = re.compile(
    r"\s*[;:]\s+|,\s+(?:et|and|but|mais|while|tandis que)\s+|,\s+dont\s+|,\s+|\s+(?:et|and)\s+(?=(?:nous|we|our|nos|notre|il|elle|ils|elles|it|they|holds?|has|have|a|ont|est|sont|is|are"
    r"|now|today|also|still|already|désormais|aujourd.hui|aussi|déjà|maintenant)\b)"
)
# An introductory phrase ("Dans les 12 régies de notre étude", "Across the nine sites") sets the
# scene of the clause after it: it is never a claim of its own.
_INTRO = re.compile(
    r"(?:dans|en|sur|pour|parmi|entre|depuis|après|avant|selon|grâce à|avec|chez|côté|au sein|lors|"
    r"in|on|across|among|amongst|between|since|after|before|according to|thanks to|with|at|for|over|during|within)\b",
    re.IGNORECASE)
# What turns a call to action into a promise: a trial with a length, a refund, a guarantee.
_CTA_PROMISE = re.compile(
    r"\b(?:essai|trial|rembours\w*|refund\w*|garanti\w*|guarantee\w*|satisfait ou)\b"
    r"|\bgratuit\w*\b.*\b\d+\s*(?:jours|days|mois|months|semaines|weeks)\b"
    r"|\b(?:free|gratuit\w*)\s+(?:for|pendant)\b",
    re.IGNORECASE)
_TRAILER = re.compile(r"(?:jusqu|up to|as well as|ainsi que|soit|i\.e\.|c.est-à-dire|notamment|including|dont|of which|"
                      r"puis|ensuite|then|and then|et ensuite)\b",
                      re.IGNORECASE)
# Two or more capitalised words in a row, with French/English particles allowed inside:
# "Brackenmoor Water", "Régie des eaux de Bellerive-Océan", "Hélène Vasseur".
_NAME = re.compile(
    r"\b[A-ZÀ-Ý][\w’'-]+(?:\s+(?:de|des|du|d’|d'|la|le|of|the|and|&)?\s*[A-ZÀ-Ý][\w’'-]+)+"
)


@dataclass(frozen=True)
class Cues:
    """The cue patterns, each behind its literal gate (text/prefilter.py): searched with the folded text."""

    strong: dict[Category, tuple[Gated, ...]]
    weak: dict[Category, tuple[Gated, ...]]
    opinion: tuple[Gated, ...]
    cta: tuple[Gated, ...]
    offer: tuple[Gated, ...]
    aspiration: tuple[Gated, ...]
    hook: tuple[Gated, ...]
    reader: tuple[Gated, ...]
    reader_subject: tuple[Gated, ...]
    capability: tuple[Gated, ...]
    figure_context: tuple[Gated, ...]
    customer_verbs: re.Pattern[str]

    def narrowed(self, text: str) -> Cues:
        """Only the cues that may match `text`: its clauses and figure windows need no other."""
        folded = text.casefold()

        def keep(gated: tuple[Gated, ...]) -> tuple[Gated, ...]:
            return narrow(gated, text, folded)

        return Cues(strong={c: keep(g) for c, g in self.strong.items()},
                    weak={c: keep(g) for c, g in self.weak.items()},
                    opinion=keep(self.opinion), cta=keep(self.cta), offer=keep(self.offer),
                    aspiration=keep(self.aspiration), hook=keep(self.hook), reader=keep(self.reader),
                    reader_subject=keep(self.reader_subject), capability=keep(self.capability),
                    figure_context=keep(self.figure_context),
                    customer_verbs=self.customer_verbs)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The cues of cues.yaml, compiled and gated once per install (kept in the disk cache: parsing
    the YAML and working out each regex's literals costs more than a short check)."""
    from proofline.cache import cached, content_hash

    text = files("proofline.claims").joinpath("cues.yaml").read_text("utf-8")
    return cached("claim-cues", content_hash(text), lambda: _compile_cues(text))


def _compile_cues(text: str) -> Cues:
    raw: dict[str, Any] = yaml.safe_load(text)

    def comp(items: list[str]) -> tuple[Gated, ...]:
        return gate_all(re.compile(p, re.IGNORECASE) for p in items)

    cats = raw["categories"]
    nc = raw["not_claim"]
    return Cues(
        strong={Category(c): comp(v.get("strong") or []) for c, v in cats.items()},
        weak={Category(c): comp(v.get("weak") or []) for c, v in cats.items()},
        opinion=comp(nc["opinion"]), cta=comp(nc["cta"]), offer=comp(nc["offer"]),
        aspiration=comp(nc["aspiration"]), hook=comp(nc.get("hook") or []), reader=comp(nc.get("reader") or []),
        reader_subject=comp(nc.get("reader_subject") or []), capability=comp(raw.get("capability_verbs") or []),
        figure_context=comp(raw["figure_context"]),
        customer_verbs=re.compile(
            r"\b(?:utilis\w+|équip\w+|a choisi|ont choisi|a adopté|ont adopté|a déployé|ont déployé|"
            r"client\w*|depuis|us(?:e|es|ed|ing)|chose|chosen|adopted|deployed|customer|since|"
            r"réduit|reduced|cut|a gagné|saved|raised|rose|dessert|serves|couvre|covers|has been|"
            r"with us|avec nous|relies on|s.appuie sur|fait confiance|trusts|works with|travaille avec|"
            r"plans? (?:its|their|ses|leurs)|planifie)\b",
            re.IGNORECASE),
    )


@dataclass
class Segment:
    start: int  # document offsets
    end: int
    category: Category
    confident: bool
    forbidden: ForbiddenClaim | None = None


@dataclass
class ClaimSentence:
    """A claim-bearing sentence: the whole span, and the clauses it may be split into."""

    whole: Segment
    doc: Document | None = None
    kit: Kit | None = None
    cues: Cues | None = None  # the sentence's narrowed cues, reused for its clauses
    _segments: list[Segment] | None = None

    @property
    def segments(self) -> list[Segment]:
        """Worked out on demand: only a sentence whose whole verdict blocks is ever split."""
        if self._segments is None:
            if self.doc is None or self.kit is None:
                self._segments = []
            else:
                w = self.whole
                cues = self.cues or load_cues()
                self._segments = _segments(self.doc, w.start, w.end, self.doc.language, self.kit, cues, w)
        return self._segments


def _names(text: str, kit: Kit) -> list[str]:
    brand_words = {w.lower() for w in re.findall(r"\w+", kit.brand)}
    found = []
    for m in _NAME.finditer(text):
        words = [w for w in re.findall(r"[\w’'-]+", m.group(0)) if w[:1].isupper()]
        if any(w.lower() in brand_words for w in words):
            continue  # the brand or one of its products ("Logivia Pro"), not a customer
        found.append(m.group(0))
    return found


def _figures(text: str, lang: str, cues: Cues) -> list[Quantity]:
    out = []
    for q in figures_of(text, lang):
        if q.kind not in _FIGURE_KINDS:
            continue
        lo, hi = max(0, q.start - _CONTEXT_REACH), min(len(text), q.end + _CONTEXT_REACH)
        window = text[lo:hi]
        if any_match(cues.figure_context, window, window.casefold()):
            continue
        out.append(q)
    return out


def _classify(text: str, folded: str, kit: Kit, cues: Cues, figures: list[Quantity],
              has_customer: bool, product_does: bool = False) -> tuple[Category | None, bool]:
    """The category with the most cue votes, and whether a strong cue decided it."""
    scores: dict[Category, float] = {}
    for cat, patterns in cues.strong.items():
        n = count(patterns, text, folded)
        if n:
            scores[cat] = scores.get(cat, 0) + 2 * n
    if product_does:
        scores[Category.AVAILABILITY] = scores.get(Category.AVAILABILITY, 0) + 2
    strong = bool(scores)
    strong_figures = [q for q in figures if q.kind in _STRONG_FIGURES]
    if has_customer:
        scores[Category.CUSTOMER] = scores.get(Category.CUSTOMER, 0) + 3
    if not (strong or strong_figures or has_customer):
        return None, False
    for cat, patterns in cues.weak.items():
        n = count(patterns, text, folded)
        if n:
            scores[cat] = scores.get(cat, 0) + n
    if not scores:
        return Category.PERFORMANCE, False
    best = max(_PRIORITY, key=lambda c: (scores.get(c, 0), -_PRIORITY.index(c)))
    return best, scores.get(best, 0) >= 2


def _is_not_claim(text: str, cues: Cues, figures: list[Quantity]) -> bool:
    stripped = text.strip()
    if stripped.endswith("?") or stripped.startswith("#"):
        return True
    if not figures and len(stripped.split()) < _MIN_WORDS:
        return True
    folded = stripped.casefold()
    if any_match(cues.opinion, stripped, folded):
        return True
    if any_match(cues.cta, stripped, folded):
        # "Testez gratuitement pendant 14 jours" invites, but also promises a free trial: a call
        # to action that names a price, a trial or a guarantee is a claim all the same.
        return not (_CTA_PROMISE.search(stripped) or any(q.kind == "money" for q in figures))
    if (any_match(cues.offer, stripped, folded) or any_match(cues.hook, stripped, folded)
            or any_match(cues.reader, stripped, folded)):
        return True
    return not figures and any_match(cues.aspiration, stripped, folded)


def _product_does(text: str, folded: str, kit: Kit, cues: Cues) -> bool:
    """"Campus Sillage importe vos modules SCORM": one of the brand's names does something."""
    if not any_match(cues.capability, text, folded):
        return False
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in _brand_words(kit.brand))


@lru_cache(maxsize=32)
def _brand_words(brand: str) -> tuple[str, ...]:
    """The brand's distinctive words as written (capitalised, 4 letters or more)."""
    return tuple(w for w in re.findall(r"[\w-]+", brand) if len(w) >= 4 and w[:1].isupper())


def _about_the_reader(text: str, folded: str, kit: Kit, cues: Cues, figures: list[Quantity]) -> bool:
    """"Vos chefs d'équipe n'ont pas tous un bureau": the reader's situation, not a claim of ours.

    A sentence whose subject is the reader's is still a claim when it says what we do for them
    ("Vos données sont hébergées en France"), names us, or holds a figure of ours ("Vos équipes
    gagnent 6 heures par semaine"); a frequency word alone ("vos entretiens annuels") is not one.
    """
    stripped = text.strip()
    if not any_match(cues.reader_subject, stripped, stripped.casefold()):
        return False
    if _FIRST_PERSON.search(text) or any(w.lower() in folded for w in re.findall(r"\w{3,}", kit.brand)):
        return False
    if any(q.kind in _STRONG_FIGURES and q.kind != "frequency" for q in figures):
        return False
    return not any(count(cues.strong[c], text, folded) for c in _FOR_THE_READER if c in cues.strong)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?…;:,"):
        end -= 1
    while start < end and (text[start].isspace() or text[start] in "-–—•*>"):
        start += 1
    return start, end


def analyse(text: str, lang: str, kit: Kit, cues: Cues) -> tuple[Category | None, bool, ForbiddenClaim | None]:
    """Category (None when not a claim), confidence and forbidden rule of one span of prose."""
    hit = forbidden_match(text, kit)
    forbidden = hit[0] if hit else None
    figures = _figures(text, lang, cues)
    if forbidden is None and _is_not_claim(text, cues, figures):
        return None, False, None
    names = _names(text, kit)
    has_customer = bool(names) and bool(cues.customer_verbs.search(text))
    folded = text.casefold()
    does = _product_does(text, folded, kit, cues)
    category, confident = _classify(text, folded, kit, cues, figures, has_customer, does)
    if category is not None and forbidden is None and _about_the_reader(text, folded, kit, cues, figures):
        return None, False, None
    if forbidden is not None and category is None:
        category, confident = Category.PERFORMANCE, False
    return category, confident, forbidden


def find_claims(doc: Document, kit: Kit) -> list[ClaimSentence]:
    cues = load_cues()
    lang = doc.language
    out: list[ClaimSentence] = []
    for sentence in doc.sentences:
        if sentence.kind in _SKIP_KINDS:
            continue
        start, end = _trim(doc.prose, sentence.start, sentence.end)
        if end <= start:
            continue
        text = doc.prose[start:end]
        if doc.prose[sentence.start:sentence.end].rstrip().endswith("?"):
            continue
        if sentence.kind == "heading" and len(text.split()) <= 4 and not any(ch.isdigit() for ch in text):
            continue
        local = cues.narrowed(text)
        category, confident, forbidden = analyse(text, lang, kit, local)
        if category is None:
            continue
        whole = Segment(start, end, category, confident, forbidden)
        out.append(ClaimSentence(whole, doc, kit, local))
    return out


def _segments(doc: Document, start: int, end: int, lang: str, kit: Kit, cues: Cues,
              whole: Segment) -> list[Segment]:
    """Clauses that are claims on their own; clauses with nothing checkable join a neighbour."""
    text = doc.prose[start:end]
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _SEGMENT_SPLIT.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    if len(pieces) < 2:
        return []
    segments: list[Segment] = []
    pending: tuple[int, int] | None = None
    for a, b in pieces:
        own_s, own_e = _trim(text, a, b)  # the clause itself, before an introduction is joined to it
        joined = pending is not None
        if pending is not None:
            a = pending[0]
            pending = None
        s, e = _trim(text, a, b)
        if _INTRO.match(text[own_s:own_e]) and b < len(text):
            pending = (a, b)
            continue
        if segments and not joined and (_INTRO.match(text[s:e]) or _TRAILER.match(text[s:e])):
            last = segments[-1]  # "…, jusqu'à 80 000 abonnés" / "…, dans deux centres de données"
            segments[-1] = Segment(last.start, start + e, last.category, last.confident, last.forbidden)
            continue
        category, confident, forbidden = analyse(text[s:e], lang, kit, cues)
        if category is None:
            if segments:
                last = segments[-1]
                segments[-1] = Segment(last.start, start + e, last.category, last.confident, last.forbidden)
            else:
                pending = (a, b)
            continue
        segments.append(Segment(start + s, start + e, category, confident, forbidden))
    if pending is not None and segments:
        first = segments[0]
        segments[0] = Segment(start + pending[0], first.end, first.category, first.confident, first.forbidden)
    return segments if len(segments) >= 2 else []
