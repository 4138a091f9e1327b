"""The expert's side of a claim: validate it (or override a source, pending), confirm an override, reject.

A validation becomes an attestation the checker uses: the database is its truth, exported to the
workspace's attestations.validated.yaml in the same transaction boundary (with an undo if the
commit fails) so `proofline check` in CI sees it. An override of a source counts only once a
second person, an approver or admin who is neither the expert nor an author, confirms it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from proofline.cache import sha256_hex
from proofline.store.models import Asset, Claim, ExpertAttestation, Resolution, User
from proofline.workflow import attestations
from proofline.workflow.actions.base import ClaimAction, allow, four_eyes
from proofline.workflow.actions.check import CheckAsset
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused, PermissionDenied, ResolutionRefused, SelfApprovalError
from proofline.workflow.queries import expert_requests, resolutions, stable
from proofline.workflow.views import AttestationView

DEFAULT_VALIDITY_DAYS = 365
T = TypeVar("T")


class _ExpertAction(ClaimAction[T]):
    """An expert acting on a claim: the expert role, the asset's state, four-eyes (`verb`: validate or reject)."""

    verb = "validate"

    def check_perm(self, s: Session, user: User, asset: Asset) -> None:
        if "expert" not in user.role_set:
            if self.verb == "reject":
                raise PermissionDenied("reject.needs_expert", user=user.name)
            raise PermissionDenied("validate.needs_expert", user=user.name)
        allow(user, asset, "validate")
        four_eyes(s, user, asset, self.verb)


class ValidateClaim(_ExpertAction[AttestationView]):
    """An expert vouches for a claim: who, when, why, until when. It becomes an attestation.

    A claim a valid source contradicts, or whose only proof expired, is not attested by one word:
    it takes `override` (an explicit overruling, with its reason), and the attestation stays
    pending, the claim blocking, until an approver or admin confirms it (`ConfirmClaim`).
    """

    def __init__(self, ctx: Context, actor: str | None, claim_id: int, *, reason: str,
                 valid_until: date | None = None, override: bool = False) -> None:
        super().__init__(ctx, actor, claim_id)
        self.reason, self.valid_until, self.override = reason, valid_until, override

    def execute(self) -> AttestationView:
        if not self.reason or not self.reason.strip():
            raise InputRefused("validate.no_reason")
        today = self.ctx.now().date()
        until = self.valid_until or today + timedelta(days=DEFAULT_VALIDITY_DAYS)
        if until < today:
            raise InputRefused("validate.past", until=until)
        undo: Callable[[], None] | None = None
        try:
            with self.ctx.tx() as s:
                view, asset_id = self._attest(s, today, until)
                if not self.override:
                    undo = attestations.export(s, self.ctx.root)
        except BaseException:
            if undo is not None:
                undo()
            raise
        if not self.override:
            attestations.sync(self.ctx.db, self.ctx.root)
        self.ctx.workspace(reload=True)
        if not self.override:
            CheckAsset(self.ctx, self.actor, asset_id).execute()  # the report now shows the claim as attested
        return view

    def _attest(self, s: Session, today: date, until: date) -> tuple[AttestationView, int]:
        user, asset, claim, _run = self.load(s)
        override, reason = self.override, self.reason.strip()
        if claim.verdict == "forbidden":
            raise ResolutionRefused("expert.forbidden_validate")
        if not claim.blocking:
            raise ResolutionRefused("expert.not_blocking", claim_id=self.claim_id, verdict=claim.verdict)
        overruled = overruled_source(claim)
        if overruled is not None and not override:
            raise ResolutionRefused("validate.needs_override", claim_id=self.claim_id, verdict=claim.verdict,
                                    source_id=overruled)
        if overruled is None and override:
            raise ResolutionRefused("override.not_needed", claim_id=self.claim_id, verdict=claim.verdict)
        now = self.ctx.now()
        att = ExpertAttestation(ident=f"expert-{sha256_hex(f'{asset.id}:{claim.key}:{now.isoformat()}')[:12]}",
                                claim=claim.text, category=claim.category, expert_id=user.id,
                                reason=reason, validated_on=today, valid_until=until,
                                asset_id=asset.id, created_at=now,
                                status="pending" if override else "confirmed",
                                overrides_source=overruled, overrides_verdict=claim.verdict if override else None)
        s.add(att)
        s.flush()
        pending = expert_requests(s, asset.id, claim.key)
        res = pending[0] if pending else Resolution(asset_id=asset.id, claim_id=claim.id, claim_key=claim.key,
                                                    kind="expert", requested_by=user.id, created_at=now)
        res.status = "override_pending" if override else "done"
        res.attestation_id, res.resolved_by, res.resolved_at = att.id, user.id, now
        res.reason = res.reason or reason
        s.add(res)
        after: dict[str, Any] = {"claim": claim.text, "claim_id": stable(claim), "attestation": att.ident,
                                 "valid_until": until.isoformat()}
        if override:
            after.update(override_of=overruled, verdict=claim.verdict, status="pending")
        self.log(s, user, "claim.override" if override else "claim.validate", asset.id, reason=reason, after=after)
        return AttestationView(att.ident, att.claim, user.display_name, today, until, att.reason, status=att.status,
                               overrides_source=overruled), asset.id


class RejectClaim(_ExpertAction[None]):
    """An expert refuses to vouch for a claim: the request leaves the queue and the writer sees why."""

    verb = "reject"

    def __init__(self, ctx: Context, actor: str | None, claim_id: int, *, reason: str) -> None:
        super().__init__(ctx, actor, claim_id)
        self.reason = reason

    def execute(self) -> None:
        if not self.reason or not self.reason.strip():
            raise InputRefused("reject.no_reason")
        with self.ctx.tx() as s:
            user, asset, claim, _run = self.load(s)
            pending = expert_requests(s, asset.id, claim.key)
            if not pending:
                raise ResolutionRefused("reject.not_requested", claim_id=self.claim_id)
            now = self.ctx.now()
            for r in pending:
                r.status, r.resolved_by, r.resolved_at, r.reason = "rejected", user.id, now, self.reason.strip()
            self.log(s, user, "claim.expert_rejected", asset.id, after={"claim": claim.text},
                     reason=self.reason.strip())


class ConfirmClaim(ClaimAction[AttestationView]):
    """A second person (approver or admin, neither the expert nor an author) confirms an override.

    Only then does the attestation count: it reaches the checker and the workspace's
    attestations.validated.yaml (written in the same transaction boundary), and the claim is re-checked.
    """

    def check_perm(self, s: Session, user: User, asset: Asset) -> None:
        allow(user, asset, "confirm")
        four_eyes(s, user, asset, "confirm")

    def execute(self) -> AttestationView:
        undo: Callable[[], None] | None = None
        try:
            with self.ctx.tx() as s:
                view, asset_id = self._confirm(s)
                undo = attestations.export(s, self.ctx.root)
        except BaseException:
            if undo is not None:
                undo()
            raise
        attestations.sync(self.ctx.db, self.ctx.root)
        self.ctx.workspace(reload=True)
        CheckAsset(self.ctx, self.actor, asset_id).execute()
        return view

    def _confirm(self, s: Session) -> tuple[AttestationView, int]:
        user, asset, claim, _run = self.load(s)
        pending = [r for r in resolutions(s, asset.id).get(claim.key, [])
                   if r.kind == "expert" and r.status == "override_pending" and r.attestation_id]
        if not pending:
            raise ResolutionRefused("confirm.nothing_pending", claim_id=self.claim_id)
        res = pending[-1]
        att = s.get(ExpertAttestation, res.attestation_id)
        assert att is not None
        if att.expert_id == user.id:
            raise SelfApprovalError("confirm.same_person", user=user.name, claim_id=self.claim_id)
        now = self.ctx.now()
        att.status, att.confirmed_by, att.confirmed_at = "confirmed", user.id, now
        res.status = "done"
        expert = s.get(User, att.expert_id)
        self.log(s, user, "claim.override_confirmed", asset.id, reason=att.reason,
                 after={"claim": claim.text, "claim_id": stable(claim), "attestation": att.ident,
                        "override_of": att.overrides_source, "verdict": att.overrides_verdict,
                        "expert": expert.name if expert else None, "confirmed_by": user.name})
        return AttestationView(att.ident, att.claim, expert.display_name if expert else "", att.validated_on,
                               att.valid_until, att.reason, status="confirmed",
                               overrides_source=att.overrides_source, confirmed_by=user.display_name), asset.id


def overruled_source(claim: Claim) -> str | None:
    """The source an attestation of this claim would overrule: the one that contradicts it, or the expired
    proof it has; None when no source stands against it (unsupported, insufficient proof)."""
    if claim.verdict not in ("contradicted", "expired"):
        return None
    evidence = json.loads(claim.evidence_json)
    wanted = "contradicts" if claim.verdict == "contradicted" else None
    for e in evidence:
        if e.get("source") and (wanted is None or e.get("relation") == wanted):
            return str(e["source"])
    return next((str(e["source"]) for e in evidence if e.get("source")), claim.verdict)
