"""Find the claims in a draft: sentences a prospect could contest, with a category each.

Two questions, in order. What does the sentence do (`roles.py`)? Only assertions, and headings
that may state a result, go on. Does it hold something checkable? A figure outside an offer or
the text's own structure, an assertion cue of a category (certified, hosted in, a price, a
superlative, a founding year...), a topic cue (support, hosting, a change) said of someone in
particular, a named customer with a verb of use, or a forbidden claim. The cues are data
(`cues.yaml`). False alarms are what makes teams abandon a checker, so the finder stays
conservative on sentences with nothing checkable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from proofline.claims.cues import Cues, load_cues
from proofline.claims.forbidden import forbidden_match
from proofline.claims.roles import STRONG_FIGURES, SentenceRole, result_figures, role_of
from proofline.model import Category
from proofline.text.document import Document
from proofline.text.patterns import any_match, count
from proofline.text.quantities import Quantity, figures_of
from proofline.text.quantities.kinds import CLAIM_KINDS
from proofline.workspace.model import ForbiddenClaim, Kit

# Ties between categories go to the first: the rarer, stricter categories win.
_PRIORITY = [Category.GUARANTEE, Category.THIRD_PARTY, Category.COMPLIANCE, Category.SECURITY, Category.CUSTOMER,
             Category.PRICING, Category.COMPARISON, Category.COMPANY, Category.AVAILABILITY,
             Category.PERFORMANCE]
_SKIP_KINDS = frozenset({"separator", "code"})
_FIGURE_KINDS = CLAIM_KINDS  # identifiers and ordinals are names, not figures
# What we do for the reader: a sentence about the reader's things with such a cue is a claim.
_FOR_THE_READER = (Category.SECURITY, Category.GUARANTEE, Category.PRICING, Category.AVAILABILITY,
                   Category.COMPLIANCE)
_FIRST_PERSON = re.compile(r"\b(?:nous|notre|nos|we|our|ours|us)\b", re.IGNORECASE)
# Who speaks: "we", "I", "my company" — a statement of the publisher about itself.
_SPEAKER = re.compile(r"\b(?:nous|notre|nos|we|our|ours|us|je|j['’]|mon|ma|mes|my)\b|(?-i:\bI\b)|\bI['’]", re.IGNORECASE)
# A verb right after a sentence's first word makes that word its subject.
_SUBJECT_VERB = re.compile(r"\s*(?:s['’]|['’]s\b|\s(?:est|a|ont|sont|propose|offre|annonce|lance|is|has|was|reported|announced|offers|launched|says|said)\b)")
_FUNCTION_WORDS = frozenset((
    "le", "la", "les", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "ils", "elles", "on", "nous",
    "vous", "chaque", "tout", "toute", "tous", "toutes", "cela", "ceci", "celui", "celle",
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "you", "each",
    "every", "all", "one"))
# A capitalised word of 3+ letters with lowercase in it (not an acronym like ROI, HT, CS).
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:[A-Z][\w-]*)?[a-zà-ÿ-]*\b(?<=\w{3})")
_TOPIC_HEADING_WORDS = 7
# A text whose publisher says "we"/"nous" this often is its own content, even when it never names
# the kit's brand (a page of another company, an agency's client): what it describes is its offer.
_OWN_VOICE = 8
_ALIGNMENT_ROW = re.compile(r"[ \t|]*\n[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*(?:\n|$)")
_CONTEXT_REACH = 30  # characters around a figure in which an offer word neutralises it
_SEGMENT_SPLIT = re.compile(
    r"\s*[;:]\s+|,\s+(?:et|and|but|mais|while|tandis que)\s+|,\s+dont\s+|,\s+|\s+(?:et|and)\s+(?=(?:nous|we|our|nos|notre|il|elle|ils|elles|it|they|holds?|has|have|a|ont|est|sont|is|are"
    r"|now|today|also|still|already|désormais|aujourd.hui|aussi|déjà|maintenant)\b)"
    # a purpose is a clause of its own: "founded in 2016 | with the ambition of becoming..."
    r"|\s+(?=(?:with the (?:ambition|aim|goal) of|avec l.(?:ambition|objectif) de|dans le but de|afin de|in order to)\b)"
)
# An introductory phrase ("Dans les 12 régies de notre étude", "Across the nine sites") sets the
# scene of the clause after it: it is never a claim of its own. So does a threshold or a moment
# that conditions it ("Au-delà de 400 palettes par mois, ...", "Once we collect your pallets, ...").
_INTRO = re.compile(
    r"(?:dans|en|sur|pour|parmi|entre|depuis|après|avant|selon|d['’]après|grâce à|avec|chez|côté|au sein|lors|"
    r"au-delà|en deçà|en dessous|au-dessus|à partir|dès|sous|une fois|"
    r"in|on|across|among|amongst|between|since|after|before|according to|thanks to|with|at|for|over|during|within|"
    r"above|below|beyond|under|past|from|once)\b",
    re.IGNORECASE)
_TRAILER = re.compile(r"(?:jusqu|up to|as well as|ainsi que|soit|i\.e\.|c.est-à-dire|notamment|including|dont|of which|"
                      r"puis|ensuite|then|and then|et ensuite)\b",
                      re.IGNORECASE)
# Two or more capitalised words in a row, with French/English particles allowed inside:
# "Brackenmoor Water", "Régie des eaux de Bellerive-Océan", "Hélène Vasseur".
_NAME = re.compile(
    r"\b[A-ZÀ-Ý][\w’'-]+(?:\s+(?:de|des|du|d’|d'|la|le|of|the|and|&)?\s*[A-ZÀ-Ý][\w’'-]+)+"
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
    brand_voice: bool = False  # the document names the brand (see `analyse`)
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
                self._segments = _segments(self.doc, w.start, w.end, self.doc.language, self.kit, cues, w,
                                           self.brand_voice)
        return self._segments


def _names(text: str, kit: Kit) -> list[str]:
    brand_words = {w.lower() for w in re.findall(r"\w+", kit.brand)}
    found = []
    for m in _NAME.finditer(text):
        words = [w for w in re.findall(r"[\w’'-]+", m.group(0)) if w[:1].isupper()]
        if any(w.lower() in brand_words for w in words):
            continue  # the brand or one of its products ("Logivia Pro"), not a customer
        if all(w.isupper() for w in words) and any(len(w) > 4 for w in words):
            continue  # shouting ("C'EST URGENT"), not a name
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
        if q.kind == "count" and _counts_the_text(text, q, cues):
            continue
        out.append(q)
    return out


_NEXT_WORDS = re.compile(r"\s*(?:[\w’'-]+\s+){0,2}[\w’'-]+")


def _counts_the_text(text: str, q: Quantity, cues: Cues) -> bool:
    """"3 questions à poser", "13 Marketing Statistics": a count of the text's own parts."""
    m = _NEXT_WORDS.match(text, q.end)
    if not m:
        return False
    words = re.findall(r"[\w’'-]+", m.group(0))
    return any(cues.structure_nouns.fullmatch(w) for w in words)


def _classify(text: str, folded: str, kit: Kit, cues: Cues, figures: list[Quantity],
              has_customer: bool, product_does: bool = False,
              anchored: bool = False) -> tuple[Category | None, bool]:
    """The category with the most cue votes, and whether a strong cue decided it.

    A topic cue ("support", "hébergement", "ROI", a change verb) counts as strong only in an
    `anchored` sentence, one that says it of someone in particular or binds it to a figure.
    """
    scores: dict[Category, float] = {}
    for cat, patterns in cues.strong.items():
        if patterns:
            n = count(patterns, text, folded)
            if n:
                scores[cat] = scores.get(cat, 0) + 2 * n
    topics = {cat: n for cat, patterns in cues.topic.items() if patterns and (n := count(patterns, text, folded))}
    if anchored:
        for cat, n in topics.items():
            scores[cat] = scores.get(cat, 0) + 2 * n
    if product_does:
        scores[Category.AVAILABILITY] = scores.get(Category.AVAILABILITY, 0) + 2
    strong = bool(scores)
    strong_figures = [q for q in figures if q.kind in STRONG_FIGURES]
    if has_customer:
        scores[Category.CUSTOMER] = scores.get(Category.CUSTOMER, 0) + 3
    if not (strong or strong_figures or has_customer):
        return None, False
    for cat, patterns in cues.weak.items():
        if patterns:
            n = count(patterns, text, folded)
            if n:
                scores[cat] = scores.get(cat, 0) + n
    if not anchored:  # an unanchored topic still votes, as a weak cue, in a sentence that is a claim
        for cat, n in topics.items():
            scores[cat] = scores.get(cat, 0) + n
    if not scores:
        return Category.PERFORMANCE, False
    best = max(_PRIORITY, key=lambda c: (scores.get(c, 0), -_PRIORITY.index(c)))
    return best, scores.get(best, 0) >= 2


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
    if result_figures(figures):
        return False
    return not any(count(cues.strong[c], text, folded) for c in _FOR_THE_READER if c in cues.strong)


def _speaks_of_itself(text: str, kit: Kit) -> bool:
    """The publisher speaks of itself: we, I, my company, or one of the brand's names."""
    return bool(_SPEAKER.search(text)) or _speaks_of_itself_in(text, kit)


def _speaks_of_itself_in(prose: str, kit: Kit) -> bool:
    """Whether a document names the brand (one of its distinctive words, as written)."""
    return any(re.search(rf"\b{re.escape(w)}\b", prose) for w in _brand_words(kit.brand))


def _anchored(text: str, figures: list[Quantity], names: list[str]) -> bool:
    """Whether the sentence is about someone in particular or bound to a figure or a date.

    "Le support répond en français" says nothing anyone could hold a publisher to; "Notre support
    répond en français", "Le support de Numspot..." or "...en moins de 4 heures" do. Anchors
    (besides the publisher itself): a figure, a year or a date, or a named party.
    """
    if figures or names or any(ch.isdigit() for ch in text):
        return True
    return _named_word(text)


def _named_word(text: str) -> bool:
    """A single capitalised word inside the sentence ("la plateforme Numspot", "chez Airbus"), or
    a sentence's first word when a verb follows it as its subject ("Scalingo s'est engagé...")."""
    for m in _CAPITALISED.finditer(text):
        before = text[:m.start()].rstrip()
        if not before or before[-1] in ".:;!?«“\"(–—-•*>" or before.endswith(("[", "|")):
            if m.group(0).casefold() not in _FUNCTION_WORDS and _SUBJECT_VERB.match(text, m.end()):
                return True
            continue  # the first word of a sentence, a clause or a list item
        return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?…;:,"):
        end -= 1
    while start < end and (text[start].isspace() or text[start] in "-–—•*>"):
        start += 1
    return start, end


def analyse(text: str, lang: str, kit: Kit, cues: Cues, kind: str = "paragraph", *,
            brand_voice: bool = False, role: SentenceRole | None = None, forbidden_possible: bool = True,
            speaker: bool | None = None, figures: list[Quantity] | None = None,
            ) -> tuple[Category | None, bool, ForbiddenClaim | None]:
    """Category (None when not a claim), confidence and forbidden rule of one span of prose.

    `brand_voice`: the document names the brand, so it is the brand's own content and what it
    describes ("La géolocalisation se coupe automatiquement") is the brand's product. A text that
    never names the brand (a market article) states generalities unless it names someone.
    `role`, `speaker` and `figures` are passed when the caller has already worked them out.
    """
    # A clause of a sentence that makes no forbidden claim makes none either: not searched again.
    hit = forbidden_match(text, kit) if forbidden_possible else None
    forbidden = hit[0] if hit else None
    figures = _figures(text, lang, cues) if figures is None else figures
    folded = text.casefold()
    speaker = _speaks_of_itself(text, kit) if speaker is None else speaker
    role = role or role_of(text, kind, cues, figures, speaker=speaker)
    if forbidden is None and not role.may_claim:
        return None, False, None
    names = _names(text, kit)
    has_customer = bool(names) and bool(cues.customer_verbs.search(text))
    does = _product_does(text, folded, kit, cues)
    # In a heading, a topic word names what follows ("Certification HDS : le référentiel"):
    # only an assertion cue or a figure makes a heading a claim.
    anchored = role is not SentenceRole.HEADING and (brand_voice or speaker or _anchored(text, figures, names))
    category, confident = _classify(text, folded, kit, cues, figures, has_customer, does, anchored)
    if category is not None and forbidden is None and _about_the_reader(text, folded, kit, cues, figures):
        return None, False, None
    if forbidden is not None and category is None:
        category, confident = Category.PERFORMANCE, False
    return category, confident, forbidden


def find_claims(doc: Document, kit: Kit) -> list[ClaimSentence]:
    cues = load_cues()
    lang = doc.language
    brand_voice = _speaks_of_itself_in(doc.prose, kit) or len(_FIRST_PERSON.findall(doc.prose)) >= _OWN_VOICE
    scenario = -1  # the block of the scenario being told, if any
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
        # A table's header row names its columns ("Formule | Prix par salarié | Frais"): structure.
        # So does a row the Markdown alignment line underlines ("| KPI | 3-year benefit |" above "|---|").
        if sentence.kind == "table_row" and not _in_table(doc, sentence.block) and (
                not any(ch.isdigit() for ch in text) or _ALIGNMENT_ROW.match(doc.text, doc.blocks[sentence.block].end)):
            continue
        local = cues.narrowed(text)
        # A scenario goes on until its paragraph ends ("Prenons une PME de 80 salariés. Elle
        # traite 400 bulletins par mois."), unless a sentence speaks of us again.
        speaker = _speaks_of_itself(text, kit)
        if scenario == sentence.block and not speaker:
            continue
        figures: list[Quantity] | None = _figures(text, lang, local)
        # A short heading with no figure names a topic ("Sauvegarde du service Données Mobiles",
        # "Why shippers choose us"); a headline that states a result is a sentence, and longer.
        if (sentence.kind == "heading" and len(text.split()) <= _TOPIC_HEADING_WORDS
                and not any(ch.isdigit() for ch in text) and not result_figures(figures or [])):
            continue
        whole_role = role_of(text, sentence.kind, local, figures or [], speaker=speaker)
        if whole_role is SentenceRole.HYPOTHETICAL:
            scenario = sentence.block
            continue
        a, b = _claim_span(text, lang, kit, local, sentence.kind, whole_role)
        role: SentenceRole | None = whole_role
        known_speaker: bool | None = speaker
        if (a, b) != (0, len(text)):  # a trimmed span is worked out anew
            start, end, text, role, known_speaker, figures = start + a, start + b, text[a:b], None, None, None
        category, confident, forbidden = analyse(text, lang, kit, local, sentence.kind, brand_voice=brand_voice,
                                                 role=role, speaker=known_speaker, figures=figures)
        if category is None:
            continue
        whole = Segment(start, end, category, confident, forbidden)
        out.append(ClaimSentence(whole, doc, kit, local, brand_voice=brand_voice))
    return out


# Roles of a clause that leave the rest of its sentence a claim: cut from the claim's edges.
_EDGE_ROLES = frozenset({SentenceRole.OPINION, SentenceRole.INTENT, SentenceRole.META, SentenceRole.ADVICE,
                         SentenceRole.HOOK, SentenceRole.OFFER, SentenceRole.CALL_TO_ACTION,
                         SentenceRole.READER, SentenceRole.REPORTING})
# Roles of a first clause that govern the whole sentence ("Selon moi, ...", "Prenons un exemple : ...").
_GOVERNING_ROLES = frozenset({SentenceRole.OPINION, SentenceRole.HYPOTHETICAL, SentenceRole.ADVICE,
                              SentenceRole.CALL_TO_ACTION})
# Roles found anywhere in a sentence that may belong to one clause only ("..., cette étude répond à").
_CLAUSE_ROLES = frozenset({SentenceRole.META, SentenceRole.INTENT, SentenceRole.REPORTING})
_REPORTING_OPENER = re.compile(r"(?:que|qu['’]|that)$", re.IGNORECASE)  # "Retenez que", "Note that"


def _clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a sentence, as offsets into it (before any joining)."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _SEGMENT_SPLIT.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    return pieces


def _completes(before: str, clause: str, lang: str) -> bool:
    """Whether `clause` holds nothing but figures of a kind `before` already states ("7 j/7"
    after "répond 24 h/24"): it completes the figure before it."""
    figures = figures_of(clause, lang)
    rest = clause
    for q in sorted(figures, key=lambda q: -q.start):
        rest = rest[:q.start] + " " + rest[q.end:]
    if not figures or re.search(r"[^\W\d_]{3,}", rest):
        return False
    kinds = {q.kind for q in figures_of(before, lang)}
    return all(q.kind in kinds for q in figures)


def _states_a_statistic(clause: str, lang: str) -> bool:
    """"..., with a median of 26%", "..., avec une médiane à 28 %": a mean or a median is a fact
    of its own, checked on its own, not the tail of the clause before it."""
    return any(k == "stat" for q in figures_of(clause, lang) for k, _ in q.extra)


def _in_table(doc: Document, block: int) -> bool:
    """Whether the block before this table row is a row of the same table (so it is not the header)."""
    before = block - 1
    while before >= 0 and doc.blocks[before].kind == "separator":
        before -= 1
    return before >= 0 and doc.blocks[before].kind == "table_row"


def _claim_span(text: str, lang: str, kit: Kit, cues: Cues, kind: str, whole: SentenceRole) -> tuple[int, int]:
    """The part of a sentence a claim can cover: clauses at its edges that only give an opinion,
    a goal, advice or an offer ("..., I suspect several companies held back", "Ce montant peut
    sembler modeste, mais ...", "Retenez que, ...") are not part of the claim."""
    pieces = _clauses(text)
    if len(pieces) < 2:
        return 0, len(text)
    if not (whole.may_claim or whole in _CLAUSE_ROLES):
        return 0, len(text)  # a role that governs the sentence: it is not a claim at all

    def role(i: int) -> SentenceRole:
        a, b = _trim(text, *pieces[i])
        piece = text[a:b]
        return role_of(piece, kind, cues, _figures(piece, lang, cues), speaker=_speaks_of_itself(piece, kit))

    first = role(0)
    if first in _GOVERNING_ROLES:
        return 0, len(text)
    lo, hi = 0, len(pieces)
    while lo < hi - 1:
        r = first if lo == 0 else role(lo)
        a, b = _trim(text, *pieces[lo])
        if r in _EDGE_ROLES or (r is SentenceRole.FRAGMENT and _REPORTING_OPENER.search(text[a:b])):
            lo += 1
            continue
        break
    while hi - 1 > lo and role(hi - 1) in _EDGE_ROLES:
        hi -= 1
    return _trim(text, pieces[lo][0], pieces[hi - 1][1])


def _segments(doc: Document, start: int, end: int, lang: str, kit: Kit, cues: Cues,
              whole: Segment, brand_voice: bool = False) -> list[Segment]:
    """Clauses that are claims on their own; clauses with nothing checkable join a neighbour."""
    text = doc.prose[start:end]
    pieces = _clauses(text)
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
        if (segments and not joined and (_INTRO.match(text[s:e]) or _TRAILER.match(text[s:e]))
                and not _states_a_statistic(text[s:e], lang)):
            last = segments[-1]  # "…, jusqu'à 80 000 abonnés" / "…, dans deux centres de données"
            segments[-1] = Segment(last.start, start + e, last.category, last.confident, last.forbidden)
            continue
        # A clause that is only a figure of the kind the clause before it states ("24 h/24, 7 j/7")
        # completes that figure; it is not a claim of its own.
        bare = bool(segments) and not joined and _completes(doc.prose[segments[-1].start:start + s], text[s:e], lang)
        category, confident, forbidden = (None, False, None) if bare else analyse(
            text[s:e], lang, kit, cues, brand_voice=brand_voice, forbidden_possible=whole.forbidden is not None)
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
