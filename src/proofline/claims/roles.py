"""What a sentence does, decided before whether it holds anything checkable.

A careful reviewer first reads a sentence's role: an assertion is checked; a question, a call to
action, an offer, advice, an opinion, a scenario, a goal, a heading that announces a topic, a
breadcrumb or a signature is not, whatever figures it carries (with the exceptions each role
names). Only assertions go on to the claim finder's checkability and category tests.
"""

from __future__ import annotations

import re
from enum import StrEnum

from proofline.claims.cues import Cues
from proofline.text.patterns import any_match
from proofline.text.quantities import Quantity
from proofline.text.quantities.kinds import STRONG_KINDS


class SentenceRole(StrEnum):
    ASSERTION = "assertion"
    QUESTION = "question"
    HEADING = "heading"  # a heading that may state a result: only assertion cues count in it
    TOPIC = "topic"  # a title that announces what follows ("How to...", "Le processus de...")
    BREADCRUMB = "breadcrumb"
    SIGNATURE = "signature"
    GREETING = "greeting"  # "Merci pour votre inscription", "Bonjour Claire": politeness
    CALL_TO_ACTION = "call_to_action"
    OFFER = "offer"
    ADVICE = "advice"
    OPINION = "opinion"
    HYPOTHETICAL = "hypothetical"
    INTENT = "intent"
    READER = "reader"
    HOOK = "hook"
    META = "meta"
    DEFINITION = "definition"  # what a term means: general knowledge, not a fact about anyone
    REPORTING = "reporting"  # "elle a insisté sur l'innovation": who said what, not what is so
    FRAGMENT = "fragment"

    @property
    def may_claim(self) -> bool:
        """Whether a sentence in this role can be a claim at all."""
        return self in (SentenceRole.ASSERTION, SentenceRole.HEADING)


# "Home > Marketing > 13 statistics", "Accueil › Certification › ...": a navigation trail.
_BREADCRUMB = re.compile(r"\S\s+[>›»/|]\s+\S.*\s[>›»/|]\s+\S")
# "How to cut onboarding time by 60%", "Comment choisir son logiciel": a promise of a method.
_HOW_TO = re.compile(r"^(?:how to|comment \w+(?:er|ir|re)\b)", re.IGNORECASE)
_FEW = 12  # a count up to this, in advice, counts things to do, not results
_MIN_WORDS = 3  # a fragment shorter than this, with no figure, is a label, not a claim
_SIGNATURE_WORDS = 10
# A signature line has no verb: "Directrice commerciale, Logivia", not "Le directeur a insisté".
_VERB = re.compile(r"\b(?:a|ont|est|sont|était|sera|fait|is|are|was|were|has|have|had|will|does|did)\b", re.IGNORECASE)
# Figures that make a claim on their own; years, dates and times of day only anchor a claim that
# something else makes ("à 3 h du matin", "En 2023" alone are narrative, not claims).
STRONG_FIGURES = STRONG_KINDS
# What turns a call to action into a promise: a trial with a length, a refund, a guarantee.
_CTA_PROMISE = re.compile(
    r"\b(?:essai|trial|rembours\w*|refund\w*|garanti\w*|guarantee\w*|satisfait ou)\b"
    r"|\bgratuit\w*\b.*\b\d+\s*(?:jours|days|mois|months|semaines|weeks)\b"
    r"|\b(?:free|gratuit\w*)\s+(?:for|pendant)\b",
    re.IGNORECASE)


def result_figures(figures: list[Quantity]) -> list[Quantity]:
    """The figures that state a result: strong kinds, a frequency word alone excepted ("au quotidien")."""
    return [q for q in figures if q.kind in STRONG_FIGURES and q.kind != "frequency"]


def role_of(text: str, kind: str, cues: Cues, figures: list[Quantity], *, speaker: bool) -> SentenceRole:
    """The role of one sentence or clause of prose (`kind` is its block kind).

    `speaker` says whether the publisher speaks of itself (we, I, the brand): a conditional of
    ours ("Si vous résiliez, nous remboursons") is a promise, not a scenario.
    """
    stripped = text.strip()
    folded = stripped.casefold()
    # A frequency word alone ("au quotidien", "every day") does not make advice a promise.
    results = result_figures(figures)
    strong_figure = bool(results)
    if stripped.endswith("?"):
        return SentenceRole.QUESTION
    if _BREADCRUMB.search(stripped):
        return SentenceRole.BREADCRUMB
    if stripped.startswith("#"):
        return SentenceRole.FRAGMENT  # a line of hashtags
    if _HOW_TO.match(stripped):
        return SentenceRole.TOPIC
    # "Each year", "En 2023" left alone by clause splitting: a time frame, not a claim.
    if not strong_figure and len(stripped.split()) < _MIN_WORDS:
        return SentenceRole.FRAGMENT
    if (len(stripped.split()) <= _SIGNATURE_WORDS and not stripped.endswith((".", "!", ";"))
            and not _VERB.search(stripped) and any_match(cues.signature, stripped, folded)):
        return SentenceRole.SIGNATURE
    if not strong_figure and any_match(cues.greeting, stripped, folded):
        return SentenceRole.GREETING
    if any_match(cues.opinion, stripped, folded) or (not figures and any_match(cues.reported_view, stripped, folded)):
        return SentenceRole.OPINION
    # "Testez gratuitement pendant 14 jours" invites, but also promises a free trial: a call to
    # action that names a price, a trial or a guarantee is a claim all the same.
    if any_match(cues.cta, stripped, folded) and not (
            _CTA_PROMISE.search(stripped) or any(q.kind == "money" for q in figures)):
        return SentenceRole.CALL_TO_ACTION
    if any_match(cues.offer, stripped, folded):
        return SentenceRole.OFFER
    if any_match(cues.hook, stripped, folded):
        return SentenceRole.HOOK
    if any_match(cues.reader, stripped, folded):
        return SentenceRole.READER
    if not speaker and any_match(cues.hypothetical, stripped, folded) and not any_match(cues.promise, stripped, folded):
        return SentenceRole.HYPOTHETICAL
    # "Terminez par deux ou trois objectifs concrets": a few things to do is still advice; a
    # price, a share or a time saved ("Gagnez 6 heures par semaine") makes it a promise.
    few_things = all(q.kind == "count" and q.value is not None and q.value <= _FEW for q in figures)
    if (not strong_figure or few_things) and any_match(cues.advice, stripped, folded):
        return SentenceRole.ADVICE
    # "This blog reviews dozens of surveys": a vague count ("dozens", "des centaines") in a
    # sentence about the text itself measures the text, not a result.
    precise_figure = any(not q.approximate for q in results)
    if not precise_figure and any_match(cues.meta, stripped, folded):
        return SentenceRole.META
    if not strong_figure and not speaker and any_match(cues.definition, stripped, folded):
        return SentenceRole.DEFINITION
    if not strong_figure and any_match(cues.reporting, stripped, folded):
        return SentenceRole.REPORTING
    if not figures and any_match(cues.aspiration, stripped, folded):
        return SentenceRole.INTENT
    if kind == "heading":
        return SentenceRole.HEADING
    return SentenceRole.ASSERTION
