"""The one service layer: every action on assets, claims, users and reviews goes through `Workflow`.

Each public method is one transaction that checks identity, role, state (the table in
`states.py`), four-eyes and the gates, changes rows, and appends to the audit log, or raises a
`WorkflowError` and changes nothing. The checker runs outside the transaction (it is pure and
slower than a write); the transaction then makes sure nobody changed the asset in between.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from proofline.cache import sha256_hex
from proofline.store.db import Database
from proofline.store.models import (
    Approval,
    Asset,
    AssetVersion,
    AuditEntry,
    AuditHead,
    CheckRun,
    Claim,
    ExpertAttestation,
    KitVersion,
    Publication,
    Resolution,
    Review,
    SalesFeedback,
    SourceVersion,
    User,
)
from proofline.workflow import audit
from proofline.workflow.errors import (
    ConflictError,
    GateRefused,
    IdentityError,
    InputRefused,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ResolutionRefused,
    SelfApprovalError,
)
from proofline.workflow.gate import Blocker, ClaimState, blockers
from proofline.workflow.states import EDIT_TARGET, TRANSITIONS, Kind, Role, State

if TYPE_CHECKING:
    from proofline.report import Report
    from proofline.workflow.archive import Imported
    from proofline.workspace.model import Workspace

Clock = Callable[[], datetime]
PAUSE_ENV = "PROOFLINE_PAUSE_BEFORE_COMMIT"  # a file path: touched, then the transaction sleeps (kill tests)
PAUSE_SECONDS_ENV = "PROOFLINE_PAUSE_SECONDS"
DEFAULT_VALIDITY_DAYS = 365


def utcnow() -> datetime:
    return datetime.now(UTC)


_PUNCT = re.compile(r"[^\w%€$£+]+", re.UNICODE)


def claim_key(text: str) -> str:
    """The identity of a claim across versions: its text, case, accents-as-typed and punctuation aside."""
    norm = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _PUNCT.sub(" ", norm).strip()


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class UserView:
    id: int
    name: str
    display_name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class ClaimView:
    id: int
    key: str
    text: str
    start: int
    end: int
    category: str
    verdict: str
    blocking: bool
    message: str
    evidence: tuple[dict[str, Any], ...]
    resolution: str | None = None  # e.g. "cited: tarifs-2026", "expert: validated", "expert: requested"
    resolved: bool = False
    replaces: int | None = None  # a reworded claim: the id of the previous version's claim it replaces
    note: str | None = None  # "override_pending": an override waits for its confirmation (it still blocks)

    @property
    def still_blocks(self) -> bool:
        return self.blocking and not self.resolved


@dataclass(frozen=True)
class AssetView:
    id: int
    title: str
    kind: str
    language: str
    audience: str | None
    author: str
    state: str
    review_cycles: int
    revision: int
    version: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    parent_asset_id: int | None
    parent_source_id: str | None
    live_version: int | None = None  # the published version still live (a correction may be under way)


@dataclass(frozen=True)
class CheckView:
    check_id: int
    asset_id: int
    version: int
    as_of: date
    claims: tuple[ClaimView, ...]
    report: dict[str, Any]
    gate: tuple[Blocker, ...] = ()  # what stops approval: blocking claims, blocking findings, channel limits

    @property
    def blocking(self) -> list[ClaimView]:
        return [c for c in self.claims if c.still_blocks]

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for f in self.report.get("findings", []) if isinstance(f, dict)]


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: str
    actor: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str | None


@dataclass(frozen=True)
class QueueItem:
    task: str  # review | revise | submit | publish | validate
    asset_id: int
    title: str
    state: str
    detail: str
    claim_id: int | None = None


@dataclass(frozen=True)
class PublicationView:
    asset_id: int
    version: int
    text_path: Path | None
    proof_path: Path | None
    proof: dict[str, Any]


@dataclass(frozen=True)
class AttestationView:
    ident: str
    claim: str
    expert: str
    validated_on: date
    valid_until: date | None
    reason: str
    status: str = "confirmed"  # pending: an override waiting for `claim confirm`
    overrides_source: str | None = None
    confirmed_by: str | None = None


VALIDATED_FILE = "attestations.validated.yaml"  # the store's confirmed attestations, for `proofline check` in CI


@dataclass
class _Prepared:
    """A check computed outside the transaction, with what it was computed from."""

    version_id: int
    version_number: int
    report: Report
    as_of: date
    workspace: Workspace = field(repr=False)


# --------------------------------------------------------------------------- service


class Workflow:
    """The services of the workflow over one database and one workspace folder."""

    def __init__(self, db: Database, workspace_root: Path, *, clock: Clock = utcnow,
                 workspace: Workspace | None = None) -> None:
        self.db = db
        self.root = Path(workspace_root)
        self.clock = clock
        from proofline.judging import judge_wanted

        self.judge = judge_wanted(self.root)  # the team's choice, passed to every check
        self._workspace = workspace
        self._augmented: tuple[tuple[Any, ...], Workspace] | None = None

    # ---------------------------------------------------------------- plumbing

    def now(self) -> datetime:
        at = self.clock()
        if at.tzinfo is None:
            raise ValueError("the clock must return aware UTC datetimes")
        return at.astimezone(UTC)

    def workspace(self, *, reload: bool = False) -> Workspace:
        if self._workspace is None or reload:
            from proofline import load_workspace

            self._workspace = load_workspace(self.root)
            self._augmented = None
        return self._workspace

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One write transaction; a concurrent change surfaces as `ConflictError`."""
        session = self.db.sessions()
        try:
            with session.begin():
                yield session
                session.flush()
                _pause_point()
        except StaleDataError as exc:
            raise ConflictError("conflict.stale_row") from exc
        except IntegrityError as exc:
            raise ConflictError("conflict.same_moment") from exc
        except DBAPIError as exc:
            code = getattr(getattr(exc, "orig", None), "sqlstate", None)
            if code in ("40001", "40P01"):  # serialization failure, deadlock detected
                raise ConflictError("conflict.serialization") from exc
            raise
        finally:
            session.close()

    def _user(self, session: Session, name: str | None) -> User:
        if not name:
            raise IdentityError("identity.missing")
        user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None:
            raise IdentityError("identity.unknown", name=name)
        return user

    def _asset(self, session: Session, asset_id: int) -> Asset:
        asset = session.get(Asset, asset_id)
        if asset is None:
            raise NotFound("asset.missing", asset_id=asset_id)
        return asset

    def _allow(self, user: User, asset: Asset, action: str) -> None:
        """Role first, then state: the message names whatever stops the user."""
        t = TRANSITIONS[action]
        if not user.role_set & {r.value for r in t.roles}:
            raise PermissionDenied("role.needed", user=user.name, action=action, asset_id=asset.id,
                                   roles=sorted(r.value for r in t.roles))
        state = State(asset.state)
        if state is State.PUBLISHED and action in ("edit", "resolve"):
            raise InvalidTransition("edit.published", asset_id=asset.id)
        if state not in t.sources:
            raise InvalidTransition("state.forbids", asset_id=asset.id, state=state.value, action=action)

    @staticmethod
    def _expect(asset: Asset, expected_revision: int | None) -> None:
        if expected_revision is not None and asset.revision != expected_revision:
            raise ConflictError("conflict.revision", asset_id=asset.id, expected=expected_revision,
                                current=asset.revision)

    def _authors(self, session: Session, asset: Asset) -> set[int]:
        ids = set(session.execute(select(AssetVersion.author_id).where(AssetVersion.asset_id == asset.id)).scalars())
        return {asset.author_id, *ids}

    def _latest_version(self, session: Session, asset_id: int) -> AssetVersion:
        return session.execute(select(AssetVersion).where(AssetVersion.asset_id == asset_id)
                               .order_by(AssetVersion.number.desc()).limit(1)).scalar_one()

    def _latest_check(self, session: Session, version_id: int) -> CheckRun | None:
        return session.execute(select(CheckRun).where(CheckRun.version_id == version_id)
                               .order_by(CheckRun.id.desc()).limit(1)).scalars().first()

    def _audit(self, session: Session, user: User | str, action: str, asset_id: int | None, *,
               before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
               reason: str | None = None, entity: str = "asset", entity_id: object = None) -> None:
        actor = user if isinstance(user, str) else user.name
        audit.append(session, at=self.now(), actor=actor, action=action, entity=entity,
                     entity_id=entity_id if entity_id is not None else asset_id, before=before, after=after,
                     reason=reason)

    # ---------------------------------------------------------------- checking

    def _checked_workspace(self, session: Session | None = None) -> Workspace:
        """The workspace with the database's confirmed expert attestations: the store is their truth.

        The same attestations are exported to `attestations.validated.yaml` in the workspace (see
        `_export_attestations`), which the loader reads, so `proofline check` in CI sees them too; the
        file's entries are replaced here by the database's, so a stale or edited file cannot differ.
        Pending overrides are left out: until a second person confirms them, they do not count.
        """
        from proofline.model import Category
        from proofline.workspace.model import Attestation
        from proofline.workspace.model import Workspace as WorkspaceModel

        ws = self.workspace()
        with self.db.session() if session is None else _borrowed(session) as s:
            rows = s.execute(select(ExpertAttestation, User.display_name)
                             .join(User, User.id == ExpertAttestation.expert_id)
                             .where(ExpertAttestation.status == "confirmed")
                             .order_by(ExpertAttestation.id)).all()
            extra = [Attestation(id=a.ident, claim=a.claim, category=Category(a.category), expert=who,
                                 validated_on=a.validated_on, valid_until=a.valid_until) for a, who in rows]
        key = (id(ws), tuple((a.id, a.valid_until) for a in extra))
        if self._augmented is not None and self._augmented[0] == key:
            return self._augmented[1]
        stored = {a.id for a in extra}
        exported = self._exported_ids()
        own = [a for a in ws.attestations if a.id not in stored and a.id not in exported]
        augmented = WorkspaceModel(root=ws.root, kit=ws.kit, sources=list(ws.sources),
                                   attestations=[*own, *extra], problems=list(ws.problems))
        self._augmented = (key, augmented)
        return augmented

    def _exported_ids(self) -> set[str]:
        """Ids in the workspace's attestations.validated.yaml (the loader read them as attestations)."""
        path = self.root / VALIDATED_FILE
        if not path.is_file():
            return set()
        import yaml

        try:
            data = yaml.safe_load(path.read_text("utf-8")) or []
        except (OSError, yaml.YAMLError):
            return set()
        return {str(item["id"]) for item in data if isinstance(item, dict) and "id" in item}

    def _export_attestations(self, s: Session) -> Callable[[], None]:
        """Write the confirmed attestations to the workspace, inside the caller's transaction.

        Called just before commit; returns an undo that puts the previous file back, which the
        caller runs if the commit fails, so the file and the database never disagree.
        """
        import yaml

        rows = s.execute(select(ExpertAttestation, User.display_name)
                         .join(User, User.id == ExpertAttestation.expert_id)
                         .where(ExpertAttestation.status == "confirmed")
                         .order_by(ExpertAttestation.id)).all()
        entries = []
        for a, who in rows:
            item: dict[str, Any] = {"id": a.ident, "claim": a.claim, "category": a.category, "expert": who,
                                    "validated_on": a.validated_on}
            if a.valid_until is not None:
                item["valid_until"] = a.valid_until
            entries.append(item)
        header = ("# Written by Proofline from its database (`claim validate`, `claim confirm`): the experts'\n"
                  "# validated attestations, read by `proofline check` like attestations.yaml. Keep it in git;\n"
                  "# do not edit it by hand (the next validation rewrites it).\n")
        body = header + (yaml.safe_dump(entries, allow_unicode=True, sort_keys=False) if entries else "[]\n")
        path = self.root / VALIDATED_FILE
        before = path.read_bytes() if path.exists() else None
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(body, "utf-8")
        tmp.replace(path)

        def undo() -> None:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(before)

        return undo

    def _prepare(self, asset_id: int, text: str | None = None) -> _Prepared:
        """Check the latest version (or `text`, a version about to be made) against today's workspace.

        The asset's kind is its channel: the check adds that channel's limits, as compose does."""
        from proofline import check_text
        from proofline.compose.channels import channel_of

        with self.db.session() as s:
            self._asset(s, asset_id)
            latest = self._latest_version(s, asset_id)
            vid, number, body = latest.id, latest.number, latest.text
            kind = self._asset(s, asset_id).kind
        ws = self._checked_workspace()
        as_of = self.now().date()
        report = check_text(ws, text if text is not None else body, as_of=as_of,
                            document=f"asset-{asset_id}-v{number + (1 if text is not None else 0)}",
                            channel=channel_of(ws.kit, kind), judge=self.judge)
        return _Prepared(vid, number, report, as_of, ws)

    def _record_check(self, session: Session, asset: Asset, version: AssetVersion, prepared: _Prepared,
                      user: User | None) -> CheckRun:
        ws = prepared.workspace
        kit_path = ws.root / "kit.yaml"
        kit_text = kit_path.read_text("utf-8") if kit_path.is_file() else ws.kit.model_dump_json()
        kit_row = self._get_or_add(session, select(KitVersion).where(KitVersion.content_hash == sha256_hex(kit_text)),
                                   lambda: KitVersion(content_hash=sha256_hex(kit_text), brand=ws.kit.brand,
                                                      content=kit_text, recorded_at=self.now()))
        sources = []
        for src in ws.sources:
            digest = src.content_hash or sha256_hex(src.text)
            sources.append([src.id, digest])
            self._get_or_add(session, select(SourceVersion).where(SourceVersion.source_id == src.id,
                                                                  SourceVersion.content_hash == digest),
                             lambda src=src, digest=digest: SourceVersion(  # type: ignore[misc]
                                 source_id=src.id, content_hash=digest, type=str(src.type), title=src.title,
                                 valid_until=src.valid_until, recorded_at=self.now()))
        report = prepared.report
        run = CheckRun(asset_id=asset.id, version_id=version.id, as_of=prepared.as_of, kit_version_id=kit_row.id,
                       sources_json=audit.canonical(sources), report_json=audit.canonical(report.to_json_dict()),
                       claims_count=len(report.claims), blocking_count=report.blocking,
                       checked_by=user.id if user else None, created_at=self.now())
        session.add(run)
        session.flush()
        self._add_claims(session, asset, version, run, report)
        self._mark_removed(session, asset, version, run, user)
        return run

    def _add_claims(self, session: Session, asset: Asset, version: AssetVersion, run: CheckRun,
                    report: Report) -> None:
        """The claims of a check, each with the id it has had since its text first appeared in the asset.

        A claim whose normalised text (`claim_key`) is new to the asset gets its own row's id as its
        stable id, and records which claim of the previous version it replaces: the one no longer
        there whose words it shares most (a rewording, not a new statement).
        """
        known: dict[str, int] = {}
        for key, sid in session.execute(select(Claim.key, Claim.stable_id).where(Claim.asset_id == asset.id)
                                        .order_by(Claim.id)):
            if sid is not None:
                known.setdefault(key, sid)
        previous = self._previous_claims(session, asset, version)
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
            session.add(row)
            rows.append(row)
        session.flush()
        for row in rows:
            if row.stable_id is None:
                row.stable_id = known.setdefault(row.key, row.id)
            elif row.replaces_id is None:
                first = session.get(Claim, row.stable_id)
                row.replaces_id = first.replaces_id if first is not None else None
        session.flush()

    def _previous_claims(self, session: Session, asset: Asset, version: AssetVersion) -> list[tuple[str, int]]:
        """(key, stable id) of the latest check of the version before `version`."""
        if version.number <= 1:
            return []
        prev = session.execute(select(AssetVersion).where(AssetVersion.asset_id == asset.id,
                                                          AssetVersion.number == version.number - 1)
                               ).scalar_one_or_none()
        prev_run = self._latest_check(session, prev.id) if prev is not None else None
        if prev_run is None:
            return []
        return [(k, sid or cid) for k, sid, cid in session.execute(
            select(Claim.key, Claim.stable_id, Claim.id).where(Claim.check_id == prev_run.id).order_by(Claim.id))]

    def _get_or_add(self, session: Session, query: Any, make: Callable[[], Any]) -> Any:
        found = session.execute(query).scalar_one_or_none()
        if found is not None:
            return found
        try:
            with session.begin_nested():
                row = make()
                session.add(row)
            return row
        except IntegrityError:  # another connection recorded the same content meanwhile
            return session.execute(query).scalar_one()

    def _mark_removed(self, session: Session, asset: Asset, version: AssetVersion, run: CheckRun,
                      user: User | None) -> None:
        """A blocking claim of the previous version that the new one no longer contains is resolved: removed."""
        if version.number <= 1:
            return
        prev = session.execute(select(AssetVersion).where(AssetVersion.asset_id == asset.id,
                                                          AssetVersion.number == version.number - 1)).scalar_one()
        prev_run = self._latest_check(session, prev.id)
        if prev_run is None:
            return
        now_keys = set(session.execute(select(Claim.key).where(Claim.check_id == run.id)).scalars())
        done = self._resolutions(session, asset.id)
        for claim in session.execute(select(Claim).where(Claim.check_id == prev_run.id, Claim.blocking.is_(True))
                                     .order_by(Claim.id)).scalars():
            if claim.key in now_keys or any(r.kind == "removed" and r.status == "done" for r in
                                            done.get(claim.key, [])):
                continue
            actor = user or session.get(User, version.author_id)
            assert actor is not None
            res = Resolution(asset_id=asset.id, claim_id=claim.id, claim_key=claim.key, kind="removed",
                             status="done", requested_by=actor.id, resolved_by=actor.id, created_at=self.now(),
                             resolved_at=self.now(), reason=f"not in version {version.number}")
            session.add(res)
            done.setdefault(claim.key, []).append(res)
            self._audit(session, actor, "claim.removed", asset.id,
                        after={"claim": claim.text, "verdict": claim.verdict, "version": version.number})

    def _resolutions(self, session: Session, asset_id: int) -> dict[str, list[Resolution]]:
        out: dict[str, list[Resolution]] = {}
        for r in session.execute(select(Resolution).where(Resolution.asset_id == asset_id)
                                 .order_by(Resolution.id)).scalars():
            out.setdefault(r.claim_key, []).append(r)
        return out

    def _claim_views(self, session: Session, run: CheckRun) -> tuple[ClaimView, ...]:
        resolutions = self._resolutions(session, run.asset_id)
        views = []
        for c in session.execute(select(Claim).where(Claim.check_id == run.id).order_by(Claim.start_offset,
                                                                                        Claim.id)).scalars():
            label, resolved, note = None, False, None
            for r in resolutions.get(c.key, []):
                if r.kind == "expert" and r.status == "override_pending" and not resolved:
                    att = session.get(ExpertAttestation, r.attestation_id) if r.attestation_id else None
                    label = (f"override of {att.overrides_source} by an expert, waiting for "
                             f"`proofline claim confirm {c.stable_id or c.id}`" if att else "override pending")
                    note = "override_pending"
                elif r.kind == "expert" and r.status == "done":
                    att = session.get(ExpertAttestation, r.attestation_id) if r.attestation_id else None
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

    def _view_check(self, session: Session, run: CheckRun) -> CheckView:
        version = session.get(AssetVersion, run.version_id)
        assert version is not None
        claims = self._claim_views(session, run)
        report = json.loads(run.report_json)
        return CheckView(check_id=run.id, asset_id=run.asset_id, version=version.number, as_of=run.as_of,
                         claims=claims, report=report, gate=tuple(self._blockers(claims, report, version.text)))

    def _blockers(self, claims: Sequence[ClaimView], report: dict[str, Any], text: str) -> list[Blocker]:
        """The gate on a recorded check (workflow/gate.py): one function for every path."""
        threshold = self.workspace().kit.gate.block_findings
        return blockers([ClaimState(c.id, c.text, c.verdict, c.still_blocks, c.note) for c in claims],
                        report.get("findings", []), text, threshold)

    def _current_claim(self, session: Session, claim_id: int) -> tuple[Asset, Claim, CheckRun]:
        """A claim the user named, mapped onto the latest check of the latest version."""
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound("claim.missing", claim_id=claim_id)
        asset = self._asset(session, claim.asset_id)
        run = self._latest_check(session, self._latest_version(session, asset.id).id)
        current = None
        if run is not None:
            current = session.execute(select(Claim).where(Claim.check_id == run.id, Claim.key == claim.key)
                                      .order_by(Claim.id).limit(1)).scalar_one_or_none()
        if current is None or run is None:
            raise ResolutionRefused("claim.gone", claim_id=claim_id, asset_id=asset.id)
        return asset, current, run

    @staticmethod
    def _stable(claim: Claim) -> int:
        return claim.stable_id or claim.id

    # ---------------------------------------------------------------- users

    def add_user(self, actor: str | None, name: str, roles: Sequence[str], display_name: str | None = None) -> UserView:
        """Add a user; the very first one must be an admin, later ones are added by an admin."""
        wanted = sorted({r.strip().lower() for r in roles if r.strip()})
        unknown = [r for r in wanted if r not in {x.value for x in Role}]
        if unknown:
            raise InputRefused("user.unknown_role", unknown=unknown, roles=[r.value for r in Role])
        if not wanted:
            raise InputRefused("user.no_role", roles=[r.value for r in Role])
        if not re.fullmatch(r"[\w.@-]{1,120}", name):
            raise InputRefused("user.bad_name", name=name)
        with self._tx() as s:
            first = s.execute(select(User.id).limit(1)).first() is None
            if first:
                if "admin" not in wanted:
                    raise PermissionDenied("user.first_admin")
                creator = name
            else:
                admin = self._user(s, actor)
                if "admin" not in admin.role_set:
                    raise PermissionDenied("user.add_needs_admin", user=admin.name)
                creator = admin.name
            if s.execute(select(User).where(User.name == name)).scalar_one_or_none() is not None:
                raise InputRefused("user.exists", name=name)
            user = User(name=name, display_name=display_name or name, roles=",".join(wanted), created_at=self.now())
            s.add(user)
            s.flush()
            self._audit(s, creator, "user.add", None, entity="user", entity_id=user.id,
                        after={"name": name, "roles": wanted})
            return UserView(user.id, user.name, user.display_name, tuple(wanted))

    def users(self) -> list[UserView]:
        with self.db.session() as s:
            return [UserView(u.id, u.name, u.display_name, tuple(sorted(u.role_set)))
                    for u in s.execute(select(User).order_by(User.id)).scalars()]

    def user(self, name: str | None) -> UserView:
        with self.db.session() as s:
            u = self._user(s, name)
            return UserView(u.id, u.name, u.display_name, tuple(sorted(u.role_set)))

    # ---------------------------------------------------------------- assets

    def asset(self, asset_id: int) -> AssetView:
        with self.db.session() as s:
            return self._view(s, self._asset(s, asset_id))

    def assets(self, state: str | None = None) -> list[AssetView]:
        with self.db.session() as s:
            q = select(Asset).order_by(Asset.id)
            if state:
                q = q.where(Asset.state == state)
            return [self._view(s, a) for a in s.execute(q).scalars()]

    def _view(self, s: Session, a: Asset) -> AssetView:
        author = s.get(User, a.author_id)
        assert author is not None
        live = self._live_publication(s, a.id)
        live_version = None
        if live is not None:
            v = s.get(AssetVersion, live.version_id)
            live_version = v.number if v is not None else None
        return AssetView(id=a.id, title=a.title, kind=a.kind, language=a.language, audience=a.audience,
                         author=author.name, state=a.state, review_cycles=a.review_cycles, revision=a.revision,
                         version=self._latest_version(s, a.id).number, created_at=a.created_at,
                         updated_at=a.updated_at, published_at=a.published_at, parent_asset_id=a.parent_asset_id,
                         parent_source_id=a.parent_source_id, live_version=live_version)

    @staticmethod
    def _live_publication(s: Session, asset_id: int) -> Publication | None:
        """The latest publication of the asset unless it was withdrawn: the text that is out."""
        pub = s.execute(select(Publication).where(Publication.asset_id == asset_id)
                        .order_by(Publication.id.desc()).limit(1)).scalar_one_or_none()
        return pub if pub is not None and pub.withdrawn_at is None else None

    def text(self, asset_id: int, version: int | None = None) -> str:
        with self.db.session() as s:
            self._asset(s, asset_id)
            if version is None:
                return self._latest_version(s, asset_id).text
            row = s.execute(select(AssetVersion).where(AssetVersion.asset_id == asset_id,
                                                       AssetVersion.number == version)).scalar_one_or_none()
            if row is None:
                raise NotFound("version.missing", asset_id=asset_id, version=version)
            return row.text

    def create_asset(self, actor: str | None, *, title: str, kind: str, text: str, language: str | None = None,
                     audience: str | None = None, parent_asset_id: int | None = None,
                     parent_source_id: str | None = None) -> AssetView:
        """A new asset in draft, with its first version checked (with its kind's channel limits)."""
        from proofline import check_text
        from proofline.compose.channels import channel_of

        if kind not in {k.value for k in Kind}:
            raise InputRefused("asset.unknown_kind", kind=kind, kinds=[k.value for k in Kind])
        if not text.strip():
            raise InputRefused("text.empty")
        if not title.strip():
            raise InputRefused("asset.no_title")
        ws = self.workspace()
        if parent_source_id is not None and ws.source(parent_source_id) is None:
            raise InputRefused("asset.unknown_source", source_id=parent_source_id)
        if audience is not None and ws.kit.audiences and audience not in {a.id for a in ws.kit.audiences}:
            raise InputRefused("asset.unknown_audience", audience=audience,
                               audiences=[a.id for a in ws.kit.audiences])
        with self.db.session() as s:  # fail before the (slow) check when the user cannot write
            user = self._user(s, actor)
            if not user.role_set & {"writer", "admin"}:
                raise PermissionDenied("asset.create_needs_role", user=user.name)
        checked_ws = self._checked_workspace()
        as_of = self.now().date()
        report = check_text(checked_ws, text, as_of=as_of, document=title, channel=channel_of(checked_ws.kit, kind),
                            judge=self.judge)
        with self._tx() as s:
            user = self._user(s, actor)
            if parent_asset_id is not None:
                self._asset(s, parent_asset_id)
            now = self.now()
            asset = Asset(title=title.strip(), kind=kind, language=language or report.language, audience=audience,
                          parent_asset_id=parent_asset_id, parent_source_id=parent_source_id, author_id=user.id,
                          state=State.DRAFT.value, review_cycles=0, created_at=now, updated_at=now)
            s.add(asset)
            s.flush()
            version = AssetVersion(asset_id=asset.id, number=1, text=text, content_hash=sha256_hex(text),
                                   author_id=user.id, created_at=now)
            s.add(version)
            s.flush()
            self._audit(s, user, "asset.create", asset.id, after={"title": asset.title, "kind": kind,
                                                                  "state": asset.state, "version": 1})
            run = self._record_check(s, asset, version, _Prepared(version.id, 1, report, as_of, checked_ws), user)
            self._audit(s, user, "asset.check", asset.id,
                        after={"version": 1, "claims": run.claims_count, "blocking": run.blocking_count})
            return self._view(s, asset)

    def edit(self, actor: str | None, asset_id: int, text: str, *, base_version: int | None = None,
             note: str | None = None, expected_revision: int | None = None) -> AssetView:
        """A new immutable version; editing an approved asset sends it back to review."""
        self._precheck_edit(actor, asset_id, text, base_version)
        prepared = self._prepare(asset_id, text)
        with self._tx() as s:
            self._new_version(s, actor, asset_id, text, prepared, base_version, note, expected_revision)
            return self._view(s, self._asset(s, asset_id))

    def _precheck_edit(self, actor: str | None, asset_id: int, text: str, base_version: int | None) -> None:
        with self.db.session() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._allow(user, asset, "edit")
            latest = self._latest_version(s, asset_id)
            if base_version is not None and base_version != latest.number:
                raise ConflictError("conflict.edited_old_version", asset_id=asset_id, base=base_version,
                                    latest=latest.number)
            if latest.text == text:
                raise InputRefused("text.unchanged", version=latest.number)
            if not text.strip():
                raise InputRefused("text.empty")

    def _new_version(self, s: Session, actor: str | None, asset_id: int, text: str, prepared: _Prepared,
                     base_version: int | None, note: str | None, expected_revision: int | None, *,
                     action: str = "edit") -> AssetVersion:
        user, asset = self._user(s, actor), self._asset(s, asset_id)
        self._expect(asset, expected_revision)
        self._allow(user, asset, action)
        latest = self._latest_version(s, asset_id)
        base = base_version if base_version is not None else prepared.version_number
        if latest.number != base:
            raise ConflictError("conflict.version_saved", asset_id=asset_id, version=latest.number)
        now = self.now()
        version = AssetVersion(asset_id=asset_id, number=latest.number + 1, text=text, content_hash=sha256_hex(text),
                               author_id=user.id, created_at=now, note=note)
        s.add(version)
        before = {"state": asset.state, "version": latest.number}
        if action == "correct":
            target = TRANSITIONS["correct"].target
            assert target is not None
            asset.state = target.value
        else:
            asset.state = EDIT_TARGET.get(State(asset.state), State(asset.state)).value
        asset.updated_at = now
        flag_modified(asset, "updated_at")  # even with an unchanged clock, the row is updated...
        s.flush()  # ...which bumps the revision: a concurrent editor of the same asset now fails
        self._audit(s, user, f"asset.{action}", asset_id, before=before,
                    after={"state": asset.state, "version": version.number}, reason=note)
        run = self._record_check(s, asset, version, replace(prepared, version_id=version.id,
                                                            version_number=version.number), user)
        self._audit(s, user, "asset.check", asset_id, after={"version": version.number, "claims": run.claims_count,
                                                             "blocking": run.blocking_count})
        return version

    def check(self, actor: str | None, asset_id: int) -> CheckView:
        """Re-check the latest version against today's workspace and record the report."""
        with self.db.session() as s:
            self._user(s, actor)
        prepared = self._prepare(asset_id)
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            version = self._latest_version(s, asset_id)
            if version.id != prepared.version_id:
                raise ConflictError("conflict.checked_old_version", asset_id=asset_id)
            run = self._record_check(s, asset, version, prepared, user)
            self._audit(s, user, "asset.check", asset_id, after={"version": version.number,
                                                                 "claims": run.claims_count,
                                                                 "blocking": run.blocking_count})
            return self._view_check(s, run)

    def current_check(self, asset_id: int) -> CheckView | None:
        """The latest recorded check of the latest version (no new check is run)."""
        with self.db.session() as s:
            self._asset(s, asset_id)
            run = self._latest_check(s, self._latest_version(s, asset_id).id)
            return self._view_check(s, run) if run else None

    def _move(self, s: Session, user: User, asset: Asset, action: str, reason: str | None,
              extra: dict[str, Any] | None = None) -> None:
        target = TRANSITIONS[action].target
        assert target is not None
        before = {"state": asset.state, "revision": asset.revision}
        asset.state = target.value
        asset.updated_at = self.now()
        s.flush()
        self._audit(s, user, f"asset.{action}", asset.id, before=before,
                    after={"state": asset.state, "revision": asset.revision, **(extra or {})}, reason=reason)

    def submit(self, actor: str | None, asset_id: int, *, expected_revision: int | None = None,
               reason: str | None = None) -> AssetView:
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "submit")
            version = self._latest_version(s, asset_id)
            self._move(s, user, asset, "submit", reason, {"version": version.number})
            return self._view(s, asset)

    def _four_eyes(self, s: Session, user: User, asset: Asset, action: str) -> None:
        """`action`: request_changes, approve, validate or reject (the message says what someone else must do)."""
        if user.id in self._authors(s, asset):
            if action == "publish":
                raise SelfApprovalError("publish.four_eyes", user=user.name, asset_id=asset.id)
            raise SelfApprovalError("four_eyes", user=user.name, asset_id=asset.id, action=action)

    def request_changes(self, actor: str | None, asset_id: int, *, reason: str,
                        expected_revision: int | None = None) -> AssetView:
        if not reason or not reason.strip():
            raise InputRefused("review.no_reason")
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "request_changes")
            self._four_eyes(s, user, asset, "request_changes")
            version = self._latest_version(s, asset_id)
            asset.review_cycles += 1
            s.add(Review(asset_id=asset_id, version_id=version.id, reviewer_id=user.id,
                         decision="changes_requested", comment=reason, created_at=self.now()))
            self._move(s, user, asset, "request_changes", reason,
                       {"version": version.number, "review_cycles": asset.review_cycles})
            return self._view(s, asset)

    def approve(self, actor: str | None, asset_id: int, *, expected_revision: int | None = None,
                reason: str | None = None) -> AssetView:
        """Approve the latest version after a fresh check, if the gate lets it through.

        The fresh check is recorded first, in its own transaction: the ids a refusal names are then
        claims that exist (and keep their ids), so `claim resolve ID` works on every one of them.
        """
        with self.db.session() as s:  # refuse early, before the check, on identity/role/state/four-eyes
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "approve")
            self._four_eyes(s, user, asset, "approve")
        run_id = self._fresh_check(actor, asset_id, expected_revision)
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "approve")
            self._four_eyes(s, user, asset, "approve")
            version = self._latest_version(s, asset_id)
            run = s.get(CheckRun, run_id)
            assert run is not None
            if version.id != run.version_id:
                raise ConflictError("conflict.review_stale", asset_id=asset_id, version=version.number)
            found = self._gate(s, run, version)
            if found:
                raise GateRefused("approve.blocking", found, asset_id=asset_id, count=len(found),
                                  items=[b.as_param() for b in found])
            s.add(Review(asset_id=asset_id, version_id=version.id, reviewer_id=user.id, decision="approved",
                         comment=reason, created_at=self.now()))
            s.add(Approval(asset_id=asset_id, version_id=version.id, check_id=run.id, approver_id=user.id,
                           created_at=self.now()))
            self._move(s, user, asset, "approve", reason, {"version": version.number, "check": run.id})
            return self._view(s, asset)

    def _fresh_check(self, actor: str | None, asset_id: int, expected_revision: int | None) -> int:
        """Check the latest version against today's workspace and record it (one transaction); its id."""
        prepared = self._prepare(asset_id)
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            version = self._latest_version(s, asset_id)
            if version.id != prepared.version_id:
                raise ConflictError("conflict.review_stale", asset_id=asset_id, version=version.number)
            run = self._record_check(s, asset, version, prepared, user)
            self._audit(s, user, "asset.check", asset_id, after={"version": version.number,
                                                                 "claims": run.claims_count,
                                                                 "blocking": run.blocking_count})
            return int(run.id)

    def _gate(self, s: Session, run: CheckRun, version: AssetVersion) -> list[Blocker]:
        """The one gate (workflow/gate.py) on a recorded check: every blocker, in text order."""
        return self._blockers(self._claim_views(s, run), json.loads(run.report_json), version.text)

    def import_archive(self, path: Path, *, force: bool = False) -> Imported:
        """Restore an archive (workflow/archive.py) through the gate, all or nothing.

        Every asset the archive has approved or published is checked again against this workspace
        (its kit, sources and the archive's confirmed attestations) inside the import's transaction:
        one that the gate refuses undoes the whole import, naming the asset and what blocks it.
        The archive's confirmed attestations are then exported to attestations.validated.yaml.
        """
        from proofline.workflow.archive import import_archive

        undo: list[Callable[[], None]] = []

        def gate(conn: Any) -> None:
            with Session(bind=conn) as s:
                self._gate_imported(s)
                undo.append(self._export_attestations(s))

        try:
            result = import_archive(self.db, path, workspace=self.root, force=force, before_commit=gate)
        except BaseException:
            for u in undo:
                u()
            raise
        self.workspace(reload=True)
        return result

    def _gate_imported(self, s: Session) -> None:
        from proofline import check_text
        from proofline.compose.channels import channel_of

        ws = self._checked_workspace(s)
        as_of = self.now().date()
        threshold = ws.kit.gate.block_findings
        for asset in s.execute(select(Asset).where(Asset.state.in_([State.APPROVED.value, State.PUBLISHED.value]))
                               .order_by(Asset.id)).scalars():
            live = self._live_publication(s, asset.id)
            version = (s.get(AssetVersion, live.version_id) if live is not None and asset.state == State.PUBLISHED.value
                       else self._latest_version(s, asset.id))
            assert version is not None
            report = check_text(ws, version.text, as_of=as_of, document=f"asset-{asset.id}-v{version.number}",
                                channel=channel_of(ws.kit, asset.kind), judge=self.judge)
            ids = {k: sid for k, sid in s.execute(select(Claim.key, Claim.stable_id)
                                                  .where(Claim.asset_id == asset.id).order_by(Claim.id))
                   if sid is not None}
            claims = [ClaimState(ids.get(claim_key(c.text), 0), c.text, c.verdict.value, c.blocks)
                      for c in report.claims]
            found = blockers(claims, [f.to_json_dict() for f in report.findings], version.text, threshold)
            if found:
                raise GateRefused("import.gate_refused", found, asset_id=asset.id, state=asset.state,
                                  items=[b.as_param() for b in found])

    def gate(self, asset_id: int) -> list[Blocker]:
        """What stops the latest recorded check of an asset (no new check): for `asset show` and the desk."""
        view = self.current_check(asset_id)
        return list(view.gate) if view is not None else []

    def archive(self, actor: str | None, asset_id: int, *, reason: str | None = None,
                expected_revision: int | None = None) -> AssetView:
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "archive")
            self._move(s, user, asset, "archive", reason)
            return self._view(s, asset)

    def publish(self, actor: str | None, asset_id: int, out_dir: Path | None = None, *,
                expected_revision: int | None = None) -> PublicationView:
        """Publish the approved version: the final text and a proof pack of every claim and what backs it.

        Four-eyes to the end: nobody who wrote or edited a version publishes it. The gate runs again
        on a fresh check of the approved text (a source may have expired since the approval).
        """
        with self.db.session() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "publish")
            self._four_eyes(s, user, asset, "publish")
        run_id = self._fresh_check(actor, asset_id, expected_revision)
        written: list[Path] = []
        try:
            with self._tx() as s:
                user, asset = self._user(s, actor), self._asset(s, asset_id)
                self._expect(asset, expected_revision)
                self._allow(user, asset, "publish")
                self._four_eyes(s, user, asset, "publish")
                approval = s.execute(select(Approval).where(Approval.asset_id == asset_id)
                                     .order_by(Approval.id.desc()).limit(1)).scalar_one()
                version = self._latest_version(s, asset_id)
                if approval.version_id != version.id:  # pragma: no cover - editing reopens review
                    raise InvalidTransition("publish.not_approved_version", version=version.number, asset_id=asset_id)
                run = s.get(CheckRun, run_id)
                assert run is not None
                if run.version_id != version.id:
                    raise ConflictError("conflict.review_stale", asset_id=asset_id, version=version.number)
                found = self._gate(s, run, version)
                if found:
                    raise GateRefused("publish.blocking", found, asset_id=asset_id, count=len(found),
                                      items=[b.as_param() for b in found])
                now = self.now()
                proof = self._proof_pack(s, asset, version, run, approval, user, now)
                text_path = proof_path = None
                if out_dir is not None:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    stem = f"asset-{asset.id}-v{version.number}"
                    text_path, proof_path = out_dir / f"{stem}.md", out_dir / f"{stem}.proof.json"
                    text_path.write_text(version.text, "utf-8")
                    proof_path.write_text(json.dumps(proof, ensure_ascii=False, indent=2) + "\n", "utf-8")
                    md_path = out_dir / f"{stem}.proof.md"
                    md_path.write_text(render_proof_markdown(proof), "utf-8")
                    written += [text_path, proof_path, md_path]
                s.add(Publication(asset_id=asset_id, version_id=version.id, published_by=user.id,
                                  text_hash=version.content_hash, path=str(text_path) if text_path else None,
                                  proof_json=audit.canonical(proof), created_at=now))
                asset.published_at = now
                self._move(s, user, asset, "publish", None, {"version": version.number,
                                                             "text_sha256": version.content_hash})
                view = PublicationView(asset_id, version.number, text_path, proof_path, proof)
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
        from proofline.workflow.anchors import anchor_publication

        anchor_publication(self.db, self.root, self.now())  # after the commit: the signed head, outside the DB
        return view

    def correct(self, actor: str | None, asset_id: int, text: str, *, note: str | None = None,
                expected_revision: int | None = None) -> AssetView:
        """A new version of a published asset, back in review; the published text stays live meanwhile.

        The correction goes through verify and approve again, and its writer, now an author, can
        neither approve nor publish it.
        """
        with self.db.session() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "correct")
            latest = self._latest_version(s, asset_id)
            if latest.text == text:
                raise InputRefused("text.unchanged", version=latest.number)
            if not text.strip():
                raise InputRefused("text.empty")
        prepared = self._prepare(asset_id, text)
        with self._tx() as s:
            self._new_version(s, actor, asset_id, text, prepared, None, note, expected_revision, action="correct")
            return self._view(s, self._asset(s, asset_id))

    def withdraw(self, actor: str | None, asset_id: int, *, reason: str,
                 expected_revision: int | None = None) -> AssetView:
        """Take a published asset down: its publication and proof pack are marked withdrawn, with why."""
        if not reason or not reason.strip():
            raise InputRefused("withdraw.no_reason")
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._expect(asset, expected_revision)
            self._allow(user, asset, "withdraw")
            pub = self._live_publication(s, asset_id)
            if pub is None:
                raise InvalidTransition("withdraw.not_live", asset_id=asset_id)
            now = self.now()
            pub.withdrawn_at, pub.withdrawn_by, pub.withdraw_reason = now, user.id, reason.strip()
            proof = json.loads(pub.proof_json)
            proof["withdrawn"] = {"at": audit.utc_iso(now), "by": user.name, "reason": reason.strip()}
            pub.proof_json = audit.canonical(proof)
            version = s.get(AssetVersion, pub.version_id)
            self._move(s, user, asset, "withdraw", reason.strip(),
                       {"version": version.number if version else None, "publication": pub.id})
            if pub.path:  # the files written at publication say it too
                proof_file = Path(pub.path).with_name(Path(pub.path).stem + ".proof.json")
                if proof_file.is_file():
                    proof_file.write_text(json.dumps(proof, ensure_ascii=False, indent=2) + "\n", "utf-8")
                    md = proof_file.with_name(Path(pub.path).stem + ".proof.md")
                    md.write_text(render_proof_markdown(proof), "utf-8")
            return self._view(s, asset)

    def _proof_pack(self, s: Session, asset: Asset, version: AssetVersion, run: CheckRun, approval: Approval,
                    publisher: User, now: datetime) -> dict[str, Any]:
        approver = s.get(User, approval.approver_id)
        kit = s.get(KitVersion, run.kit_version_id) if run.kit_version_id else None
        claims = []
        resolutions = self._resolutions(s, asset.id)
        for c in self._claim_views(s, run):
            entry: dict[str, Any] = {"text": c.text, "start": c.start, "end": c.end, "category": c.category,
                                     "verdict": c.verdict, "backed_by": list(c.evidence)}
            for r in resolutions.get(c.key, []):
                if r.kind == "expert" and r.status == "done" and r.attestation_id:
                    att = s.get(ExpertAttestation, r.attestation_id)
                    expert = s.get(User, att.expert_id) if att else None
                    if att and expert:
                        entry["expert_validation"] = {
                            "attestation": att.ident, "expert": expert.display_name,
                            "validated_on": att.validated_on.isoformat(),
                            "valid_until": att.valid_until.isoformat() if att.valid_until else None,
                            "reason": att.reason}
                        if att.overrides_source:
                            confirmer = s.get(User, att.confirmed_by) if att.confirmed_by else None
                            entry["override"] = {
                                "overrides_source": att.overrides_source, "verdict": att.overrides_verdict,
                                "expert": expert.display_name, "reason": att.reason,
                                "confirmed_by": confirmer.display_name if confirmer else None,
                                "confirmed_at": audit.utc_iso(att.confirmed_at) if att.confirmed_at else None}
                elif r.kind == "cited":
                    entry["cited_source"] = r.source_id
            entry["claim_id"] = c.id
            claims.append(entry)
        removed = []
        for rs in resolutions.values():
            for r in rs:
                if r.kind == "removed":
                    gone = s.get(Claim, r.claim_id)
                    removed.append({"claim": gone.text if gone else r.claim_key, "reason": r.reason})
        return {
            "asset": {"id": asset.id, "title": asset.title, "kind": asset.kind, "language": asset.language,
                      "audience": asset.audience},
            "version": version.number,
            "text_sha256": version.content_hash,
            "published_at": audit.utc_iso(now),
            "published_by": publisher.name,
            "approved_by": approver.name if approver else None,
            "approved_at": audit.utc_iso(approval.created_at),
            "check": {"as_of": run.as_of.isoformat(), "kit_sha256": kit.content_hash if kit else None,
                      "sources": json.loads(run.sources_json)},
            "claims": claims,
            "removed_claims": removed,
        }

    # ---------------------------------------------------------------- claims

    def resolve_remove(self, actor: str | None, claim_id: int, *, text: str | None = None,
                       reason: str | None = None) -> AssetView:
        """Remove a claim: a new version without it (the given text, or the text minus the claim)."""
        with self.db.session() as s:
            user = self._user(s, actor)
            asset, claim, _run = self._current_claim(s, claim_id)
            self._allow(user, asset, "resolve")
            body = self._latest_version(s, asset.id).text
            key, asset_id = claim.key, asset.id
            new_text = text if text is not None else cut_span(body, claim.start_offset, claim.end_offset)
        self._precheck_edit(actor, asset_id, new_text, None)
        prepared = self._prepare(asset_id, new_text)
        if any(claim_key(c.text) == key for c in prepared.report.claims):
            raise ResolutionRefused("remove.still_there", claim=_short(claim.text))
        with self._tx() as s:
            self._new_version(s, actor, asset_id, new_text, prepared, prepared.version_number,
                              reason or f"removed claim #{claim_id}", None)
            return self._view(s, self._asset(s, asset_id))

    def resolve_cite(self, actor: str | None, claim_id: int, source_id: str, *, reason: str | None = None) -> CheckView:
        """Cite a source for a claim: accepted only when the re-check says that source backs it."""
        with self.db.session() as s:
            user = self._user(s, actor)
            asset, claim, _run = self._current_claim(s, claim_id)
            self._allow(user, asset, "resolve")
            if claim.verdict == "forbidden":
                raise ResolutionRefused("cite.forbidden")
            key, asset_id, text = claim.key, asset.id, claim.text
        ws = self.workspace(reload=True)  # the source is often added just before citing it
        if ws.source(source_id) is None:
            raise ResolutionRefused("cite.no_source", source_id=source_id)
        prepared = self._prepare(asset_id)
        match = next((c for c in prepared.report.claims if claim_key(c.text) == key), None)
        if match is None:
            raise ResolutionRefused("cite.claim_gone", claim=_short(text))
        backs = [e for e in match.evidence if e.source == source_id and e.relation == "supports"]
        if match.blocks or not backs:
            raise ResolutionRefused("cite.not_backed", source_id=source_id, claim=_short(text),
                                    verdict=match.verdict.value, detail=match.message.strip())
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            self._allow(user, asset, "resolve")
            version = self._latest_version(s, asset_id)
            if version.id != prepared.version_id:
                raise ConflictError("conflict.cite_new_version", asset_id=asset_id)
            run = self._record_check(s, asset, version, prepared, user)
            new_claim = s.execute(select(Claim).where(Claim.check_id == run.id, Claim.key == key)
                                  .limit(1)).scalar_one()
            now = self.now()
            s.add(Resolution(asset_id=asset_id, claim_id=new_claim.id, claim_key=key, kind="cited", status="done",
                             source_id=source_id, requested_by=user.id, resolved_by=user.id, reason=reason,
                             created_at=now, resolved_at=now))
            self._audit(s, user, "claim.cite", asset_id, reason=reason,
                        after={"claim": text, "source": source_id, "verdict": match.verdict.value,
                               "quote": backs[0].quote})
            return self._view_check(s, run)

    def request_expert(self, actor: str | None, claim_id: int, *, reason: str | None = None) -> int:
        """Ask an expert to validate a blocking claim; it then waits in the experts' queue."""
        with self._tx() as s:
            user = self._user(s, actor)
            asset, claim, _run = self._current_claim(s, claim_id)
            self._allow(user, asset, "resolve")
            if claim.verdict == "forbidden":
                raise ResolutionRefused("expert.forbidden")
            if not claim.blocking:
                raise ResolutionRefused("expert.not_blocking", claim_id=claim_id, verdict=claim.verdict)
            res = Resolution(asset_id=asset.id, claim_id=claim.id, claim_key=claim.key, kind="expert",
                             status="requested", requested_by=user.id, reason=reason, created_at=self.now())
            s.add(res)
            s.flush()
            self._audit(s, user, "claim.expert_requested", asset.id, after={"claim": claim.text}, reason=reason)
            return res.id

    def validate_claim(self, actor: str | None, claim_id: int, *, reason: str,
                       valid_until: date | None = None, override: bool = False) -> AttestationView:
        """An expert vouches for a claim: who, when, why, until when. It becomes an attestation.

        A claim a valid source contradicts, or whose only proof expired, is not attested by one word:
        it takes `override` (an explicit overruling, with its reason), and the attestation stays
        pending, the claim blocking, until an approver or admin confirms it (`confirm_claim`).
        """
        if not reason or not reason.strip():
            raise InputRefused("validate.no_reason")
        today = self.now().date()
        until = valid_until or today + timedelta(days=DEFAULT_VALIDITY_DAYS)
        if until < today:
            raise InputRefused("validate.past", until=until)
        undo: Callable[[], None] | None = None
        try:
            with self._tx() as s:
                user, asset, claim = self._expert_on(s, actor, claim_id, "validate")
                if claim.verdict == "forbidden":
                    raise ResolutionRefused("expert.forbidden_validate")
                if not claim.blocking:
                    raise ResolutionRefused("expert.not_blocking", claim_id=claim_id, verdict=claim.verdict)
                overruled = _overruled_source(claim)
                if overruled is not None and not override:
                    raise ResolutionRefused("validate.needs_override", claim_id=claim_id, verdict=claim.verdict,
                                            source_id=overruled)
                if overruled is None and override:
                    raise ResolutionRefused("override.not_needed", claim_id=claim_id, verdict=claim.verdict)
                now = self.now()
                att = ExpertAttestation(ident=f"expert-{sha256_hex(f'{asset.id}:{claim.key}:{now.isoformat()}')[:12]}",
                                        claim=claim.text, category=claim.category, expert_id=user.id,
                                        reason=reason.strip(), validated_on=today, valid_until=until,
                                        asset_id=asset.id, created_at=now,
                                        status="pending" if override else "confirmed",
                                        overrides_source=overruled, overrides_verdict=claim.verdict if override else None)
                s.add(att)
                s.flush()
                pending = self._expert_requests(s, asset.id, claim.key)
                res = pending[0] if pending else Resolution(asset_id=asset.id, claim_id=claim.id, claim_key=claim.key,
                                                            kind="expert", requested_by=user.id, created_at=now)
                res.status = "override_pending" if override else "done"
                res.attestation_id, res.resolved_by, res.resolved_at = att.id, user.id, now
                res.reason = res.reason or reason.strip()
                s.add(res)
                after: dict[str, Any] = {"claim": claim.text, "claim_id": self._stable(claim), "attestation": att.ident,
                                         "valid_until": until.isoformat()}
                if override:
                    after.update(override_of=overruled, verdict=claim.verdict, status="pending")
                self._audit(s, user, "claim.override" if override else "claim.validate", asset.id,
                            reason=reason.strip(), after=after)
                view = AttestationView(att.ident, att.claim, user.display_name, today, until, att.reason,
                                       status=att.status, overrides_source=overruled)
                asset_id = asset.id
                if not override:
                    undo = self._export_attestations(s)
        except BaseException:
            if undo is not None:
                undo()
            raise
        if not override:
            self._sync_attestations()
        self.workspace(reload=True)
        if not override:
            self.check(actor, asset_id)  # the report now shows the claim as attested
        return view

    def _sync_attestations(self) -> None:
        """Rewrite attestations.validated.yaml from what is committed: two validations committing at once
        (each wrote the file before its commit, without the other's row) converge to the database."""
        with self.db.session() as s:
            self._export_attestations(s)

    def confirm_claim(self, actor: str | None, claim_id: int) -> AttestationView:
        """A second person (approver or admin, neither the expert nor an author) confirms an override.

        Only then does the attestation count: it reaches the checker and the workspace's
        attestations.validated.yaml (written in the same transaction boundary), and the claim is re-checked.
        """
        undo: Callable[[], None] | None = None
        try:
            with self._tx() as s:
                user = self._user(s, actor)
                asset, claim, _run = self._current_claim(s, claim_id)
                self._allow(user, asset, "confirm")
                self._four_eyes(s, user, asset, "confirm")
                pending = [r for r in self._resolutions(s, asset.id).get(claim.key, [])
                           if r.kind == "expert" and r.status == "override_pending" and r.attestation_id]
                if not pending:
                    raise ResolutionRefused("confirm.nothing_pending", claim_id=claim_id)
                res = pending[-1]
                att = s.get(ExpertAttestation, res.attestation_id)
                assert att is not None
                if att.expert_id == user.id:
                    raise SelfApprovalError("confirm.same_person", user=user.name, claim_id=claim_id)
                now = self.now()
                att.status, att.confirmed_by, att.confirmed_at = "confirmed", user.id, now
                res.status = "done"
                expert = s.get(User, att.expert_id)
                self._audit(s, user, "claim.override_confirmed", asset.id, reason=att.reason,
                            after={"claim": claim.text, "claim_id": self._stable(claim), "attestation": att.ident,
                                   "override_of": att.overrides_source, "verdict": att.overrides_verdict,
                                   "expert": expert.name if expert else None, "confirmed_by": user.name})
                view = AttestationView(att.ident, att.claim, expert.display_name if expert else "", att.validated_on,
                                       att.valid_until, att.reason, status="confirmed",
                                       overrides_source=att.overrides_source, confirmed_by=user.display_name)
                asset_id = asset.id
                undo = self._export_attestations(s)
        except BaseException:
            if undo is not None:
                undo()
            raise
        self._sync_attestations()
        self.workspace(reload=True)
        self.check(actor, asset_id)
        return view

    # ---------------------------------------------------------------- feedback, history, queue

    def record_feedback(self, actor: str | None, asset_id: int, *, accepted: bool, reason: str | None = None) -> None:
        """Sales say whether a published asset worked with prospects (the sales-acceptance KPI)."""
        if not accepted and not (reason and reason.strip()):
            raise InputRefused("feedback.no_reason")
        with self._tx() as s:
            user, asset = self._user(s, actor), self._asset(s, asset_id)
            if asset.state != State.PUBLISHED.value:
                raise InvalidTransition("feedback.not_published", asset_id=asset_id, state=asset.state)
            s.add(SalesFeedback(asset_id=asset_id, user_id=user.id, accepted=accepted, reason=reason,
                                created_at=self.now()))
            self._audit(s, user, "asset.feedback", asset_id, after={"accepted": accepted}, reason=reason)

    def history(self, asset_id: int) -> list[HistoryEntry]:
        with self.db.session() as s:
            self._asset(s, asset_id)
            rows = s.execute(select(AuditEntry).where(AuditEntry.entity == "asset",
                                                      AuditEntry.entity_id == str(asset_id))
                             .order_by(AuditEntry.seq)).scalars()
            return [HistoryEntry(e.seq, e.at, e.actor, e.action, json.loads(e.before_json), json.loads(e.after_json),
                                 e.reason) for e in rows]

    def queue(self, actor: str | None) -> list[QueueItem]:
        """What waits for this user, by role: reviews, changes to make, drafts to submit, claims to validate."""
        items: list[QueueItem] = []
        with self.db.session() as s:
            user = self._user(s, actor)
            roles = user.role_set
            open_assets = list(s.execute(select(Asset).where(Asset.state.in_(
                [State.DRAFT.value, State.IN_REVIEW.value, State.CHANGES_REQUESTED.value, State.APPROVED.value]))
                .order_by(Asset.id)).scalars())
            for a in open_assets:
                mine = user.id in self._authors(s, a)
                if a.state == State.IN_REVIEW.value and "approver" in roles and not mine:
                    items.append(QueueItem("review", a.id, a.title, a.state, self._blocking_note(s, a)))
                if mine and roles & {"writer", "admin"}:
                    if a.state == State.CHANGES_REQUESTED.value:
                        last = s.execute(select(Review).where(Review.asset_id == a.id)
                                         .order_by(Review.id.desc()).limit(1)).scalar_one_or_none()
                        items.append(QueueItem("revise", a.id, a.title, a.state,
                                               f"changes requested: {last.comment if last else ''}".strip()))
                    elif a.state == State.DRAFT.value:
                        items.append(QueueItem("submit", a.id, a.title, a.state, self._blocking_note(s, a)))
                if (a.state == State.APPROVED.value and not mine
                        and roles & {r.value for r in TRANSITIONS["publish"].roles}):
                    items.append(QueueItem("publish", a.id, a.title, a.state, "approved, ready to publish"))
                if roles & {"approver", "admin"} and not mine and a.state != State.APPROVED.value:
                    for r in s.execute(select(Resolution).where(Resolution.asset_id == a.id,
                                                                Resolution.kind == "expert",
                                                                Resolution.status == "override_pending")
                                       .order_by(Resolution.id)).scalars():
                        claim = s.get(Claim, r.claim_id)
                        att = s.get(ExpertAttestation, r.attestation_id) if r.attestation_id else None
                        if claim is None or att is None or att.expert_id == user.id:
                            continue
                        items.append(QueueItem("confirm", a.id, a.title, a.state,
                                               f"confirm the override of {att.overrides_source} for claim "
                                               f"«{_short(claim.text)}»", claim_id=self._stable(claim)))
                if "expert" in roles and not mine and a.state != State.APPROVED.value:
                    for r in s.execute(select(Resolution).where(Resolution.asset_id == a.id,
                                                                Resolution.kind == "expert",
                                                                Resolution.status == "requested")
                                       .order_by(Resolution.id)).scalars():
                        claim = s.get(Claim, r.claim_id)
                        items.append(QueueItem("validate", a.id, a.title, a.state,
                                               f"validate claim «{_short(claim.text if claim else r.claim_key)}»",
                                               claim_id=self._stable(claim) if claim else r.claim_id))
        return items

    def _blocking_note(self, s: Session, asset: Asset) -> str:
        run = self._latest_check(s, self._latest_version(s, asset.id).id)
        if run is None:
            return "not checked yet"
        n = sum(1 for c in self._claim_views(s, run) if c.still_blocks)
        version = s.get(AssetVersion, run.version_id)
        assert version is not None
        findings = sum(1 for b in self._blockers((), json.loads(run.report_json), version.text))
        note = f"{n} blocking claim(s)" if n else "no blocking claim"
        return note + (f", {findings} blocking finding(s)" if findings else "")

    # ---------------------------------------------------------------- web desk (issue 6)

    def data_version(self) -> int:
        """How many audited writes the database holds, whichever process made them.

        Every write of these services appends to the audit chain in its own transaction, so a view
        read from the database stays exact for as long as this number does not move: the web desk
        caches its pages' data on it (one primary-key read instead of dozens of queries).
        """
        # A bare statement on a pooled connection, outside any session: no BEGIN IMMEDIATE, so on
        # SQLite (WAL) it never queues behind a writer, and it sees every committed write.
        raw = self.db.engine.raw_connection()
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

    def _expert_on(self, s: Session, actor: str | None, claim_id: int, action: str) -> tuple[User, Asset, Claim]:
        """The expert acting on a claim of an asset's latest version, with their rights checked
        (the expert role, the asset's state, four-eyes): what validating and rejecting share."""
        user = self._user(s, actor)
        asset, claim, _run = self._current_claim(s, claim_id)
        if "expert" not in user.role_set:
            if action == "reject":
                raise PermissionDenied("reject.needs_expert", user=user.name)
            raise PermissionDenied("validate.needs_expert", user=user.name)
        self._allow(user, asset, "validate")
        self._four_eyes(s, user, asset, action)
        return user, asset, claim

    def _expert_requests(self, s: Session, asset_id: int, claim_key: str) -> list[Resolution]:
        """The open requests for an expert on one claim of an asset."""
        return [r for r in self._resolutions(s, asset_id).get(claim_key, [])
                if r.kind == "expert" and r.status == "requested"]

    def reject_claim(self, actor: str | None, claim_id: int, *, reason: str) -> None:
        """An expert refuses to vouch for a claim: the request leaves the queue and the writer sees why."""
        if not reason or not reason.strip():
            raise InputRefused("reject.no_reason")
        with self._tx() as s:
            user, asset, claim = self._expert_on(s, actor, claim_id, "reject")
            pending = self._expert_requests(s, asset.id, claim.key)
            if not pending:
                raise ResolutionRefused("reject.not_requested", claim_id=claim_id)
            now = self.now()
            for r in pending:
                r.status, r.resolved_by, r.resolved_at, r.reason = "rejected", user.id, now, reason.strip()
            self._audit(s, user, "claim.expert_rejected", asset.id, after={"claim": claim.text},
                        reason=reason.strip())

    def publication(self, asset_id: int) -> tuple[str, dict[str, Any]]:
        """The published text and its proof pack (the latest publication of the asset)."""
        with self.db.session() as s:
            self._asset(s, asset_id)
            pub = s.execute(select(Publication).where(Publication.asset_id == asset_id)
                            .order_by(Publication.id.desc()).limit(1)).scalar_one_or_none()
            if pub is None:
                raise NotFound("publication.missing", asset_id=asset_id)
            version = s.get(AssetVersion, pub.version_id)
            assert version is not None
            return version.text, json.loads(pub.proof_json)

    def recent_publications(self, limit: int = 10) -> list[AssetView]:
        with self.db.session() as s:
            rows = s.execute(select(Asset).where(Asset.published_at.is_not(None))
                             .order_by(Asset.published_at.desc(), Asset.id.desc()).limit(limit)).scalars()
            return [self._view(s, a) for a in rows]

    def source_backing(self) -> dict[str, list[tuple[int, str, str]]]:
        """What each source backs: (asset id, asset title, claim text) in the latest check of each open asset."""
        out: dict[str, list[tuple[int, str, str]]] = {}
        with self.db.session() as s:
            for a in s.execute(select(Asset).where(Asset.state != State.ARCHIVED.value).order_by(Asset.id)).scalars():
                run = self._latest_check(s, self._latest_version(s, a.id).id)
                if run is None:
                    continue
                for c in s.execute(select(Claim).where(Claim.check_id == run.id).order_by(Claim.start_offset)).scalars():
                    for e in json.loads(c.evidence_json):
                        if e.get("relation", "supports") == "supports" and e.get("source"):
                            out.setdefault(str(e["source"]), []).append((a.id, a.title, c.text))
        return out

    SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")

    def add_source(self, actor: str | None, filename: str, data: bytes, *, source_id: str, title: str,
                   type: str, validated_by: str, validated_on: date, valid_until: date | None = None,
                   lang: str | None = None) -> str:
        """Add a validated document to sources/ (front matter or sidecar written from the form), then load it.

        Experts and admins only: a source is proof, so it needs someone who can vouch for it.
        """
        import yaml

        from proofline.model import SourceType
        from proofline.workspace.extract import ExtractError, split_front_matter
        from proofline.workspace.loader import SourceError, load_source

        with self.db.session() as s:
            user = self._user(s, actor)
            if not user.role_set & {"expert", "admin"}:
                raise PermissionDenied("source.needs_role", user=user.name, roles=["expert", "admin"])
        suffix = Path(filename).suffix.lower()
        if suffix not in self.SOURCE_SUFFIXES:
            raise InputRefused("source.bad_file", filename=Path(filename).name, suffixes=list(self.SOURCE_SUFFIXES))
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", source_id):
            raise InputRefused("source.bad_id", source_id=source_id)
        if type not in {t.value for t in SourceType}:
            raise InputRefused("source.unknown_type", type=type, types=[t.value for t in SourceType])
        if not title.strip() or not validated_by.strip():
            raise InputRefused("source.no_title")
        if valid_until is not None and valid_until < validated_on:
            raise InputRefused("source.bad_validity")
        if self.workspace(reload=True).source(source_id) is not None:
            raise InputRefused("source.exists", source_id=source_id)
        meta: dict[str, Any] = {"id": source_id, "title": title.strip(), "type": type,
                                "validated_by": validated_by.strip(), "validated_on": validated_on}
        if valid_until is not None:
            meta["valid_until"] = valid_until
        if lang:
            meta["lang"] = lang
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        folder = self.root / "sources"
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        try:
            if suffix in (".md", ".markdown"):
                try:
                    body = split_front_matter(data.decode("utf-8-sig")).body
                except (UnicodeDecodeError, ExtractError) as exc:
                    raise InputRefused("source.markdown_unreadable", detail=str(exc)) from exc
                path = folder / f"{source_id}.md"
                if path.exists():
                    raise InputRefused("source.file_exists", filename=path.name)
                path.write_text(f"---\n{front}---\n{body}", "utf-8")
                written.append(path)
            else:
                path = folder / f"{source_id}{suffix}"
                sidecar = path.with_name(path.name + ".yaml")
                if path.exists() or sidecar.exists():
                    raise InputRefused("source.file_exists", filename=path.name)
                path.write_bytes(data)
                written.append(path)
                sidecar.write_text(front, "utf-8")
                written.append(sidecar)
            try:
                source = load_source(path)
            except (SourceError, ExtractError) as exc:
                raise InputRefused("source.unusable", detail=str(exc)) from exc
            if not source.text.strip():
                raise InputRefused("source.no_text")
            with self._tx() as s:
                self._audit(s, self._user(s, actor), "source.add", None, entity="source", entity_id=source_id,
                            after={"file": path.name, "type": type, "sha256": source.content_hash,
                                   "valid_until": valid_until.isoformat() if valid_until else None})
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
        self.workspace(reload=True)
        return source_id

    def kit_text(self) -> str:
        path = self.root / "kit.yaml"
        return path.read_text("utf-8") if path.is_file() else ""

    def save_kit(self, actor: str | None, text: str, *, base_sha256: str | None = None) -> list[str]:
        """Replace kit.yaml after validating it; returns [] or the problems (file line: message), saving nothing.

        Admins only. `base_sha256` is the kit the editor started from: a kit changed meanwhile is a conflict.
        """
        import tempfile

        from proofline.workspace.loader import load_kit
        from proofline.workspace.model import WorkspaceError

        with self.db.session() as s:
            user = self._user(s, actor)
            if "admin" not in user.role_set:
                raise PermissionDenied("kit.needs_admin", user=user.name)
        current = self.kit_text()
        if base_sha256 is not None and base_sha256 != sha256_hex(current):
            raise ConflictError("conflict.kit_changed")
        if text == current:
            raise InputRefused("kit.unchanged")
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "kit.yaml"
            probe.write_text(text, "utf-8")
            try:
                kit = load_kit(probe)
            except WorkspaceError as exc:
                return [(f"line {p.line}: " if p.line else "") + (f"[{p.key}] " if p.key else "") + p.message
                        for p in exc.problems]
        with self._tx() as s:
            user = self._user(s, actor)
            self._get_or_add(s, select(KitVersion).where(KitVersion.content_hash == sha256_hex(current)),
                             lambda: KitVersion(content_hash=sha256_hex(current), brand=kit.brand, content=current,
                                                recorded_at=self.now()))
            self._get_or_add(s, select(KitVersion).where(KitVersion.content_hash == sha256_hex(text)),
                             lambda: KitVersion(content_hash=sha256_hex(text), brand=kit.brand, content=text,
                                                recorded_at=self.now()))
            self._audit(s, user, "kit.save", None, entity="kit", entity_id="kit.yaml",
                        before={"sha256": sha256_hex(current)}, after={"sha256": sha256_hex(text)})
            (self.root / "kit.yaml").write_text(text, "utf-8")
        self.workspace(reload=True)
        return []

    def kit_versions(self) -> list[tuple[str, str, datetime, str]]:
        """(sha256, brand, first recorded, content) of every kit the database has seen, newest first."""
        with self.db.session() as s:
            return [(k.content_hash, k.brand, k.recorded_at, k.content) for k in
                    s.execute(select(KitVersion).order_by(KitVersion.recorded_at.desc(), KitVersion.id.desc()))
                    .scalars()]

    def claim(self, claim_id: int) -> tuple[AssetView, ClaimView]:
        """One claim mapped onto the latest check of its asset (for the expert's page)."""
        with self.db.session() as s:
            asset, claim, run = self._current_claim(s, claim_id)
            view = next(c for c in self._claim_views(s, run) if c.id == self._stable(claim))
            return self._view(s, asset), view


def cut_span(text: str, start: int, end: int) -> str:
    """The text without [start, end), tidied: no doubled spaces, no orphan punctuation left behind."""
    head, tail = text[:start].rstrip(" "), text[end:]
    tail = re.sub(r"^[ \t]*[,;:.!?]+", "", tail) if not head or head.endswith((".", "!", "?", ":", "\n")) else tail
    out = head + (" " if head and not head.endswith("\n") and tail and not tail.startswith((" ", "\n")) else "") + tail
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r"(?m)^[ \t]*[,;:.!?]+[ \t]*$\n?", "", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip() + ("\n" if text.endswith("\n") else "")


def render_proof_markdown(proof: dict[str, Any]) -> str:
    """The proof pack for humans: one entry per claim with what backs it."""
    a = proof["asset"]
    withdrawn = proof.get("withdrawn")
    lines = [f"# Proof pack: {a['title']} (asset #{a['id']}, version {proof['version']})", ""]
    if withdrawn:
        lines += [f"**WITHDRAWN** on {withdrawn['at']} by {withdrawn['by']}: {withdrawn['reason']}", ""]
    lines += [
             f"Published {proof['published_at']} by {proof['published_by']}; approved by {proof['approved_by']} "
             f"on {proof['approved_at']}; checked as of {proof['check']['as_of']}.", ""]
    for i, c in enumerate(proof["claims"], 1):
        lines.append(f"{i}. «{c['text']}» ({c['category']}, {c['verdict']})")
        for e in c["backed_by"]:
            lines.append(f"   - {e.get('kind', 'source')} `{e['source']}`: «{e['quote']}»")
        if "expert_validation" in c:
            v = c["expert_validation"]
            lines.append(f"   - validated by {v['expert']} on {v['validated_on']} (until {v['valid_until']}): "
                         f"{v['reason']}")
        if "override" in c:
            o = c["override"]
            lines.append(f"   - OVERRIDE of source `{o['overrides_source']}` ({o['verdict']}) by {o['expert']}, "
                         f"confirmed by {o['confirmed_by']} on {o['confirmed_at']}: {o['reason']}")
        if "cited_source" in c:
            lines.append(f"   - cited source: `{c['cited_source']}`")
    if proof["removed_claims"]:
        lines += ["", "Removed before publication:"]
        lines += [f"- {r['claim']}" for r in proof["removed_claims"]]
    return "\n".join(lines) + "\n"


def _overruled_source(claim: Claim) -> str | None:
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


@contextmanager
def _borrowed(session: Session) -> Iterator[Session]:
    """A session the caller owns (inside its transaction): used, not closed."""
    yield session


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"



def _pause_point() -> None:
    """Kill tests: when asked, mark that the transaction is about to commit, then wait to be killed."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()), "utf-8")
        time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))
