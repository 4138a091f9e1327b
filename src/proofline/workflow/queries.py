"""Every read of the workflow: rows the actions act on, the views, the queue, history, audit and registers.

Nothing here writes. The row readers (`user_named`, `asset_row`, `current_claim`, ...) are the
ones the actions' preamble uses inside their transaction; the view readers open their own
session and return the frozen views of `views.py`, so the CLI, the desk and the API never query
a table themselves. The gate on a recorded check (`recorded_blockers`) is here because every
view shows it and approve and publish decide by it: one adapter onto `gate.blockers`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.store.db import Database
from proofline.store.models import (
    Asset,
    AssetVersion,
    AuditEntry,
    AuditHead,
    CheckRun,
    Claim,
    ComposeItem,
    ComposeRun,
    ExpertAttestation,
    KitVersion,
    ProviderCall,
    Publication,
    Resolution,
    Review,
    User,
)
from proofline.workflow.errors import IdentityError, NotFound, ResolutionRefused
from proofline.workflow.gate import Blocker, ClaimState, blockers
from proofline.workflow.states import TRANSITIONS, State
from proofline.workflow.views import (
    AssetView,
    AuditLine,
    CheckView,
    ClaimView,
    HistoryEntry,
    QueueItem,
    UserView,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from proofline.workflow.anchors import AnchorLine, AuditReport, Expectation
    from proofline.workflow.context import Context

REGISTER_FIELDS = ("id", "at", "actor", "provider", "model", "purpose", "channel", "asset_id", "asset_version_id",
                   "run_item_id", "status", "error", "prompt_tokens", "completion_tokens", "cost", "latency_ms",
                   "attempts", "prompt", "response")


# --------------------------------------------------------------------------- rows the actions act on


def user_named(s: Session, name: str | None) -> User:
    if not name:
        raise IdentityError("identity.missing")
    user = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None:
        raise IdentityError("identity.unknown", name=name)
    return user


def asset_row(s: Session, asset_id: int) -> Asset:
    asset = s.get(Asset, asset_id)
    if asset is None:
        raise NotFound("asset.missing", asset_id=asset_id)
    return asset


def latest_version(s: Session, asset_id: int) -> AssetVersion:
    return s.execute(select(AssetVersion).where(AssetVersion.asset_id == asset_id)
                     .order_by(AssetVersion.number.desc()).limit(1)).scalar_one()


def latest_check(s: Session, version_id: int) -> CheckRun | None:
    return s.execute(select(CheckRun).where(CheckRun.version_id == version_id)
                     .order_by(CheckRun.id.desc()).limit(1)).scalars().first()


def live_publication(s: Session, asset_id: int) -> Publication | None:
    """The latest publication of the asset unless it was withdrawn: the text that is out."""
    pub = s.execute(select(Publication).where(Publication.asset_id == asset_id)
                    .order_by(Publication.id.desc()).limit(1)).scalar_one_or_none()
    return pub if pub is not None and pub.withdrawn_at is None else None


def authors(s: Session, asset: Asset) -> set[int]:
    """Who wrote the asset or any of its versions: the people four-eyes keeps from approving it."""
    ids = set(s.execute(select(AssetVersion.author_id).where(AssetVersion.asset_id == asset.id)).scalars())
    return {asset.author_id, *ids}


def resolutions(s: Session, asset_id: int) -> dict[str, list[Resolution]]:
    out: dict[str, list[Resolution]] = {}
    for r in s.execute(select(Resolution).where(Resolution.asset_id == asset_id).order_by(Resolution.id)).scalars():
        out.setdefault(r.claim_key, []).append(r)
    return out


def expert_requests(s: Session, asset_id: int, claim_key: str) -> list[Resolution]:
    """The open requests for an expert on one claim of an asset."""
    return [r for r in resolutions(s, asset_id).get(claim_key, []) if r.kind == "expert" and r.status == "requested"]


def current_claim(s: Session, claim_id: int) -> tuple[Asset, Claim, CheckRun]:
    """A claim the user named, mapped onto the latest check of the latest version."""
    claim = s.get(Claim, claim_id)
    if claim is None:
        raise NotFound("claim.missing", claim_id=claim_id)
    asset = asset_row(s, claim.asset_id)
    run = latest_check(s, latest_version(s, asset.id).id)
    current = None
    if run is not None:
        current = s.execute(select(Claim).where(Claim.check_id == run.id, Claim.key == claim.key)
                            .order_by(Claim.id).limit(1)).scalar_one_or_none()
    if current is None or run is None:
        raise ResolutionRefused("claim.gone", claim_id=claim_id, asset_id=asset.id)
    return asset, current, run


def stable(claim: Claim) -> int:
    """The id a claim has had since its text first appeared in the asset (the one users see)."""
    return claim.stable_id or claim.id


# --------------------------------------------------------------------------- views inside a session


def asset_view(s: Session, a: Asset) -> AssetView:
    author = s.get(User, a.author_id)
    assert author is not None
    live = live_publication(s, a.id)
    live_version = None
    if live is not None:
        v = s.get(AssetVersion, live.version_id)
        live_version = v.number if v is not None else None
    return AssetView(id=a.id, title=a.title, kind=a.kind, language=a.language, audience=a.audience,
                     author=author.name, state=a.state, review_cycles=a.review_cycles, revision=a.revision,
                     version=latest_version(s, a.id).number, created_at=a.created_at,
                     updated_at=a.updated_at, published_at=a.published_at, parent_asset_id=a.parent_asset_id,
                     parent_source_id=a.parent_source_id, live_version=live_version)


def user_view(u: User) -> UserView:
    return UserView(u.id, u.name, u.display_name, tuple(sorted(u.role_set)))


def claim_views(s: Session, run: CheckRun) -> tuple[ClaimView, ...]:
    """The claims of a recorded check with their resolutions: what still blocks, and why not."""
    done = resolutions(s, run.asset_id)
    views = []
    for c in s.execute(select(Claim).where(Claim.check_id == run.id).order_by(Claim.start_offset,
                                                                             Claim.id)).scalars():
        label, resolved, note = None, False, None
        for r in done.get(c.key, []):
            if r.kind == "expert" and r.status == "override_pending" and not resolved:
                att = s.get(ExpertAttestation, r.attestation_id) if r.attestation_id else None
                label = (f"override of {att.overrides_source} by an expert, waiting for "
                         f"`proofline claim confirm {c.stable_id or c.id}`" if att else "override pending")
                note = "override_pending"
            elif r.kind == "expert" and r.status == "done":
                att = s.get(ExpertAttestation, r.attestation_id) if r.attestation_id else None
                valid = att is not None and (att.valid_until is None or att.valid_until >= run.as_of)
                label = f"expert-validated ({att.ident})" if valid and att else "expert validation expired"
                resolved = resolved or (valid and c.verdict != "forbidden")
            elif r.kind == "expert" and r.status == "requested" and not resolved:
                label = "expert validation requested"
            elif r.kind == "expert" and r.status == "rejected" and not resolved:
                label = f"expert rejected: {r.reason or ''}".strip()
            elif r.kind == "cited":
                label = f"cited: {r.source_id}"
        if resolved:
            note = None
        views.append(ClaimView(id=c.stable_id or c.id, key=c.key, text=c.text, start=c.start_offset,
                               end=c.end_offset, category=c.category, verdict=c.verdict, blocking=c.blocking,
                               message=c.message, evidence=tuple(json.loads(c.evidence_json)),
                               resolution=label, resolved=resolved, replaces=c.replaces_id, note=note))
    return tuple(views)


def claims_blockers(ctx: Context, claims: Sequence[ClaimView], report: dict[str, Any], text: str) -> list[Blocker]:
    """The gate (workflow/gate.py) on recorded claims and findings: one function for every path."""
    threshold = ctx.workspace().kit.gate.block_findings
    return blockers([ClaimState(c.id, c.text, c.verdict, c.still_blocks, c.note) for c in claims],
                    report.get("findings", []), text, threshold)


def recorded_blockers(ctx: Context, s: Session, run: CheckRun, version: AssetVersion) -> list[Blocker]:
    """The one gate on a recorded check, as approve and publish decide by it: every blocker, in text order."""
    return claims_blockers(ctx, claim_views(s, run), json.loads(run.report_json), version.text)


def check_view(ctx: Context, s: Session, run: CheckRun) -> CheckView:
    version = s.get(AssetVersion, run.version_id)
    assert version is not None
    claims = claim_views(s, run)
    report = json.loads(run.report_json)
    return CheckView(check_id=run.id, asset_id=run.asset_id, version=version.number, as_of=run.as_of,
                     claims=claims, report=report, gate=tuple(claims_blockers(ctx, claims, report, version.text)))


# --------------------------------------------------------------------------- reads with their own session


def users(ctx: Context) -> list[UserView]:
    with ctx.db.session() as s:
        return [user_view(u) for u in s.execute(select(User).order_by(User.id)).scalars()]


def user(ctx: Context, name: str | None) -> UserView:
    with ctx.db.session() as s:
        return user_view(user_named(s, name))


def asset(ctx: Context, asset_id: int) -> AssetView:
    with ctx.db.session() as s:
        return asset_view(s, asset_row(s, asset_id))


def assets(ctx: Context, state: str | None = None) -> list[AssetView]:
    with ctx.db.session() as s:
        q = select(Asset).order_by(Asset.id)
        if state:
            q = q.where(Asset.state == state)
        return [asset_view(s, a) for a in s.execute(q).scalars()]


def text(ctx: Context, asset_id: int, version: int | None = None) -> str:
    return numbered_text(ctx, asset_id, version)[1]


def numbered_text(ctx: Context, asset_id: int, version: int | None = None) -> tuple[int, str]:
    """A version's number and text, read together: the base an edit of that text names."""
    with ctx.db.session() as s:
        asset_row(s, asset_id)
        if version is None:
            row = latest_version(s, asset_id)
            return row.number, row.text
        found = s.execute(select(AssetVersion).where(AssetVersion.asset_id == asset_id,
                                                     AssetVersion.number == version)).scalar_one_or_none()
        if found is None:
            raise NotFound("version.missing", asset_id=asset_id, version=version)
        return found.number, found.text


def current_check(ctx: Context, asset_id: int) -> CheckView | None:
    """The latest recorded check of the latest version (no new check is run)."""
    with ctx.db.session() as s:
        asset_row(s, asset_id)
        run = latest_check(s, latest_version(s, asset_id).id)
        return check_view(ctx, s, run) if run else None


def claim(ctx: Context, claim_id: int) -> tuple[AssetView, ClaimView]:
    """One claim mapped onto the latest check of its asset (for the expert's page)."""
    with ctx.db.session() as s:
        found, row, run = current_claim(s, claim_id)
        view = next(c for c in claim_views(s, run) if c.id == stable(row))
        return asset_view(s, found), view


def history(ctx: Context, asset_id: int) -> list[HistoryEntry]:
    with ctx.db.session() as s:
        asset_row(s, asset_id)
        rows = s.execute(select(AuditEntry).where(AuditEntry.entity == "asset",
                                                  AuditEntry.entity_id == str(asset_id))
                         .order_by(AuditEntry.seq)).scalars()
        return [HistoryEntry(e.seq, e.at, e.actor, e.action, json.loads(e.before_json), json.loads(e.after_json),
                             e.reason) for e in rows]


def queue(ctx: Context, actor: str | None) -> list[QueueItem]:
    """What waits for this user, by role: reviews, changes to make, drafts to submit, claims to validate."""
    items: list[QueueItem] = []
    with ctx.db.session() as s:
        me = user_named(s, actor)
        roles = me.role_set
        open_assets = list(s.execute(select(Asset).where(Asset.state.in_(
            [State.DRAFT.value, State.IN_REVIEW.value, State.CHANGES_REQUESTED.value, State.APPROVED.value]))
            .order_by(Asset.id)).scalars())
        for a in open_assets:
            mine = me.id in authors(s, a)
            if a.state == State.IN_REVIEW.value and "approver" in roles and not mine:
                items.append(QueueItem("review", a.id, a.title, a.state, _blocking_note(ctx, s, a)))
            if mine and roles & {"writer", "admin"}:
                if a.state == State.CHANGES_REQUESTED.value:
                    last = s.execute(select(Review).where(Review.asset_id == a.id)
                                     .order_by(Review.id.desc()).limit(1)).scalar_one_or_none()
                    items.append(QueueItem("revise", a.id, a.title, a.state,
                                           f"changes requested: {last.comment if last else ''}".strip()))
                elif a.state == State.DRAFT.value:
                    items.append(QueueItem("submit", a.id, a.title, a.state, _blocking_note(ctx, s, a)))
            if (a.state == State.APPROVED.value and not mine
                    and roles & {r.value for r in TRANSITIONS["publish"].roles}):
                items.append(QueueItem("publish", a.id, a.title, a.state, "approved, ready to publish"))
            if roles & {"approver", "admin"} and not mine and a.state != State.APPROVED.value:
                for r in s.execute(select(Resolution).where(Resolution.asset_id == a.id,
                                                            Resolution.kind == "expert",
                                                            Resolution.status == "override_pending")
                                   .order_by(Resolution.id)).scalars():
                    row = s.get(Claim, r.claim_id)
                    att = s.get(ExpertAttestation, r.attestation_id) if r.attestation_id else None
                    if row is None or att is None or att.expert_id == me.id:
                        continue
                    items.append(QueueItem("confirm", a.id, a.title, a.state,
                                           f"confirm the override of {att.overrides_source} for claim "
                                           f"«{short(row.text)}»", claim_id=stable(row)))
            if "expert" in roles and not mine and a.state != State.APPROVED.value:
                for r in s.execute(select(Resolution).where(Resolution.asset_id == a.id,
                                                            Resolution.kind == "expert",
                                                            Resolution.status == "requested")
                                   .order_by(Resolution.id)).scalars():
                    row = s.get(Claim, r.claim_id)
                    items.append(QueueItem("validate", a.id, a.title, a.state,
                                           f"validate claim «{short(row.text if row else r.claim_key)}»",
                                           claim_id=stable(row) if row else r.claim_id))
    return items


def _blocking_note(ctx: Context, s: Session, a: Asset) -> str:
    run = latest_check(s, latest_version(s, a.id).id)
    if run is None:
        return "not checked yet"
    n = sum(1 for c in claim_views(s, run) if c.still_blocks)
    version = s.get(AssetVersion, run.version_id)
    assert version is not None
    findings = sum(1 for b in claims_blockers(ctx, (), json.loads(run.report_json), version.text))
    note = f"{n} blocking claim(s)" if n else "no blocking claim"
    return note + (f", {findings} blocking finding(s)" if findings else "")


def publication(ctx: Context, asset_id: int) -> tuple[str, dict[str, Any]]:
    """The published text and its proof pack (the latest publication of the asset)."""
    with ctx.db.session() as s:
        asset_row(s, asset_id)
        pub = s.execute(select(Publication).where(Publication.asset_id == asset_id)
                        .order_by(Publication.id.desc()).limit(1)).scalar_one_or_none()
        if pub is None:
            raise NotFound("publication.missing", asset_id=asset_id)
        version = s.get(AssetVersion, pub.version_id)
        assert version is not None
        return version.text, json.loads(pub.proof_json)


def recent_publications(ctx: Context, limit: int = 10) -> list[AssetView]:
    with ctx.db.session() as s:
        rows = s.execute(select(Asset).where(Asset.published_at.is_not(None))
                         .order_by(Asset.published_at.desc(), Asset.id.desc()).limit(limit)).scalars()
        return [asset_view(s, a) for a in rows]


def source_backing(ctx: Context) -> dict[str, list[tuple[int, str, str]]]:
    """What each source backs: (asset id, asset title, claim text) in the latest check of each open asset."""
    out: dict[str, list[tuple[int, str, str]]] = {}
    with ctx.db.session() as s:
        for a in s.execute(select(Asset).where(Asset.state != State.ARCHIVED.value).order_by(Asset.id)).scalars():
            run = latest_check(s, latest_version(s, a.id).id)
            if run is None:
                continue
            for c in s.execute(select(Claim).where(Claim.check_id == run.id).order_by(Claim.start_offset)).scalars():
                for e in json.loads(c.evidence_json):
                    if e.get("relation", "supports") == "supports" and e.get("source"):
                        out.setdefault(str(e["source"]), []).append((a.id, a.title, c.text))
    return out


def kit_text(ctx: Context) -> str:
    path = ctx.root / "kit.yaml"
    return path.read_text("utf-8") if path.is_file() else ""


def kit_versions(ctx: Context) -> list[tuple[str, str, datetime, str]]:
    """(sha256, brand, first recorded, content) of every kit the database has seen, newest first."""
    with ctx.db.session() as s:
        return [(k.content_hash, k.brand, k.recorded_at, k.content) for k in
                s.execute(select(KitVersion).order_by(KitVersion.recorded_at.desc(), KitVersion.id.desc()))
                .scalars()]


# --------------------------------------------------------------------------- the audit log, KPIs


def data_version(ctx: Context) -> int:
    """How many audited writes the database holds, whichever process made them.

    Every write of the actions appends to the audit chain in its own transaction, so a view
    read from the database stays exact for as long as this number does not move: the web desk
    caches its pages' data on it (one primary-key read instead of dozens of queries).
    """
    # A bare statement on a pooled connection, outside any session: no BEGIN IMMEDIATE, so on
    # SQLite (WAL) it never queues behind a writer, and it sees every committed write.
    raw = ctx.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(f"SELECT seq FROM {AuditHead.__tablename__} WHERE id = 1")
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        raw.close()  # back to the pool, which rolls back whatever the driver began
    return int(row[0]) if row else 0


def audit_log(ctx: Context, limit: int = 50) -> list[AuditLine]:
    """The latest `limit` entries of the audit log, oldest first."""
    with ctx.db.session() as s:
        rows = list(s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).scalars())
        return [AuditLine(e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.after_json)
                for e in reversed(rows)]


def verify_audit(ctx: Context, *, anchors: Sequence[AnchorLine] = (), public_key: tuple[Ed25519PublicKey, str] | None = None,
                 expect: Sequence[Expectation] = (), anchors_file: str | None = None) -> AuditReport:
    """The chain recomputed and checked against anchor lines and expected heads (workflow/anchors.py)."""
    from proofline.workflow import anchors as chain

    with ctx.db.session() as s:
        return chain.verify(s, anchors=anchors, public_key=public_key, expect=expect, anchors_file=anchors_file,
                            root=ctx.root)


def kpis(ctx: Context, period: str = "month") -> dict[str, Any]:
    """Time to publish, review cycles, compliance alerts, resolutions, sales acceptance (workflow/kpi.py)."""
    from proofline.workflow import kpi

    with ctx.db.session() as s:
        return kpi.compute(s, period=period)


# --------------------------------------------------------------------------- compose runs, the AI register


def run_items(db: Database, run_id: int) -> list[dict[str, Any]]:
    from proofline.messages import shown

    with db.session() as s:
        if s.get(ComposeRun, run_id) is None:
            raise NotFound("compose.run_missing", run_id=run_id)
        return [{"id": i.id, "position": i.position, "channel": i.channel, "audience": i.audience,
                 "status": i.status, "asset_id": i.asset_id, "error": shown(i.error, "en"), "stored_error": i.error,
                 "drift": json.loads(i.drift_json) if i.drift_json else []}
                for i in s.execute(select(ComposeItem).where(ComposeItem.run_id == run_id)
                                   .order_by(ComposeItem.position)).scalars()]


def run_view(db: Database, run_id: int) -> dict[str, Any]:
    """A run as plain data; `active_at` is its latest sign of life (its own or its latest item's)."""
    with db.session() as s:
        run = s.get(ComposeRun, run_id)
        if run is None:
            raise NotFound("compose.run_missing", run_id=run_id)
        items = s.execute(select(ComposeItem).where(ComposeItem.run_id == run_id)).scalars().all()
        return _run_dict(run, items)


def runs(db: Database, actor: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """The latest runs (of `actor`, if given), newest first, as `run_view` gives them."""
    query = select(ComposeRun).order_by(ComposeRun.id.desc()).limit(limit)
    if actor is not None:
        query = query.where(ComposeRun.actor == actor)
    with db.session() as s:
        rows = s.execute(query).scalars().all()
        items: dict[int, list[ComposeItem]] = {r.id: [] for r in rows}
        if rows:
            for i in s.execute(select(ComposeItem).where(ComposeItem.run_id.in_(list(items)))).scalars():
                items[i.run_id].append(i)
        return [_run_dict(r, items[r.id]) for r in rows]


def _run_dict(run: ComposeRun, items: Sequence[ComposeItem]) -> dict[str, Any]:
    return {"id": run.id, "kind": run.kind, "actor": run.actor, "status": run.status,
            "sources": json.loads(run.source_ids), "channels": json.loads(run.channels),
            "audiences": json.loads(run.audiences), "lang": run.lang, "brief": run.brief,
            "master": run.master_asset_id, "created_at": run.created_at, "updated_at": run.updated_at,
            "active_at": max([run.updated_at, *(i.updated_at for i in items)]),
            "total": len(items), "done": sum(1 for i in items if i.status == "done"),
            "failed": sum(1 for i in items if i.status == "failed")}


def ai_register(db: Any, *, asset_id: int | None = None, since: date | None = None) -> list[dict[str, Any]]:
    """The register of AI use, oldest first, as plain dicts (the fields of REGISTER_FIELDS)."""
    query = select(ProviderCall).order_by(ProviderCall.id)
    if asset_id is not None:
        query = query.where(ProviderCall.asset_id == asset_id)
    if since is not None:
        query = query.where(ProviderCall.at >= datetime(since.year, since.month, since.day, tzinfo=UTC))
    with db.session() as s:
        return [{f: (getattr(c, f).isoformat() if f == "at" else getattr(c, f)) for f in REGISTER_FIELDS}
                for c in s.execute(query).scalars()]


def short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
