"""Asset states and the transition table: the only place that says what may follow what.

    draft ──submit──► in_review ──approve──► approved ──publish──► published
                        ▲   │                    │
          submit        │   └─request_changes─► changes_requested
                        └───────────────────────┘
    any state but published/archived ──archive──► archived
    published ──correct──► in_review (the published text stays live until the correction is published)
    published (or live while corrected) ──withdraw──► withdrawn

Editing (a new version) is allowed in draft, in_review and changes_requested and keeps the state;
editing an approved asset sends it back to in_review: the new text needs approval again. A
published asset is never edited: it is corrected (a new version that goes through verify and
approve again) or withdrawn (with a reason; its proof pack is marked withdrawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    WRITER = "writer"
    EXPERT = "expert"
    APPROVER = "approver"
    ADMIN = "admin"


class Kind(StrEnum):
    ARTICLE = "article"
    LINKEDIN = "linkedin"
    EMAIL = "email"
    LANDING = "landing"
    SEQUENCE = "sequence"
    ONE_PAGER = "one_pager"
    OTHER = "other"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State | None  # None: the state does not change
    roles: frozenset[Role]  # any of these roles may do it (admin is not implied: four-eyes stays)


_ALL_OPEN = frozenset({State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({State.DRAFT, State.CHANGES_REQUESTED}), State.IN_REVIEW,
                   frozenset({Role.WRITER, Role.ADMIN})),
        Transition("request_changes", frozenset({State.IN_REVIEW}), State.CHANGES_REQUESTED,
                   frozenset({Role.APPROVER})),
        Transition("approve", frozenset({State.IN_REVIEW}), State.APPROVED, frozenset({Role.APPROVER})),
        Transition("publish", frozenset({State.APPROVED}), State.PUBLISHED,
                   frozenset({Role.WRITER, Role.APPROVER, Role.ADMIN})),
        Transition("archive", _ALL_OPEN, State.ARCHIVED, frozenset({Role.WRITER, Role.APPROVER, Role.ADMIN})),
        Transition("edit", _ALL_OPEN, None, frozenset({Role.WRITER, Role.ADMIN})),
        Transition("resolve", frozenset({State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED}), None,
                   frozenset({Role.WRITER, Role.ADMIN})),
        Transition("validate", frozenset({State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED}), None,
                   frozenset({Role.EXPERT})),
        Transition("confirm", frozenset({State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED}), None,
                   frozenset({Role.APPROVER, Role.ADMIN})),
        Transition("correct", frozenset({State.PUBLISHED}), State.IN_REVIEW, frozenset({Role.WRITER, Role.ADMIN})),
        # From published, or from a state a correction put it in while its last publication is live
        # (the service refuses when nothing is live).
        Transition("withdraw", frozenset({State.PUBLISHED, *_ALL_OPEN}), State.WITHDRAWN,
                   frozenset({Role.APPROVER, Role.ADMIN})),
    )
}

EDIT_TARGET: dict[State, State] = {State.APPROVED: State.IN_REVIEW}

# How a state reads after "Asset #3 is ..." / "Le contenu n° 3 est ..." (French: the desk's state
# labels, made to fit the sentence).
_STATE_WORDS: dict[str, dict[State, str]] = {
    "en": {
        State.DRAFT: "a draft",
        State.IN_REVIEW: "in review",
        State.CHANGES_REQUESTED: "waiting for changes",
        State.APPROVED: "approved",
        State.PUBLISHED: "published",
        State.ARCHIVED: "archived",
        State.WITHDRAWN: "withdrawn",
    },
    "fr": {
        State.DRAFT: "un brouillon",
        State.IN_REVIEW: "en relecture",
        State.CHANGES_REQUESTED: "en attente de modifications",
        State.APPROVED: "approuvé",
        State.PUBLISHED: "publié",
        State.ARCHIVED: "archivé",
        State.WITHDRAWN: "retiré de la publication",
    },
}

# What an action does to the asset, to finish "so it cannot be ... now" (English, a participle) or
# "impossible de ... pour l'instant" (French, an infinitive with its pronoun).
_ACTION_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "submit": "submitted for review",
        "request_changes": "sent back for changes",
        "approve": "approved",
        "publish": "published",
        "archive": "archived",
        "edit": "edited",
        "resolve": "cleared of its blocking claims",
        "validate": "vouched for by an expert",
        "confirm": "given a confirmed override",
        "correct": "corrected",
        "withdraw": "withdrawn",
    },
    "fr": {
        "submit": "le soumettre à relecture",
        "request_changes": "demander des modifications",
        "approve": "l'approuver",
        "publish": "le publier",
        "archive": "l'archiver",
        "edit": "le modifier",
        "resolve": "résoudre ses affirmations",
        "validate": "valider ses affirmations",
        "confirm": "confirmer une dérogation",
        "correct": "le corriger",
        "withdraw": "le retirer de la publication",
    },
}


def describe(state: State, lang: str = "en") -> str:
    """The state as words of `lang` (English for an unknown language), for refusal messages."""
    return _STATE_WORDS.get(lang, _STATE_WORDS["en"])[State(state)]


def action_words(action: str, lang: str = "en") -> str:
    return _ACTION_WORDS.get(lang, _ACTION_WORDS["en"])[action]


def allowed_from(state: State) -> list[str]:
    """The actions possible from a state, for messages such as "it can only be ..."."""
    return [a for a, t in TRANSITIONS.items() if state in t.sources]
