"""What the matcher compares: the language-free features of a span of text.

A claim and a passage are reduced to the same shape: concept keys (from the bilingual lexicon),
figures (normalised quantities), names (entities, identifiers, places) and the keys that are
negated. Figures, names and dates are the language-free anchors; concept keys carry the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from proofline.text.lexicon import Lexicon, Term, normalize_word
from proofline.text.quantities import Quantity, figures_of

# Tags whose terms say how something is said rather than what: they never count as topic.
_FUNCTION_TAGS = frozenset(
    {"negation", "universal", "restrictive", "partial", "modal", "opinion", "cta", "brand", "stop"}
)
# Words that qualify a figure or name a unit of time: the figures themselves carry that meaning.
_FIGURE_TAGS = frozenset({"time", "month", "weekday", "unit", "comparative"})
# Time words that name what a fact is about ("astreintes de nuit"), not a unit of a figure.
_COMPOSED = ((frozenset({"trial", "free"}), "free_trial"),)
_TOPICAL_TIME = frozenset({"night", "weekend", "holiday", "deadline", "season"})
_QUALIFIER_KEYS = frozenset({"at_least", "at_most", "approximately", "above", "below", "than", "same", "times", "because", "excl_vat", "incl_vat",
                            "in_addition"})
_NEGATION_TAGS = frozenset({"negation", "in_progress", "planned"})
# How many content terms after a negation it reaches ("pas de période d'essai gratuite").
_NEGATION_REACH = 3
_PROVIDED_BY = re.compile(r"\s+(?:par|by|dans|in)\s+(?:la|le|les|l['’]|the|\w+\s+)?(?:loi|law|contrat|contract|règlement|regulation|directive|NIS|RGPD|GDPR|article|code|norme|standard)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?()«»]")
# "non" between two words qualifies a noun ("managers non formés", "données non chiffrées").
_PRIVATIVE = re.compile(r"(?i:non)[ \u00a0]+[^\W\d_]")
# "ne ... que" restricts ("nos clients n'ont détecté que 180 pièces"), it does not deny.
_ONLY = re.compile(r"(?i)(?:ne\s+|n['’])(?:(?!\b(?:pas|plus|jamais|rien|aucune?|guère|point|ni)\b)[^,.;:!?])*?\bqu(?:e\b|['’])")
# ISO standards published jointly with the IEC are cited either way ("ISO/IEC 27001", "ISO 27001").
_JOINT_BODY = re.compile(r"^ISO/IEC(?=\d)")
_WORD_BEFORE = re.compile(r"[^\W\d_][ \u00a0]+$")
# A condition open before a negation: "every 5 minutes through the app when the truck has no
# telematics", "si le véhicule n'a pas de boîtier".
_CONDITION = re.compile(r"(?i)\b(?:when|whenever|if|unless|where|si|quand|lorsqu(?:e|['’])|dès lors qu(?:e|['’])|pour les \w+ qui|for \w+ that|for \w+ with)\b[^,;:.!?()]*$")


@dataclass(frozen=True)
class Name:
    """A proper name, identifier or place: compared by identity, not by meaning."""

    key: str
    kind: str  # "entity" | "identifier" | "place"
    surface: str
    start: int
    end: int
    level: str = ""  # for places: city, region, country, continent
    alias: str = ""  # for identifiers: the lexicon concept of the same words ("GDPR" → gdpr = "RGPD")


@dataclass
class Features:
    text: str
    offset: int  # where `text` starts in its document
    lang: str = ""  # the language it was read in
    terms: list[Term] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # content concept keys
    quantities: list[Quantity] = field(default_factory=list)  # figures (identifiers excluded)
    names: list[Name] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)  # content keys under a negation or "in progress"
    markers: set[str] = field(default_factory=set)  # tags present: universal, restrictive, mandatory...
    words: set[str] = field(default_factory=set)  # normalised surface words, for cognates across languages
    pending: set[str] = field(default_factory=set)  # content keys in a clause said to be in progress or planned
    # The concepts each negation reaches, together: "ne couvre pas l'application mobile" denies
    # covering THE APP, not covering anything.
    negation_groups: tuple[tuple[str, ...], ...] = ()  # in text order; a tuple: most passages have none

    @property
    def name_keys(self) -> set[str]:
        return {n.key for n in self.names}


def _is_entity(term: Term) -> bool:
    if term.tags & {"place", "brand", "term"}:
        return False
    if not term.key.startswith("w:"):
        return False
    return term.capitalized and not term.sentence_initial and len(term.surface) > 1


@lru_cache(maxsize=8192)
def _terms_cached(lexicon_id: int, text: str, lang: str) -> tuple[Term, ...]:
    return tuple(_LEXICONS[lexicon_id].terms(text, lang))


_LEXICONS: dict[int, Lexicon] = {}


def _terms(lexicon: Lexicon, text: str, lang: str) -> list[Term]:
    _LEXICONS.setdefault(id(lexicon), lexicon)
    return list(_terms_cached(id(lexicon), text, lang))


_CAPITALISED_WORD = re.compile(r"\b[A-ZÀ-Ý][\w’'-]{2,}")
_NOT_NAMES = frozenset(("the", "les", "une", "des", "this", "that", "our", "nos", "notre", "votre", "your",
                        "cette", "ces", "avec", "with", "pour", "for", "dans", "from"))


def temperature_token(q: Quantity) -> str:
    """A temperature as a token that names a class of goods or storage ("+2/+8 °C")."""
    return f"temp:{q.value:g}:{q.high if q.high is not None else q.value:g}"


def subject_tokens(feats: Features) -> frozenset[str]:
    """What names a subject in a span: its concepts and its capitalised words (a plan or a site
    called "Essentiel" or "Mouscron" is a word at the head of a list item, a name in a sentence)."""
    names = {normalize_word(w) for w in _CAPITALISED_WORD.findall(feats.text)}
    return frozenset(feats.keys) | {"=" + n for n in names if n not in _NOT_NAMES}


def extract(text: str, lang: str, lexicon: Lexicon, *, offset: int = 0) -> Features:
    """Features of `text`; offsets of terms and quantities stay relative to `text`."""
    feats = Features(text=text, offset=offset, lang=lang)
    terms = _terms(lexicon, text, lang)
    feats.terms = terms
    quantities = figures_of(text, lang)
    for q in quantities:
        if q.kind == "identifier":
            ident = dict(q.extra).get("id") or q.text.upper().replace(" ", "")
            ident = _JOINT_BODY.sub("ISO", ident)  # "ISO/IEC 27001" is the standard "ISO 27001"
            alias = next((t.key for t in terms if t.start < q.end and q.start < t.end
                          and not t.key.startswith("w:")), "")
            feats.names.append(Name("id:" + ident, "identifier", q.text, q.start, q.end, alias=alias))
        elif q.kind != "ordinal":
            feats.quantities.append(q)
    covered = [(q.start, q.end) for q in quantities]
    # An amount of money is a price even when no word says so ("Logivia Pro : 1 150 € HT par mois").
    if any(q.kind == "money" for q in feats.quantities):
        feats.keys.update(("price", "cost"))

    negation_left = 0
    groups: list[list[str]] = []
    conditional: list[bool] = []
    previous_entity_end = -2
    previous_end = 0
    for term in terms:
        if any(s <= term.start and term.end <= e for s, e in covered):
            continue  # a word of a figure ("trois" in "trois mois"); "two-factor" is not one
        # A negation reaches to the end of its clause, not past a comma, a colon or a full stop.
        if negation_left and _CLAUSE_END.search(text, previous_end, term.start):
            negation_left = 0
        previous_end = term.end
        tags = term.tags
        if tags & _NEGATION_TAGS and _PROVIDED_BY.match(text, term.end):
            continue  # "le délai prévu par NIS 2" is what the law provides, not a plan
        if tags & _NEGATION_TAGS:
            if _PRIVATIVE.match(text, term.start) and _WORD_BEFORE.search(text, 0, term.start):
                continue  # "les managers non formés": a group (the untrained ones), not a denial
            if _ONLY.match(text, term.start):
                continue  # "n'ont détecté que 180 pièces": "only", not a denial
            # Only a true negation reaches the next words; "in progress" / "planned" mark their
            # whole clause instead (see `pending` below).
            if "negation" in tags:
                if not negation_left or not groups:  # "ne ... pas" is one negation, not two
                    groups.append([])
                    # A negation in a condition names a case and denies nothing of what the other
                    # side states: its words stay negated (both sides may name the same case) but
                    # it is no denial of its own.
                    conditional.append(bool(_CONDITION.search(text, 0, term.start)))
                    if conditional[-1]:
                        feats.markers.add("case")  # the span names a case of its own
                negation_left = _NEGATION_REACH
            feats.markers.update(tags & _NEGATION_TAGS)
            continue
        if "place" in tags:
            level = next((t for t in ("city", "region", "country", "continent") if t in tags), "")
            feats.names.append(Name("place:" + term.key, "place", term.surface, term.start, term.end, level))
            continue
        if _is_entity(term):
            # Adjacent capitalised words form one name ("Brackenmoor Water").
            if feats.names and feats.names[-1].kind == "entity" and term.start - previous_entity_end <= 1:
                last = feats.names.pop()
                surface = text[last.start:term.end]
                feats.names.append(Name("ent:" + surface.lower(), "entity", surface, last.start, term.end))
            else:
                feats.names.append(Name("ent:" + term.surface.lower(), "entity", term.surface,
                                        term.start, term.end))
            previous_entity_end = term.end
            continue
        feats.markers.update(t for t in tags if t in {"universal", "restrictive", "mandatory", "optional",
                                                       "superlative", "comparative", "partial"})
        if tags & _FUNCTION_TAGS or term.key in _QUALIFIER_KEYS:
            continue
        if tags & _FIGURE_TAGS and term.key not in _TOPICAL_TIME:
            continue
        said = {term.key, *(t[5:] for t in tags if t.startswith("also:"))}  # and its broader concepts
        feats.keys |= said
        feats.words.add(normalize_word(term.surface))
        if negation_left > 0:
            feats.negated |= said
            groups[-1] += [k for k in (term.key, *sorted(said - {term.key})) if k not in groups[-1]]
            negation_left -= 1
    feats.negation_groups = tuple(tuple(g) for g, cond in zip(groups, conditional, strict=True) if g and not cond)
    for parts, whole in _COMPOSED:
        if parts <= feats.keys:
            feats.keys.add(whole)  # concepts said in two words apart ("testez ... gratuitement")
    if "available" in feats.keys and any(q.kind == "percent" for q in feats.quantities):
        # "disponible à 99,9 %" is a rate of availability (uptime), not "available on iOS".
        feats.keys.discard("available")
        feats.keys.add("uptime")
    for term in terms:
        if term.tags & {"in_progress", "planned"} and not _PROVIDED_BY.match(text, term.end):
            left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, term.start)), default=0)
            right_m = _CLAUSE_END.search(text, term.end)
            right = right_m.start() if right_m else len(text)
            feats.pending |= {t.key for t in terms if left <= t.start < right and t.key in feats.keys}
    return feats
