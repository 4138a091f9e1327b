"""The decision table of workspace-format.md, in one place.

Order (first that applies wins): forbidden → supported → attested → contradicted →
insufficient_proof → expired → unsupported. Matching (evidence/match.py) says which passages
state or contradict a claim; this module applies the kit's proof rules and validity dates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from proofline.evidence.match import Relation
from proofline.model import Category, Verdict
from proofline.report import Evidence
from proofline.workspace.model import ForbiddenClaim, Kit

_MESSAGES = {
    "en": {
        "forbidden": "Forbidden by the kit ({rule}): {say}",
        "supported": "Backed by {source} ({type}).",
        "attested": "Attested by an expert ({source}).",
        "contradicted": "Contradicted by {source}: {reason}.",
        "insufficient_proof": "Stated only by {sources}; a {category} claim needs a source of type {accepted}.",
        "expired": "Stated only by {sources}, no longer valid on {as_of} (valid until {until}).",
        "unsupported": "No source or attestation states this.",
        "none": "nothing",
        "reason_negation": "the source says the opposite",
        "reason_in_progress": "the source says it is not done yet",
    },
    "fr": {
        "forbidden": "Interdit par le kit ({rule}) : {say}",
        "supported": "Étayé par {source} ({type}).",
        "attested": "Attesté par un expert ({source}).",
        "contradicted": "Contredit par {source} : {reason}.",
        "insufficient_proof": "Affirmé seulement par {sources} ; une affirmation de catégorie {category} exige une source de type {accepted}.",
        "expired": "Affirmé seulement par {sources}, qui n'est plus valable au {as_of} (valable jusqu'au {until}).",
        "unsupported": "Aucune source ni attestation ne l'affirme.",
        "none": "aucun",
        "reason_negation": "la source dit le contraire",
        "reason_in_progress": "la source dit que ce n'est pas encore acquis",
    },
}


OUTWEIGHED = 0.3  # how much closer to the claim a contradiction must be to outweigh a support


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    category: Category
    evidence: tuple[Evidence, ...]
    message: str
    rule: str | None = None
    decided_by: str = "rules"


def _evidence(rel: Relation, relation: str) -> Evidence:
    p = rel.passage
    return Evidence(
        source=p.origin, quote=p.text, start=p.start, end=p.end, kind=p.kind,
        source_type=p.source_type.value if p.source_type else None, relation=relation,
        valid_until=p.valid_until.isoformat() if p.valid_until else None,
    )


def _best(relations: list[Relation]) -> list[Relation]:
    """Best first; on a tie, the shorter passage (a sentence beats a window around it)."""
    return sorted(relations, key=lambda r: (-r.score, r.passage.end - r.passage.start, r.passage.id))


def _cited(relations: list[Relation], most: int) -> list[Relation]:
    """The passages to quote: best first, a passage that states the claim's figures itself before
    one that leans on its document, and never the same text twice (a window around a sentence
    already quoted adds nothing a reviewer needs)."""
    ranked = sorted(_best(relations), key=lambda r: -r.details.get("figures_here", 1.0))
    out: list[Relation] = []
    for r in ranked:
        p = r.passage
        if any(o.passage.origin == p.origin and o.passage.start < p.end and p.start < o.passage.end for o in out):
            continue
        out.append(r)
        if len(out) == most:
            break
    return out


def decide(category: Category, relations: list[Relation], kit: Kit, as_of: date, lang: str,
           forbidden: ForbiddenClaim | None = None, category_confident: bool = True) -> Decision:
    msg = _MESSAGES.get(lang, _MESSAGES["en"])
    if forbidden is not None:
        return Decision(Verdict.FORBIDDEN, category, (),
                        msg["forbidden"].format(rule=forbidden.id, say=forbidden.say or ""), forbidden.id)

    supports = [r for r in relations if r.kind == "supports"]
    contradicts = [r for r in relations if r.kind == "contradicts"]

    # A detail backed by a customer's own approval is a customer claim, whatever its wording
    # ("since March 2024 the platform covers its 1,300 km"); so is an uncertain category backed
    # by a source the kit accepts for another category only when nothing else is known.
    if category is not Category.CUSTOMER and any(
        r.passage.source_type is not None and r.passage.source_type.value == "customer_approval"
        and r.passage.valid_on(as_of) for r in supports
    ):
        category = Category.CUSTOMER
    elif not category_confident:
        for r in _best(supports):
            st = r.passage.source_type
            if st is None or not r.passage.valid_on(as_of) or kit.accepts(category, st):
                continue
            # Who a statement is attributed to is read in the sentence ("Selon l'Insee"), never
            # inferred from the source that happens to back it: no switch to third_party.
            better = [c for c in Category if c is not Category.THIRD_PARTY and kit.accepts(c, st)]
            if better:
                category = better[0]
                break

    def accepted(r: Relation) -> bool:
        st = r.passage.source_type
        return st is not None and kit.accepts(category, st)

    # A source that states the claim in one clause and limits or denies it in the next clause of
    # the same sentence ("mandatory for admins; offered, not imposed, to other users") does not
    # back the claim's overreach: the contradiction wins.
    def undercut(r: Relation) -> Relation | None:
        a, b = r.passage.sentence_span
        for c in contradicts:
            ca, cb = c.passage.sentence_span
            if c.passage.origin != r.passage.origin:
                continue
            # "every 2 minutes with telematics; every 5 minutes through the app when the truck has
            # no telematics": a clause that states the claim's own figures is not undercut by
            # another figure the sentence gives for a case it names.
            if (c.figure_conflict and r.details.get("figures_here") == 1.0
                    and "case" in c.passage.features.markers):
                continue
            if ca <= b and a <= cb:
                return c
            # The same document, elsewhere, denies a part of the claim its statement leaves out
            # ("certifié pour la formation comme pour l'apprentissage" against "le présent
            # certificat ne couvre pas ... l'apprentissage"): the denial wins.
            if c.denied - r.passage.features.keys:
                return c
        return None

    supports = [r for r in supports if undercut(r) is None]
    # A support that is much less about the claim than a contradiction ("one attack contained in
    # 27 minutes" against "average containment time: 38 minutes") does not outweigh it.
    if supports and contradicts:
        best_against = max(r.details.get("words", 0.0) for r in contradicts)
        supports = [r for r in supports if r.details.get("words", 0.0) > best_against - OUTWEIGHED]
    backed = [r for r in supports if r.passage.kind == "source" and r.passage.valid_on(as_of) and accepted(r)]
    if backed:
        best = _cited(backed, 3)
        p = best[0].passage
        # A claim backed by two sentences (its topic in one, its date in the next) cites both.
        cited = [*best[:1], *(replace(best[0], passage=c, companions=()) for c in best[0].companions), *best[1:]]
        best = _cited(cited, 3)
        return Decision(Verdict.SUPPORTED, category, tuple(_evidence(r, "supports") for r in best),
                        msg["supported"].format(source=p.origin, type=p.source_type.value if p.source_type else ""))
    attested = [r for r in supports if r.passage.kind == "attestation" and r.passage.valid_on(as_of)]
    if attested:
        best = _cited(attested, 2)
        return Decision(Verdict.ATTESTED, category, tuple(_evidence(r, "supports") for r in best),
                        msg["attested"].format(source=best[0].passage.origin))
    # A source that states the claim exactly, though expired or of the wrong type, says more about
    # it than a passage that only seems to contradict it: the claim is expired or under-proven.
    clearer = [r for r in supports if r.score >= max(c.score for c in contradicts) + OUTWEIGHED] if contradicts else []
    if contradicts and not clearer:
        best = _best(contradicts)
        r = best[0]
        reason = r.reason
        if reason in ("negation", "in_progress"):
            reason = msg["reason_" + reason]
        cited = [r, *[x for x in _cited(best, 2) if x is not r]][:2]
        return Decision(Verdict.CONTRADICTED, category, tuple(_evidence(x, "contradicts") for x in cited),
                        msg["contradicted"].format(source=r.passage.origin, reason=reason))
    valid_other = [r for r in supports if r.passage.valid_on(as_of)]
    if valid_other:
        best = _cited(valid_other, 3)
        names = ", ".join(dict.fromkeys(
            f"{r.passage.origin} ({r.passage.source_type.value if r.passage.source_type else r.passage.kind})"
            for r in best))
        wanted = ", ".join(t.value for t in kit.proof.get(category, [])) or msg["none"]
        return Decision(Verdict.INSUFFICIENT_PROOF, category, tuple(_evidence(r, "supports") for r in best[:2]),
                        msg["insufficient_proof"].format(sources=names, category=category.value, accepted=wanted))
    if supports:
        best = _cited(supports, 3)
        p = best[0].passage
        names = ", ".join(dict.fromkeys(r.passage.origin for r in best))
        return Decision(Verdict.EXPIRED, category, tuple(_evidence(r, "supports") for r in best[:2]),
                        msg["expired"].format(sources=names, as_of=as_of.isoformat(),
                                              until=p.valid_until.isoformat() if p.valid_until else "?"))
    return Decision(Verdict.UNSUPPORTED, category, (), msg["unsupported"])
