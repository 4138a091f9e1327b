"""What every mutation shares, written once: who acts, on what, with which right, in one transaction, audited.

An action is a class per mutation, as Wagtail's actions are (wagtail/actions/*.py): built with
the context and the actor, it checks the actor's right in `check_perm` (role first, then state,
then four-eyes: the message names whatever stops the user), does its work in `execute`, and
writes its audit entry with `log`, inside the transaction of `Context.tx`, all or nothing. An
action that runs the checker (slow, pure) does it between a read-only pass of the same checks and
its transaction, which loads and checks everything again: nobody changed the asset in between.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.orm import Session

from proofline.store.models import Asset, CheckRun, Claim, User
from proofline.workflow import audit
from proofline.workflow.context import Context
from proofline.workflow.errors import (
    ConflictError,
    InputRefused,
    InvalidTransition,
    PermissionDenied,
    SelfApprovalError,
)
from proofline.workflow.queries import asset_row, asset_view, authors, current_claim, user_named
from proofline.workflow.states import TRANSITIONS, State
from proofline.workflow.views import AssetView

T = TypeVar("T")


def allow(user: User, asset: Asset, action: str) -> None:
    """Role first, then state (the transition table of states.py): the message names whatever stops the user."""
    t = TRANSITIONS[action]
    if not user.role_set & {r.value for r in t.roles}:
        raise PermissionDenied("role.needed", user=user.name, action=action, asset_id=asset.id,
                               roles=sorted(r.value for r in t.roles))
    state = State(asset.state)
    if state is State.PUBLISHED and action in ("edit", "resolve"):
        raise InvalidTransition("edit.published", asset_id=asset.id)
    if state not in t.sources:
        raise InvalidTransition("state.forbids", asset_id=asset.id, state=state.value, action=action)


def expect_revision(asset: Asset, expected_revision: int | None) -> None:
    """The optimistic lock: the revision the user looked at must still be the asset's."""
    if expected_revision is not None and asset.revision != expected_revision:
        raise ConflictError("conflict.revision", asset_id=asset.id, expected=expected_revision,
                            current=asset.revision)


def four_eyes(s: Session, user: User, asset: Asset, action: str) -> None:
    """Nobody who wrote a version of the asset does `action` on it (the message says what someone else must do)."""
    if user.id in authors(s, asset):
        if action == "publish":
            raise SelfApprovalError("publish.four_eyes", user=user.name, asset_id=asset.id)
        raise SelfApprovalError("four_eyes", user=user.name, asset_id=asset.id, action=action)


def log(ctx: Context, s: Session, user: User | str, action: str, asset_id: int | None, *,
        before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, reason: str | None = None,
        entity: str = "asset", entity_id: object = None) -> None:
    """Append one entry to the hash-chained audit log, in the caller's transaction."""
    actor = user if isinstance(user, str) else user.name
    audit.append(s, at=ctx.now(), actor=actor, action=action, entity=entity,
                 entity_id=entity_id if entity_id is not None else asset_id, before=before, after=after,
                 reason=reason)


class Action(Generic[T]):
    """One mutation: `check_perm` (may the actor?), `execute` (do it, in one transaction), `log` (audit it)."""

    def __init__(self, ctx: Context, actor: str | None) -> None:
        self.ctx = ctx
        self.actor = actor

    def execute(self) -> T:
        raise NotImplementedError

    def log(self, s: Session, user: User | str, action: str, asset_id: int | None, **kw: Any) -> None:
        log(self.ctx, s, user, action, asset_id, **kw)


class AssetAction(Action[T]):
    """An action on one asset that is a transition of states.py (`transition`), with four-eyes if asked.

    The default `execute` is the whole of most actions: input checked, then in one transaction
    the preamble (`load`: user, asset, revision, `check_perm`) and `_execute`. `reason` goes into
    the audit entry; `reason_needed` is the refusal's key where the action must say why.
    """

    transition: ClassVar[str]
    four_eyes: ClassVar[bool] = False
    reason_needed: ClassVar[str | None] = None

    def __init__(self, ctx: Context, actor: str | None, asset_id: int, *, expected_revision: int | None = None,
                 reason: str | None = None) -> None:
        super().__init__(ctx, actor)
        self.asset_id = asset_id
        self.expected_revision = expected_revision
        self.reason = reason

    def check_input(self) -> None:
        """Refuse bad input before any database work (a missing reason, an empty text)."""
        if self.reason_needed is not None and (not self.reason or not self.reason.strip()):
            raise InputRefused(self.reason_needed)

    def check_perm(self, s: Session, user: User, asset: Asset) -> None:
        allow(user, asset, self.transition)
        if self.four_eyes:
            four_eyes(s, user, asset, self.transition)

    def load(self, s: Session, *, revision: bool = True) -> tuple[User, Asset]:
        """The preamble every asset action shares: who acts, on which asset, at which revision, with which right."""
        user, asset = user_named(s, self.actor), asset_row(s, self.asset_id)
        expect_revision(asset, self.expected_revision if revision else None)
        self.check_perm(s, user, asset)
        return user, asset

    def execute(self) -> T:
        self.check_input()
        with self.ctx.tx() as s:
            user, asset = self.load(s)
            return self._execute(s, user, asset)

    def _execute(self, s: Session, user: User, asset: Asset) -> T:
        raise NotImplementedError

    def move(self, s: Session, user: User, asset: Asset, reason: str | None,
             extra: dict[str, Any] | None = None) -> None:
        """The state change of `transition`, audited with the state and revision before and after."""
        target = TRANSITIONS[self.transition].target
        assert target is not None
        before = {"state": asset.state, "revision": asset.revision}
        asset.state = target.value
        asset.updated_at = self.ctx.now()
        s.flush()
        self.log(s, user, f"asset.{self.transition}", asset.id, before=before,
                 after={"state": asset.state, "revision": asset.revision, **(extra or {})}, reason=reason)

    @staticmethod
    def view(s: Session, asset: Asset) -> AssetView:
        return asset_view(s, asset)


class ClaimAction(Action[T]):
    """An action on a claim of an asset's latest version; `check_perm` decides on the asset it belongs to."""

    def __init__(self, ctx: Context, actor: str | None, claim_id: int) -> None:
        super().__init__(ctx, actor)
        self.claim_id = claim_id

    def check_perm(self, s: Session, user: User, asset: Asset) -> None:
        allow(user, asset, "resolve")

    def load(self, s: Session) -> tuple[User, Asset, Claim, CheckRun]:
        """Who acts, the claim mapped onto the latest check, and the right to act on its asset."""
        user = user_named(s, self.actor)
        asset, claim, run = current_claim(s, self.claim_id)
        self.check_perm(s, user, asset)
        return user, asset, claim, run
