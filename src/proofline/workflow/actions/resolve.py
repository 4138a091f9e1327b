"""The writer's three ways out of a blocking claim: remove it, cite a source that backs it, ask an expert.

Each is refused unless the check agrees: a removed claim must be gone from the new text, a
cited source must back the claim in the re-check; a forbidden claim cannot be cited or vouched for.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from proofline.store.models import Claim, Resolution
from proofline.workflow.actions.base import ClaimAction
from proofline.workflow.actions.edit import EditAsset, NewVersion
from proofline.workflow.actions.recording import claim_key, prepare, record_check
from proofline.workflow.context import Context
from proofline.workflow.errors import ConflictError, ResolutionRefused
from proofline.workflow.queries import asset_row, check_view, latest_version, short, user_named
from proofline.workflow.views import AssetView, CheckView


class ResolveRemove(ClaimAction[AssetView]):
    """A new version without the claim: the given text, or the text minus the claim (`cut_span`)."""

    def __init__(self, ctx: Context, actor: str | None, claim_id: int, *, text: str | None = None,
                 reason: str | None = None) -> None:
        super().__init__(ctx, actor, claim_id)
        self.text, self.reason = text, reason

    def execute(self) -> AssetView:
        with self.ctx.db.session() as s:
            _user, asset, claim, _run = self.load(s)
            latest = latest_version(s, asset.id)
            body, base = latest.text, latest.number
            key, asset_id, quote = claim.key, asset.id, claim.text
            new_text = self.text if self.text is not None else cut_span(body, claim.start_offset, claim.end_offset)
        EditAsset(self.ctx, self.actor, asset_id, new_text, base_version=base).precheck()
        prepared = prepare(self.ctx, asset_id, new_text)
        if any(claim_key(c.text) == key for c in prepared.report.claims):
            raise ResolutionRefused("remove.still_there", claim=short(quote))
        with self.ctx.tx() as s:
            return NewVersion(self.ctx, self.actor, asset_id, new_text, prepared,
                              base_version=base,
                              note=self.reason or f"removed claim #{self.claim_id}", expected_revision=None).within(s)


class ResolveCite(ClaimAction[CheckView]):
    """Cite a source for a claim: accepted only when the re-check says that source backs it."""

    def __init__(self, ctx: Context, actor: str | None, claim_id: int, source_id: str, *,
                 reason: str | None = None) -> None:
        super().__init__(ctx, actor, claim_id)
        self.source_id, self.reason = source_id, reason

    def execute(self) -> CheckView:
        with self.ctx.db.session() as s:
            _user, asset, claim, _run = self.load(s)
            if claim.verdict == "forbidden":
                raise ResolutionRefused("cite.forbidden")
            key, asset_id, text = claim.key, asset.id, claim.text
        ws = self.ctx.workspace(reload=True)  # the source is often added just before citing it
        if ws.source(self.source_id) is None:
            raise ResolutionRefused("cite.no_source", source_id=self.source_id)
        prepared = prepare(self.ctx, asset_id)
        match = next((c for c in prepared.report.claims if claim_key(c.text) == key), None)
        if match is None:
            raise ResolutionRefused("cite.claim_gone", claim=short(text))
        backs = [e for e in match.evidence if e.source == self.source_id and e.relation == "supports"]
        if match.blocks or not backs:
            raise ResolutionRefused("cite.not_backed", source_id=self.source_id, claim=short(text),
                                    verdict=match.verdict.value, detail=match.message.strip())
        with self.ctx.tx() as s:
            user, asset = user_named(s, self.actor), asset_row(s, asset_id)
            self.check_perm(s, user, asset)
            version = latest_version(s, asset_id)
            if version.id != prepared.version_id:
                raise ConflictError("conflict.cite_new_version", asset_id=asset_id)
            run = record_check(self.ctx, s, asset, version, prepared, user)  # audited as the citation, below
            new_claim = s.execute(select(Claim).where(Claim.check_id == run.id, Claim.key == key)
                                  .limit(1)).scalar_one()
            now = self.ctx.now()
            s.add(Resolution(asset_id=asset_id, claim_id=new_claim.id, claim_key=key, kind="cited", status="done",
                             source_id=self.source_id, requested_by=user.id, resolved_by=user.id, reason=self.reason,
                             created_at=now, resolved_at=now))
            self.log(s, user, "claim.cite", asset_id, reason=self.reason,
                     after={"claim": text, "source": self.source_id, "verdict": match.verdict.value,
                            "quote": backs[0].quote})
            return check_view(self.ctx, s, run)


class RequestExpert(ClaimAction[int]):
    """Ask an expert to validate a blocking claim; it then waits in the experts' queue. The request's id."""

    def __init__(self, ctx: Context, actor: str | None, claim_id: int, *, reason: str | None = None) -> None:
        super().__init__(ctx, actor, claim_id)
        self.reason = reason

    def execute(self) -> int:
        with self.ctx.tx() as s:
            user, asset, claim, _run = self.load(s)
            if claim.verdict == "forbidden":
                raise ResolutionRefused("expert.forbidden")
            if not claim.blocking:
                raise ResolutionRefused("expert.not_blocking", claim_id=self.claim_id, verdict=claim.verdict)
            res = Resolution(asset_id=asset.id, claim_id=claim.id, claim_key=claim.key, kind="expert",
                             status="requested", requested_by=user.id, reason=self.reason, created_at=self.ctx.now())
            s.add(res)
            s.flush()
            self.log(s, user, "claim.expert_requested", asset.id, after={"claim": claim.text}, reason=self.reason)
            return res.id


def cut_span(text: str, start: int, end: int) -> str:
    """The text without [start, end), tidied: no doubled spaces, no orphan punctuation left behind."""
    head, tail = text[:start].rstrip(" "), text[end:]
    tail = re.sub(r"^[ \t]*[,;:.!?]+", "", tail) if not head or head.endswith((".", "!", "?", ":", "\n")) else tail
    out = head + (" " if head and not head.endswith("\n") and tail and not tail.startswith((" ", "\n")) else "") + tail
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r"(?m)^[ \t]*[,;:.!?]+[ \t]*$\n?", "", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip() + ("\n" if text.endswith("\n") else "")
