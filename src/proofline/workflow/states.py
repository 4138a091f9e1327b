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


def allowed_from(state: State) -> list[str]:
    """The actions possible from a state, for messages such as "it can only be ..."."""
    return [a for a, t in TRANSITIONS.items() if state in t.sources]
