"""A check recorded against a version: the report, the kit and sources it was made with, its claims' ids.

The checker runs outside the transaction (`prepare`: it is pure and slower than a write); the
action's transaction then records it (`record`), with the claims keeping the ids they have had
since their text first appeared in the asset, and the blocking claims a new version dropped
resolved as removed. `record` audits `asset.check` (and `claim.removed`), as every path must.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from proofline.cache import sha256_hex
from proofline.store.models import (
    Asset,
    AssetVersion,
    CheckRun,
    Claim,
    KitVersion,
    Resolution,
    SourceVersion,
    User,
)
from proofline.workflow import audit
from proofline.workflow.actions.base import log
from proofline.workflow.context import Context
from proofline.workflow.queries import asset_row, latest_check, latest_version, resolutions

if TYPE_CHECKING:
    from proofline.report import Report
    from proofline.workspace.model import Workspace

_PUNCT = re.compile(r"[^\w%€$£+]+", re.UNICODE)


def claim_key(text: str) -> str:
    """The identity of a claim across versions: its text, case, accents-as-typed and punctuation aside."""
    norm = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _PUNCT.sub(" ", norm).strip()


@dataclass
class Prepared:
    """A check computed outside the transaction, with what it was computed from."""

    version_id: int
    version_number: int
    report: Report
    as_of: date
    workspace: Workspace = field(repr=False)


def check_as_asset(ctx: Context, ws: Workspace, text: str, kind: str, as_of: date, document: str) -> Report:
    """The check of a text as an asset of `kind` (create, every version, an import): its kind is its
    channel, whose limits the check adds, as compose does; the team's judge setting applies."""
    from proofline import check_text
    from proofline.compose.channels import channel_of

    return check_text(ws, text, as_of=as_of, document=document, channel=channel_of(ws.kit, kind), judge=ctx.judge)


def prepare(ctx: Context, asset_id: int, text: str | None = None) -> Prepared:
    """Check the latest version (or `text`, a version about to be made) against today's workspace."""
    with ctx.db.session() as s:
        asset_row(s, asset_id)
        latest = latest_version(s, asset_id)
        vid, number, body = latest.id, latest.number, latest.text
        kind = asset_row(s, asset_id).kind
    ws = ctx.checked_workspace()
    as_of = ctx.now().date()
    report = check_as_asset(ctx, ws, text if text is not None else body, kind, as_of,
                            f"asset-{asset_id}-v{number + (1 if text is not None else 0)}")
    return Prepared(vid, number, report, as_of, ws)


def record(ctx: Context, s: Session, user: User, asset: Asset, version: AssetVersion, prepared: Prepared) -> CheckRun:
    """Record the check of `version` and audit it (`asset.check`): what every path that checks does."""
    run = record_check(ctx, s, asset, version, prepared, user)
    log(ctx, s, user, "asset.check", asset.id, after={"version": version.number, "claims": run.claims_count,
                                                       "blocking": run.blocking_count})
    return run


def record_check(ctx: Context, s: Session, asset: Asset, version: AssetVersion, prepared: Prepared,
                 user: User | None) -> CheckRun:
    ws = prepared.workspace
    kit_path = ws.root / "kit.yaml"
    kit_text = kit_path.read_text("utf-8") if kit_path.is_file() else ws.kit.model_dump_json()
    kit_row = get_or_add(s, select(KitVersion).where(KitVersion.content_hash == sha256_hex(kit_text)),
                         lambda: KitVersion(content_hash=sha256_hex(kit_text), brand=ws.kit.brand,
                                            content=kit_text, recorded_at=ctx.now()))
    sources = []
    for src in ws.sources:
        digest = src.content_hash or sha256_hex(src.text)
        sources.append([src.id, digest])
        get_or_add(s, select(SourceVersion).where(SourceVersion.source_id == src.id,
                                                  SourceVersion.content_hash == digest),
                   lambda src=src, digest=digest: SourceVersion(  # type: ignore[misc]
                       source_id=src.id, content_hash=digest, type=str(src.type), title=src.title,
                       valid_until=src.valid_until, recorded_at=ctx.now()))
    report = prepared.report
    run = CheckRun(asset_id=asset.id, version_id=version.id, as_of=prepared.as_of, kit_version_id=kit_row.id,
                   sources_json=audit.canonical(sources), report_json=audit.canonical(report.to_json_dict()),
                   claims_count=len(report.claims), blocking_count=report.blocking,
                   checked_by=user.id if user else None, created_at=ctx.now())
    s.add(run)
    s.flush()
    _add_claims(s, asset, version, run, report)
    _mark_removed(ctx, s, asset, version, run, user)
    return run


def _add_claims(s: Session, asset: Asset, version: AssetVersion, run: CheckRun, report: Report) -> None:
    """The claims of a check, each with the id it has had since its text first appeared in the asset.

    A claim whose normalised text (`claim_key`) is new to the asset gets its own row's id as its
    stable id, and records which claim of the previous version it replaces: the one no longer
    there whose words it shares most (a rewording, not a new statement).
    """
    known: dict[str, int] = {}
    for key, sid in s.execute(select(Claim.key, Claim.stable_id).where(Claim.asset_id == asset.id)
                              .order_by(Claim.id)):
        if sid is not None:
            known.setdefault(key, sid)
    previous = _previous_claims(s, asset, version)
    keys_now = {claim_key(c.text) for c in report.claims}
    gone = [(k, sid) for k, sid in previous if k not in keys_now]
    rows = []
    for c in report.claims:
        key = claim_key(c.text)
        row = Claim(check_id=run.id, asset_id=asset.id, version_id=version.id, key=key,
                    text=c.text, start_offset=c.start, end_offset=c.end, category=c.category.value,
                    verdict=c.verdict.value, blocking=c.blocks,
                    evidence_json=audit.canonical([e.to_json_dict() for e in c.evidence]),
                    message=c.message, stable_id=known.get(key))
        if row.stable_id is None:
            row.replaces_id = _replaced(key, gone)
        s.add(row)
        rows.append(row)
    s.flush()
    for row in rows:
        if row.stable_id is None:
            row.stable_id = known.setdefault(row.key, row.id)
        elif row.replaces_id is None:
            first = s.get(Claim, row.stable_id)
            row.replaces_id = first.replaces_id if first is not None else None
    s.flush()


def _previous_claims(s: Session, asset: Asset, version: AssetVersion) -> list[tuple[str, int]]:
    """(key, stable id) of the latest check of the version before `version`."""
    if version.number <= 1:
        return []
    prev = s.execute(select(AssetVersion).where(AssetVersion.asset_id == asset.id,
                                                AssetVersion.number == version.number - 1)).scalar_one_or_none()
    prev_run = latest_check(s, prev.id) if prev is not None else None
    if prev_run is None:
        return []
    return [(k, sid or cid) for k, sid, cid in s.execute(
        select(Claim.key, Claim.stable_id, Claim.id).where(Claim.check_id == prev_run.id).order_by(Claim.id))]


def get_or_add(s: Session, query: Any, make: Callable[[], Any]) -> Any:
    """The row `query` finds, or the one `make` builds (another connection may add the same meanwhile)."""
    found = s.execute(query).scalar_one_or_none()
    if found is not None:
        return found
    try:
        with s.begin_nested():
            row = make()
            s.add(row)
        return row
    except IntegrityError:  # another connection recorded the same content meanwhile
        return s.execute(query).scalar_one()


def _mark_removed(ctx: Context, s: Session, asset: Asset, version: AssetVersion, run: CheckRun,
                  user: User | None) -> None:
    """A blocking claim of the previous version that the new one no longer contains is resolved: removed."""
    if version.number <= 1:
        return
    prev = s.execute(select(AssetVersion).where(AssetVersion.asset_id == asset.id,
                                                AssetVersion.number == version.number - 1)).scalar_one()
    prev_run = latest_check(s, prev.id)
    if prev_run is None:
        return
    now_keys = set(s.execute(select(Claim.key).where(Claim.check_id == run.id)).scalars())
    done = resolutions(s, asset.id)
    for claim in s.execute(select(Claim).where(Claim.check_id == prev_run.id, Claim.blocking.is_(True))
                           .order_by(Claim.id)).scalars():
        if claim.key in now_keys or any(r.kind == "removed" and r.status == "done" for r in done.get(claim.key, [])):
            continue
        actor = user or s.get(User, version.author_id)
        assert actor is not None
        res = Resolution(asset_id=asset.id, claim_id=claim.id, claim_key=claim.key, kind="removed",
                         status="done", requested_by=actor.id, resolved_by=actor.id, created_at=ctx.now(),
                         resolved_at=ctx.now(), reason=f"not in version {version.number}")
        s.add(res)
        done.setdefault(claim.key, []).append(res)
        log(ctx, s, actor, "claim.removed", asset.id,
            after={"claim": claim.text, "verdict": claim.verdict, "version": version.number})


def _replaced(key: str, gone: Sequence[tuple[str, int]]) -> int | None:
    """The claim (stable id) of the previous version that a new claim rewords: the one it shares the most
    words with, if they share at least 40 % of their words (Jaccard); else it is a new statement."""
    words = set(key.split())
    best, best_score = None, 0.0
    for other_key, sid in gone:
        other = set(other_key.split())
        union = words | other
        score = len(words & other) / len(union) if union else 0.0
        if score > best_score:
            best, best_score = sid, score
    return best if best_score >= 0.4 else None
