"""Does a passage state a claim, contradict it, or speak of something else?

The decision is deterministic and explainable: a passage *supports* a claim when it covers the
claim's topic (weighted concepts), states every figure of the claim (the same value about the
same thing, qualifiers honoured) and names every name the claim names; it *contradicts* it when
it is clearly about the same thing and states another figure, another date, another place, or
the opposite (a negation, "in progress"). Anything else is no relation. An optional LLM judge
can later be asked about claims this module leaves undecided; it never overrides a decision
made here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from proofline.evidence.features import Features, Name, subject_tokens, temperature_token
from proofline.evidence.index import EvidenceIndex, Passage
from proofline.model import SourceType
from proofline.text.lexicon import Term, normalize_word
from proofline.text.quantities import Quantity
from proofline.text.quantities.compare import calendar as _calendar
from proofline.text.quantities.compare import change_matches, comparable_kinds, compare, is_change_amount
from proofline.text.quantities.compare import spans as _spans
from proofline.text.quantities.kinds import MATCH_WEIGHT as _KIND_WEIGHT
from proofline.text.quantities.kinds import WEAK_KINDS as _WEAK_KINDS

SUPPORT_THRESHOLD = 0.55  # share of the claim's weighted content the passage must state
SUPPORT_WITH_FIGURES = 0.5  # the same, when every figure of the claim is stated exactly
SUPPORT_MIN_WORDS = 0.34  # share of the claim's concept weight alone (figures are not a topic)
CONTRADICT_TOPIC = 0.5  # share of the claim's concept weight a contradicting passage must cover
CLAUSE_TOPIC = 0.6  # share of a clause's concepts a passage must state for a conflict in that clause
FREE_TOPIC = 0.25  # share of a "free" claim's concepts the sentence pricing the same thing must state (who gets it free need not be there)
CONTEXT_CREDIT = 0.6  # a concept found only in the passage's context counts this much
SPECIFIC_FIGURES = 1.5  # matched figure specificity above which wording may differ more
_CONTEXT = 3  # sentences before and after a passage that count as its context


@dataclass
class Relation:
    kind: str  # "supports" | "contradicts" | "none"
    score: float
    passage: Passage
    reason: str = ""  # why it contradicts, in the claim's language-free terms: "40 % vs 27 %"
    details: dict[str, float] = field(default_factory=dict)
    denied: frozenset[str] = frozenset()  # for a negation: the claim's concepts the passage denies
    figure_conflict: bool = False  # it contradicts a figure of the claim with another figure
    # Other passages of the same document that state a figure this one leaves to them ("depuis
    # mars 2025" backed by "Initial certification: 21 March 2025"): cited with it.
    companions: tuple[Passage, ...] = ()


# A preposition right after a count: what it counts is left unsaid ("22 au bureau", "12 in Lyon").
_ELLIPSIS = re.compile(r"\s*(?:au|aux|à|dans|chez|en|sur|in|at|on|within|across)\b", re.IGNORECASE)


def _counted_noun(feats: Features, q: Quantity, most: int = 3) -> frozenset[str]:
    """What a count counts: the content terms right after it ("47 régies et syndicats des eaux")."""
    found: list[str] = []
    # What a count counts ends where the next figure starts ("14 structures (9 entreprises…").
    limit = min((o.start for o in feats.quantities if o.start >= q.end), default=q.end + 41)
    for term in feats.terms:
        if term.start >= limit and found:
            break  # but "Eleven of the twelve utilities" counts the utilities
        if term.start >= q.end and not found and _ELLIPSIS.match(feats.text, q.end, term.start):
            break  # "dont 22 au bureau des méthodes": 22 people, in the office; not 22 offices
        if term.start >= q.end and term.start - q.end <= 40 and term.key in feats.keys:
            found.append(term.key)
            if len(found) == most:
                break
        if term.start - q.end > 40:
            break
    return frozenset(found)


def _nouns_differ(claim: Features, q: Quantity, pf: Features, pq: Quantity) -> bool:
    """Both counts say what they count (their head noun), and it is not the same thing.

    Across languages a plain word (no lexicon concept) cannot be compared with anything: "100
    endpoints" and "100 postes" are not known to count different things when the numbers are the
    same; a bound ("more than 300 companies") met by another number ("1 450 postes") needs them.
    """
    a, b = _counted_noun(claim, q, 1), _counted_noun(pf, pq, 1)
    if claim.lang != pf.lang and q.value == pq.value and any(k.startswith("w:") for k in a | b):
        return False
    return bool(a) and bool(b) and not (a & b)


def _far_apart(a: Quantity, b: Quantity) -> bool:
    """Durations or counts an order of magnitude apart are about different things."""
    if a.kind not in ("duration", "count") or not a.value or not b.value:
        return False
    x, y = _calendar(a).value or 0.0, _calendar(b).value or 0.0
    if a.kind == "duration" and a.unit != b.unit:
        x *= 24 if a.unit == "day" else 1
        y *= 24 if b.unit == "day" else 1
    small, large = sorted((abs(x), abs(y)))
    return small == 0 or large / small > 12


def _fuzzy_in(key: str, surfaces: set[str], feats: Features) -> bool:
    """Cognates across languages ("connexion"/"connection"): close spellings of unknown words."""
    if not key.startswith("w:") or len(key) < 7:
        return False
    from rapidfuzz.fuzz import ratio  # imported on first use: ~12 ms a short check may not need

    own = [normalize_word(t.surface) for t in feats.terms if t.key == key]
    return any(len(w) >= 5 and ratio(o, w) >= 84 for o in own for w in surfaces)


def _neighbours(passage: Passage, index: EvidenceIndex) -> frozenset[str]:
    """Concepts of the sentences around a passage and of its document's title: its context."""
    memo = index.memo("context")
    found = memo.get(passage.id)
    if found is None:
        origin = index.origins[passage.origin]
        first, last = passage.sentence_span
        keys: set[str] = set(origin.title_keys)
        for other in index.sentences_of(passage.origin):
            a = other.sentence_span[0]
            if first - _CONTEXT <= a <= last + _CONTEXT and other.section == passage.section:
                keys |= other.features.keys
        found = memo[passage.id] = frozenset(keys)
    return found  # type: ignore[no-any-return]


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,6}s")
_JOINT_ISO = re.compile(r"(?i)\biso\s*/\s*iec\b")
_SEPARATORS = re.compile(r"[\s\-_/:.]")


def _compact(text: str) -> str:
    """Letters and digits only, and "ISO/IEC 27001" written as "ISO 27001" (the same standard)."""
    return _SEPARATORS.sub("", _JOINT_ISO.sub("iso", normalize_word(text)))


def _document_names(origin: str, index: EvidenceIndex) -> frozenset[str]:
    """The names every passage of a document states, by key: "PME françaises" in its method
    section names France for each of its results, whatever the language of the claim."""
    memo = index.memo("document_names")
    found = memo.get(origin)
    if found is None:
        found = memo[origin] = frozenset(k for p in index.sentences_of(origin) for k in p.features.name_keys)
    return found  # type: ignore[no-any-return]


def _name_in(name: Name, passage: Passage, origin_text: str, index: EvidenceIndex) -> bool:
    """Names of customers and places may be given once per document (title, first paragraph)."""
    if name.key in passage.features.name_keys:
        return True
    if name.kind == "identifier":
        # "Article 28" / "l'article 28", "GDPR" / "RGPD" (one lexicon concept), "ISO 27001:2022".
        if _compact(name.surface) in _compact(passage.text):
            return True
        # Named by a heading above the passage ("ISO 27001" under "1. ISO/IEC 27001:2022").
        if any(key == name.key or key.startswith(name.key + ":") for key in passage.scope_identifiers):
            return True
        # A document titled "Certificats qualité en vigueur – ISO 9001 et EN 9100" is about them
        # in every passage, as a heading governs what is below it.
        if _compact(name.surface).lower() in _compact(origin_text.split("\n", 1)[0]):
            return True
        if not name.alias:
            return False
        pf = passage.features
        return name.alias in pf.keys or any(n.alias == name.alias for n in pf.names)
    if name.kind in ("entity", "place"):
        needle = name.surface.lower()
        if _ACRONYM_PLURAL.fullmatch(name.surface):
            needle = needle[:-1]  # "ETAs" are the "ETA" of a French text
        return needle in passage.text.lower() or needle in origin_text \
            or name.key in _document_names(passage.origin, index)
    return False


def _claim_memo(claim: Features) -> dict[Any, Any]:
    """What relate works out once per claim, whatever the passage (a claim meets ~8 of them)."""
    memo: dict[Any, Any] = claim.__dict__.setdefault("_relate_memo", {})
    return memo


def relate(claim: Features, passage: Passage, index: EvidenceIndex, origin_text: str) -> Relation:
    pf = passage.features
    w = index.weight
    memo = _claim_memo(claim)

    # Topic: the claim's concepts the passage states.
    total_words = memo.get("total_words")
    if total_words is None:
        total_words = memo["total_words"] = sum(w(k) for k in claim.keys)
    matched_words = 0.0
    local_words = 0.0
    shared: set[str] = set()
    context: frozenset[str] | None = None
    body_words = 0.0  # what the passage's own words state, without what governs it
    across = bool(claim.lang and passage.lang and claim.lang != passage.lang)
    untranslatable = 0.0
    for k in claim.keys:
        if k in pf.keys:
            matched_words += w(k)
            local_words += w(k)
            body_words += w(k)
            shared.add(k)
        elif k in passage.scope_keys:
            # What governs the passage backs the claim's topic as fully as its own words, but a
            # contradiction must be about what the passage itself says.
            matched_words += w(k)
            shared.add(k)
        elif _fuzzy_in(k, pf.words, claim):
            matched_words += 0.8 * w(k)
            local_words += 0.8 * w(k)
        else:
            if context is None:
                context = _neighbours(passage, index)
            if k in context:
                matched_words += CONTEXT_CREDIT * w(k)
            elif across and k.startswith("w:"):
                # A plain word of the claim's language (no lexicon concept) cannot be said by a
                # passage in another language: it is left out of the topic, not counted missing.
                untranslatable += w(k)
    total_words -= untranslatable
    word_cover = matched_words / total_words if total_words else 0.0
    local_cover = local_words / total_words if total_words else 0.0
    passage_totals = index.memo("key_total")
    passage_total = passage_totals.get(passage.id)
    if passage_total is None:
        passage_total = passage_totals[passage.id] = sum(w(k) for k in pf.keys)
    passage_cover = sum(w(k) for k in shared) / passage_total if passage_total else 0.0

    # Names: identifiers, places and named entities must be the same.
    names_total = 0.0
    names_matched = 0.0
    missing: list[Name] = []
    for n in claim.names:
        weight = index.max_idf
        names_total += weight
        if _name_in(n, passage, origin_text, index):
            names_matched += weight
        else:
            missing.append(n)
    shared_names = [n for n in claim.names if n not in missing]

    # Figures: each claim figure is stated, conflicts, or is absent from the passage.
    q_total = 0.0
    q_matched = 0.0
    q_here = 0.0  # figures this passage itself states (not its document, not a span of dates)
    conflicts: list[tuple[Quantity, Quantity]] = []
    absent: list[Quantity] = []
    anchors = index.memo("anchors")
    passage_figures = anchors.get(passage.id)
    if passage_figures is None:
        passage_figures = anchors[passage.id] = _anchors(pf.quantities)
    claim_figures = memo.get("anchors")
    if claim_figures is None:
        claim_figures = memo["anchors"] = _anchors(claim.quantities)
    for q in claim_figures:
        weight = _KIND_WEIGHT.get(q.kind, 0.6) * index.max_idf
        q_total += weight
        comparable: list[Quantity] = []
        hit = False
        if q.kind == "duration" and any(_spans(pq, q) for pq in pf.quantities):
            q_matched += weight  # "un an" stated by "entre juillet 2024 et juin 2025"
            continue
        for pq in passage_figures:
            if not comparable_kinds(q.kind, pq.kind):
                continue
            if passage.columns and _in_another_column(claim, pq, passage):
                continue  # "89 €" under "Frais +2/+8 °C" is not the price of frozen goods
            same = compare(q, pq)
            if same is None:
                continue
            if q.kind == "count" and q.qualifier and _nouns_differ(claim, q, pf, pq):
                continue  # "plus de 300 entreprises" is not stated by "1 200 salariés"
            if same:
                hit = True
                break
            if is_change_amount(q) != is_change_amount(pq) and q.kind == pq.kind:
                continue  # "augmente de 8 %" is not about "78 % de la production": a change, a level
            if _far_apart(q, pq):
                continue  # "un an" and "cinq minutes" measure different things
            if q.kind == "count" and not (_counted_noun(claim, q) & _counted_noun(pf, pq)):
                continue
            comparable.append(pq)
        if not hit and is_change_amount(q):
            derived = change_matches(q, pf.quantities)  # "22 minutes de moins" against "de 54 à 32 minutes"
            if derived:
                hit = True
            elif derived is False and not comparable:  # another difference: the transition conflicts
                comparable = [pq for pq in pf.quantities if pq.kind == q.kind][:1]
        if hit:
            q_matched += weight
            q_here += weight
        elif comparable and q.kind in _WEAK_KINDS and _stated_elsewhere(q, passage, index, claim):
            q_matched += weight  # the year is in the document, on this topic: another date here is context
        elif comparable:
            conflicts.append((q, comparable[0]))
        else:
            absent.append(q)

    # A date alone is weak evidence of a conflict when the claim's own figures ("63 clients") are
    # not in the passage: it is most likely about another fact of the same period.
    if conflicts and all(c[0].kind in _WEAK_KINDS for c in conflicts) and any(q.kind not in _WEAK_KINDS for q in absent):
        absent.extend(c[0] for c in conflicts)
        conflicts = []

    # A customer's approval speaks for that customer: its figures ("passé de trois jours à un
    # jour") do not contradict a claim about our customers in general ("our customers close
    # payroll in 1.8 days"). A claim that names no customer but refers to one ("the utility", "its
    # network") is about it, so only a claim that speaks of customers as such is set apart.
    if (conflicts and passage.source_type is SourceType.CUSTOMER_APPROVAL and "customer" in claim.keys
            and not any(n.kind == "entity" for n in shared_names)):
        absent.extend(c[0] for c in conflicts)
        conflicts = []

    # Polarity: a shared concept negated on one side only ("sans engagement" / "engagement annuel").
    polarity = {k for k in shared if (k in claim.negated) != (k in pf.negated)}
    # A denial in a source counts when all it denies is in the claim: "Il ne couvre pas
    # l'application mobile" says nothing against "le chiffrement couvre la plateforme web". A denial
    # in the claim counts when the source states what it denies first: "aucune casse de broche"
    # is not contradicted by "des capteurs équipent les broches".
    polarity = {k for k in polarity
                if any(k in g and g[0] in pf.keys for g in claim.negation_groups)
                or any(k in g and claim.keys.issuperset(g) for g in pf.negation_groups)}
    # Both deny: "Tabula n'exporte pas vers Excel" and "L'export vers Excel n'est pas disponible"
    # say the same thing, whichever words each negation happens to reach.
    if claim.negation_groups and pf.negation_groups:
        polarity = set()
    # "La certification ISO 27001 est en cours" against "is ISO 27001 certified": a shared concept
    # the source says is still in progress or planned, which the claim states as done.
    in_progress = bool((shared & pf.pending) - claim.pending) and not (claim.markers & {"in_progress", "planned"})

    denominator = total_words + q_total + names_total
    score = (matched_words + q_matched + names_matched) / denominator if denominator else 0.0
    details = {"score": round(score, 3), "words": round(word_cover, 3),
               "figures_here": float(q_here >= q_total - 1e-9)}

    place_conflict = [n for n in missing if n.kind == "place"
                      and any(m.kind == "place" and m.level == n.level and m.key not in claim.name_keys
                              for m in pf.names)]
    entity_conflict = [n for n in missing if n.kind == "entity" and shared_names
                       and any(m.kind == "entity" and m.key not in claim.name_keys for m in pf.names)]
    blocking_missing = [n for n in missing if n not in place_conflict and n not in entity_conflict]

    # A passage about another subject of its document ("Essentiel : 6 €" for a claim about
    # Premium, the on-call line's hours for a claim about the support desk) is not about the claim.
    # "## Formules France" above "| Pro | 13 € | ... | 990 € |": a claim "for Luxembourg customers"
    # is about another place than the section, whatever the document's title names.
    if passage.scope_places and any(
            n.kind == "place" and n.key not in pf.name_keys
            and all(key != n.key for key, _ in passage.scope_places)
            and any(level == n.level and key not in claim.name_keys for key, level in passage.scope_places)
            for n in claim.names):
        return Relation("none", score, passage, details=details)
    body_cover = body_words / total_words if total_words else 0.0
    if body_cover < CONTRADICT_TOPIC and _about_another_subject(claim, passage, index):
        return Relation("none", score, passage, details=details)
    # A claim about a named customer is about that customer: a passage that never names it (nor
    # its document) neither backs nor contradicts it.
    if any(n.kind == "entity" for n in missing) and not any(n.kind == "entity" for n in shared_names):
        return Relation("none", score, passage, details=details)
    # The clause of a conflicting figure or of a negated word is what the conflict is about:
    # "Grâce à notre technologie, les astreintes de nuit ont diminué de 40 %" is about night
    # call-outs, whatever the introduction says.
    def clause_cover(start: int, end: int) -> float:
        keys = _clause_keys(claim, start, end)
        total = sum(w(k) for k in keys)
        return sum(w(k) for k in keys if k in pf.keys) / total if total else 0.0

    # Figures that agree are anchors: a passage stating the claim's "three months" and another
    # price, or "6 jours" and another starting delay, is about the same fact.
    anchored = q_matched > 0 and local_cover >= 0.2
    shared_ids = any(n.kind == "identifier" for n in shared_names)
    # Hours of service are a topic of their own: two schedules on a shared subject ("support")
    # are about the same thing even when the rest of the wording differs.
    subject_named = _names_its_subject(claim, passage) if passage.subject_keys else False
    conflicts = [c for c in conflicts
                 if anchored or subject_named or local_cover >= CONTRADICT_TOPIC or clause_cover(c[0].start, c[0].end) >= CLAUSE_TOPIC
                 or (c[0].kind == "schedule" and local_cover >= 0.25)]
    if polarity and local_cover < CONTRADICT_TOPIC:
        polarity = {k for k in polarity if not k.startswith("w:")}  # plain words are too loose for this
        # Kept when the claim's clause is about it, or when the passage's clause says nothing
        # but that ("Pas d'essai gratuit : ..." against "every customer gets a free trial").
        polarity = {k for k in polarity
                    if any(clause_cover(t.start, t.end) >= CLAUSE_TOPIC for t in claim.terms if t.key == k)
                    or (not k.startswith("w:")
                        and any(_clause_keys(pf, t.start, t.end) <= claim.keys and _opens_sentence(pf.text, t.start)
                                for t in pf.terms if t.key == k))}
    strong_topic = local_cover >= CONTRADICT_TOPIC or (shared_ids and local_cover >= 0.3)
    if not strong_topic:
        place_conflict, entity_conflict = [], []
        conflicts = [c for c in conflicts
                     if c[0].kind not in _WEAK_KINDS or clause_cover(c[0].start, c[0].end) >= CLAUSE_TOPIC]
    about_same = (bool(conflicts) or bool(polarity) or local_cover >= CONTRADICT_TOPIC or (shared_names and local_cover >= 0.3)
                  or (passage_cover >= 0.6 and (len(shared) >= 2 or len(pf.keys) <= 2) and local_cover >= 0.25))
    if conflicts and (anchored or subject_named):
        about_same = True
    # A short passage whose whole content the claim asserts with the opposite polarity
    # ("Pas de période d'essai gratuite" against "a 30-day free trial") contradicts it outright.
    if polarity and passage_cover >= 0.99 and len(pf.keys) <= 2:
        about_same = True
    # "obligatoire pour tous les utilisateurs" against "mandatory for admins, optional for learners":
    # the passage makes optional for some what the claim makes mandatory for all.
    if ("mandatory" in claim.keys and "universal" in claim.markers and "optional" in pf.keys
            and not {"optional", "mandatory"} & (claim.negated | pf.negated) and "optional" not in claim.keys
            and local_cover >= CONTRADICT_TOPIC):
        said = next((t.surface for t in claim.terms if t.key == "mandatory"), "mandatory")
        optional = next((t.surface for t in pf.terms if t.key == "optional"), "optional")
        return Relation("contradicts", score, passage, reason=f"{said} ≠ {optional}", details=details)
    priced = _priced_instead_of_free(claim, pf, w)
    if priced is not None and not (conflicts or polarity):
        free_word = next((t.surface for t in claim.terms if t.key == "free"), "free")
        return Relation("contradicts", score, passage, reason=f"{free_word} ≠ {priced.text.strip()}", details=details)
    if about_same and (conflicts or place_conflict or entity_conflict or polarity or
                       (in_progress and word_cover >= 0.6)):
        if blocking_missing and not conflicts and any(n.kind == "entity" for n in blocking_missing):
            return Relation("none", score, passage, details=details)
        if conflicts:
            cq, sq = conflicts[0]
            reason = f"{cq.text.strip()} ≠ {sq.text.strip()}"
        elif place_conflict or entity_conflict:
            other = [m.surface for m in pf.names if m.kind in ("place", "entity") and m.key not in claim.name_keys]
            reason = f"{(place_conflict or entity_conflict)[0].surface} ≠ {', '.join(other[:2])}"
        elif polarity:
            reason = "negation"
        else:
            reason = "in_progress"
        return Relation("contradicts", score, passage, reason=reason, details=details,
                        denied=frozenset(polarity) if reason == "negation" else frozenset(),
                        figure_conflict=bool(conflicts))

    if missing or conflicts or polarity:
        return Relation("none", score, passage, details=details)
    # "deux centres de données, à Roubaix et à Strasbourg": a small count the passage shows by
    # naming the things counted, instead of saying the number.
    enumerated = len([n for n in shared_names if n.kind in ("place", "entity")]) >= 2
    shown = [q for q in absent if enumerated and q.kind == "count" and q.value is not None and q.value <= 12]
    # "sur nos deux sites" against "in Lesquin and in Mouscron": the passage names as many places
    # as the claim counts, and the claim names none of them (so none can differ).
    places = {n.key for n in pf.names if n.kind == "place"}
    if not any(n.kind == "place" for n in claim.names) and len(places) >= 2:
        shown += [q for q in absent if q not in shown and q.kind == "count" and q.value == len(places)]
    if shown and denominator:
        # a figure the passage shows counts as stated
        score += sum(_KIND_WEIGHT.get(q.kind, 0.6) * index.max_idf for q in shown) / denominator
    # Dates may be stated by another sentence of the document on the same topic; any other figure
    # of the claim must be in this passage for it to be about the claim at all.
    dated_elsewhere = [q for q in absent if q.kind in _WEAK_KINDS and q not in shown
                       and _stated_elsewhere(q, passage, index, claim)]
    if claim.quantities and q_matched == 0 and len(shown) + len(dated_elsewhere) < len(claim.quantities):
        return Relation("none", score, passage, details=details)
    if absent and not all(q in shown or _stated_elsewhere(q, passage, index, claim) for q in absent):
        return Relation("none", score, passage, details=details)
    # Specific figures (a price, a percentage, an uncommon count) all stated in one passage on a
    # shared topic are strong evidence even when the wording differs ("plan"/"abonnement").
    specificity = sum(_specificity(q) for q in claim.quantities if any(compare(q, pq) for pq in pf.quantities))
    need = SUPPORT_THRESHOLD
    if claim.quantities and q_matched == q_total:
        need = SUPPORT_WITH_FIGURES if specificity >= 1.0 else SUPPORT_THRESHOLD
        if specificity >= SPECIFIC_FIGURES and local_cover >= 0.2 and shared:
            need = 0.0
    # Two or more figures stated exactly (days and hours of service, a duration and a price)
    # carry the topic as much as the words do.
    min_words = SUPPORT_MIN_WORDS if len(claim.quantities) < 2 or q_matched < q_total else 0.2
    # "Essentiel : 6 €" under "Prix mensuels, hors taxes, par utilisateur :": the item the claim
    # names, with its figure, is the topic however few of the claim's other words it repeats.
    if q_matched == q_total and claim.quantities and subject_named:
        min_words = min(min_words, 0.2)
    # Every figure and every name of the claim ("85", Belgium, Luxembourg) stated in the passage:
    # the claim's other words are its own phrasing ("we work with" / "entreprises clientes").
    if claim.quantities and q_matched == q_total and claim.names and not missing and len(claim.names) >= 2:
        min_words = min(min_words, 0.2)
    if score >= need and (word_cover >= min_words or not total_words or need == 0.0):
        stating = [_stating_passage(q, passage, index, claim) for q in absent if q not in shown]
        companions = tuple({c.id: c for c in stating if c is not None}.values())
        return Relation("supports", score, passage, details=details, companions=companions)
    return Relation("none", score, passage, details=details)


_CLAUSE_MARK = re.compile(r"[,;:()]|\s[–—]\s")
_SENTENCE_MARK = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
def _about_another_subject(claim: Features, passage: Passage, index: EvidenceIndex) -> bool:
    """Whether the claim names a subject of the passage's document other than the passage's own.

    A document that lists plans, services or sites by name ("- Essentiel : 6 €", "## Support",
    "| Lille | 3 quais |") says which one each passage is about; a claim naming one of the others
    and none of this one's is about something else, whatever the figures. (Asked only when the
    passage's own words say little of the claim: a label can also name an attribute.)
    """
    if not passage.subject_keys or _names_its_subject(claim, passage):
        return False
    memo = index.memo("rivals")
    rivals = memo.get(passage.id)
    if rivals is None:
        own = passage.subject_keys | passage.scope_keys | subject_tokens(passage.features)
        rivals = memo[passage.id] = index.origins[passage.origin].subject_keys - own
    return bool(_claim_subjects(claim) & rivals)


def _in_another_column(claim: Features, pq: Quantity, passage: Passage) -> bool:
    """Whether the claim names another column of the table row than the one `pq` sits in."""
    memo = _claim_memo(claim)
    tokens = memo.get("column_tokens")
    if tokens is None:
        tokens = memo["column_tokens"] = frozenset(claim.keys) | {
            temperature_token(q) for q in claim.quantities if q.kind == "temperature"}
    mine = next((cols for a, b, cols in passage.columns if a <= pq.start and pq.end <= b), None)
    if mine is None:
        return False
    # The first column names the row (its subject); the others are alternatives to each other.
    others = frozenset().union(*(cols for a, b, cols in passage.columns[1:] if not (a <= pq.start and pq.end <= b)))
    # "price"/"cost" are what any amount is: they tell no column apart.
    mine_only = mine - others - _AMOUNT_KEYS
    return bool(tokens & (others - mine - _AMOUNT_KEYS)) and not tokens & mine_only


_AMOUNT_KEYS = frozenset({"price", "cost"})


def _claim_subjects(claim: Features) -> frozenset[str]:
    memo = _claim_memo(claim)
    found = memo.get("subjects")
    if found is None:
        found = memo["subjects"] = subject_tokens(claim)
    return found  # type: ignore[no-any-return]


def _names_its_subject(claim: Features, passage: Passage) -> bool:
    """The passage's own subject (its label, its row, its section) is named by the claim."""
    return bool(passage.subject_keys and _claim_subjects(claim) & (passage.subject_keys - passage.scope_keys))


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the clause around `pos` starts its sentence ("Pas d'essai gratuit : ..."), rather
    than trailing after a comma ("..., pas encore formés"), whose subject is elsewhere."""
    clause = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, pos)), default=0)
    sentence = max((m.end() for m in _SENTENCE_MARK.finditer(text, 0, pos)), default=0)
    return clause <= sentence


# Words about price itself: they cannot say WHAT is free or priced.
_PRICE_WORDS = frozenset({"free", "price", "cost", "invoice", "plan", "subscription"})


def _priced_instead_of_free(claim: Features, pf: Features, w: Callable[[str], float]) -> Quantity | None:
    """"La formation est offerte" against "Formation au démarrage : 1 200 € HT": the passage
    prices what the claim says is free. The amount must sit in a sentence that names what is
    free (the concept next to the word "free") and a fair share of the claim's other concepts;
    a free trial is left alone (trials are free and plans have prices)."""
    if ("free" not in claim.keys or "free" in claim.negated or "free" in pf.keys or claim.keys & {"trial", "free_trial"}
            or any(q.kind == "money" for q in claim.quantities)):
        return None
    topic = claim.keys - _PRICE_WORDS
    total = sum(w(k) for k in topic)
    frees = [t for t in claim.terms if t.key == "free"]
    things = [t for t in claim.terms if t.key in topic]
    if not total or not frees or not things:
        return None

    def gap(t: Term) -> int:
        return min(f.start - t.end if t.end <= f.start else t.start - f.end for f in frees)

    what = min(things, key=gap).key  # "la mise en service est offerte": setup
    for q in pf.quantities:
        if q.kind != "money" or not q.value or q.value <= 0:
            continue
        text = pf.text
        left = max((m.end() for m in _SENTENCE_MARK.finditer(text, 0, q.start)), default=0)
        right_m = _SENTENCE_MARK.search(text, q.end)
        right = right_m.start() if right_m else len(text)
        said = {t.key for t in pf.terms if left <= t.start and t.end <= right}
        if what in said and sum(w(k) for k in topic & said) / total >= FREE_TOPIC:
            return q
    return None


def _clause_keys(feats: Features, start: int, end: int) -> set[str]:
    """Content concepts of the clause around [start, end) of the claim's text."""
    text = feats.text
    left = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_MARK.search(text, end)
    right = right_match.start() if right_match else len(text)
    return {t.key for t in feats.terms if left <= t.start and t.end <= right and t.key in feats.keys}


def _anchors(quantities: list[Quantity]) -> list[Quantity]:
    """Figures to find; a span of years ("entre 2023 et 2025") is two dates to find, and the
    schedules of one passage ("24 h/24, 7 j/7") are also read together as one."""
    out: list[Quantity] = []
    schedules = [q for q in quantities if q.kind == "schedule"]
    if len(schedules) > 1:
        facets: dict[str, str] = {}
        for q in schedules:
            facets.update(dict(q.extra))
        first = schedules[0]
        out.append(replace(first, end=schedules[-1].end, extra=tuple(sorted(facets.items()))))
    for q in quantities:
        if q.kind in ("year", "date") and q.high is not None:
            out.append(replace(q, high=None))
            out.append(replace(q, value=q.high, high=None))
        else:
            out.append(q)
    return out


def _specificity(q: Quantity) -> float:
    """How unlikely a figure is to match by chance: prices and percentages more than years."""
    if q.kind in ("money", "percent"):
        return 1.0
    if q.kind == "count" and q.value is not None:
        return 0.2 if q.value < 13 else 0.6
    if q.kind in ("duration", "frequency", "time_of_day", "schedule", "factor"):
        return 0.4
    return 0.2


def _stated_elsewhere(q: Quantity, passage: Passage, index: EvidenceIndex, claim: Features) -> bool:
    """A secondary figure may come from another passage of the same document on the same topic."""
    origin = index.origins[passage.origin]
    if q.kind in _WEAK_KINDS and q.kind == "year" and q.value is not None and str(int(q.value)) in origin.title:
        return True  # "Bilan parc 2024": the document is about that year
    return bool(_sentences_stating(q, passage.origin, index, claim))


def _stating_passage(q: Quantity, passage: Passage, index: EvidenceIndex, claim: Features) -> Passage | None:
    """Another sentence of the passage's document that states `q` on the claim's topic, if any."""
    return next((other for other in _sentences_stating(q, passage.origin, index, claim) if other.id != passage.id),
                None)


def _sentences_stating(q: Quantity, origin: str, index: EvidenceIndex, claim: Features) -> tuple[Passage, ...]:
    """The sentences of a document, on the claim's topic, that state `q` (worked out once per claim
    and document: a claim meets several passages of one document)."""
    memo = _claim_memo(claim)
    key = ("stating", q, origin)
    found: tuple[Passage, ...] | None = memo.get(key)
    if found is None:
        found = memo[key] = tuple(
            other for other in index.sentences_of(origin)
            if other.features.keys & claim.keys
            and any(comparable_kinds(q.kind, oq.kind) and compare(q, oq) for oq in other.features.quantities))
    return found
