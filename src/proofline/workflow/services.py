"""The facade every interface calls: `Workflow`, one method per action (workflow/actions/) or read (queries.py).

Each mutating method is one action: it checks identity, role, state (the table in `states.py`),
four-eyes and the gate, changes rows and appends to the audit log in one transaction, or raises a
`WorkflowError` and changes nothing. The CLI, the desk and the API add no rules of their own: they
call these methods, so they call the same actions. The checker runs outside the transaction (it
is pure and slower than a write); the transaction then makes sure nobody changed the asset in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proofline.store.db import Database
from proofline.workflow import queries
from proofline.workflow.actions.approve import Approve
from proofline.workflow.actions.archive import Archive
from proofline.workflow.actions.check import CheckAsset
from proofline.workflow.actions.claims import DEFAULT_VALIDITY_DAYS, ConfirmClaim, RejectClaim, ValidateClaim
from proofline.workflow.actions.correct import Correct
from proofline.workflow.actions.create import CreateAsset
from proofline.workflow.actions.edit import EditAsset
from proofline.workflow.actions.feedback import RecordFeedback
from proofline.workflow.actions.import_archive import ImportArchive
from proofline.workflow.actions.kit import SaveKit
from proofline.workflow.actions.publish import FileState, Publish, publication_file_states
from proofline.workflow.actions.recording import claim_key, prepare
from proofline.workflow.actions.request_changes import RequestChanges
from proofline.workflow.actions.resolve import RequestExpert, ResolveCite, ResolveRemove, cut_span
from proofline.workflow.actions.sources import SOURCE_SUFFIXES, AddSource
from proofline.workflow.actions.submit import Submit
from proofline.workflow.actions.users import AddUser
from proofline.workflow.actions.withdraw import Withdraw
from proofline.workflow.attestations import VALIDATED_FILE
from proofline.workflow.context import PAUSE_ENV, PAUSE_SECONDS_ENV, Clock, Context, utcnow
from proofline.workflow.gate import Blocker
from proofline.workflow.proof import render_proof_markdown
from proofline.workflow.views import (
    AssetView,
    AttestationView,
    AuditLine,
    CheckView,
    ClaimView,
    HistoryEntry,
    PublicationView,
    QueueItem,
    UserView,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from proofline.report import Report
    from proofline.workflow.anchors import AnchorLine, AuditReport, Expectation
    from proofline.workflow.archive import Imported
    from proofline.workspace.model import Workspace


class Workflow:
    """The services of the workflow over one database and one workspace folder."""

    SOURCE_SUFFIXES = SOURCE_SUFFIXES

    def __init__(self, db: Database, workspace_root: Path, *, clock: Clock = utcnow,
                 workspace: Workspace | None = None) -> None:
        self.ctx = Context(db, workspace_root, clock=clock, workspace=workspace)

    @property
    def db(self) -> Database:
        return self.ctx.db

    @property
    def root(self) -> Path:
        return self.ctx.root

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @property
    def judge(self) -> bool:
        return self.ctx.judge

    def now(self) -> datetime:
        return self.ctx.now()

    def workspace(self, *, reload: bool = False) -> Workspace:
        return self.ctx.workspace(reload=reload)

    # ---------------------------------------------------------------- users

    def add_user(self, actor: str | None, name: str, roles: Sequence[str], display_name: str | None = None) -> UserView:
        """Add a user; the very first one must be an admin, later ones are added by an admin."""
        return AddUser(self.ctx, actor, name, roles, display_name).execute()

    def users(self) -> list[UserView]:
        return queries.users(self.ctx)

    def user(self, name: str | None) -> UserView:
        return queries.user(self.ctx, name)

    # ---------------------------------------------------------------- assets

    def asset(self, asset_id: int) -> AssetView:
        return queries.asset(self.ctx, asset_id)

    def assets(self, state: str | None = None) -> list[AssetView]:
        return queries.assets(self.ctx, state)

    def text(self, asset_id: int, version: int | None = None) -> str:
        return queries.text(self.ctx, asset_id, version)

    def numbered_text(self, asset_id: int, version: int | None = None) -> tuple[int, str]:
        """The version's number with its text: what an edit of that text names as its base."""
        return queries.numbered_text(self.ctx, asset_id, version)

    def create_asset(self, actor: str | None, *, title: str, kind: str, text: str, language: str | None = None,
                     audience: str | None = None, parent_asset_id: int | None = None,
                     parent_source_id: str | None = None) -> AssetView:
        """A new asset in draft, with its first version checked (with its kind's channel limits)."""
        return CreateAsset(self.ctx, actor, title=title, kind=kind, text=text, language=language, audience=audience,
                           parent_asset_id=parent_asset_id, parent_source_id=parent_source_id).execute()

    def edit(self, actor: str | None, asset_id: int, text: str, *, base_version: int | None = None,
             note: str | None = None, expected_revision: int | None = None) -> AssetView:
        """A new immutable version of `base_version` (refused without one, or if a newer version exists);
        editing an approved asset sends it back to review."""
        return EditAsset(self.ctx, actor, asset_id, text, base_version=base_version, note=note,
                         expected_revision=expected_revision).execute()

    def check(self, actor: str | None, asset_id: int) -> CheckView:
        """Re-check the latest version against today's workspace and record the report."""
        return CheckAsset(self.ctx, actor, asset_id).execute()

    def report(self, asset_id: int) -> Report:
        """The check report of the latest version against today's workspace, not recorded: what the API
        renders in any registered report format (`proofline.report.formats`)."""
        return prepare(self.ctx, asset_id).report

    def current_check(self, asset_id: int) -> CheckView | None:
        """The latest recorded check of the latest version (no new check is run)."""
        return queries.current_check(self.ctx, asset_id)

    def gate(self, asset_id: int) -> list[Blocker]:
        """What stops the latest recorded check of an asset (no new check): for `asset show` and the desk."""
        view = self.current_check(asset_id)
        return list(view.gate) if view is not None else []

    def submit(self, actor: str | None, asset_id: int, *, expected_revision: int | None = None,
               reason: str | None = None) -> AssetView:
        return Submit(self.ctx, actor, asset_id, expected_revision=expected_revision, reason=reason).execute()

    def request_changes(self, actor: str | None, asset_id: int, *, reason: str,
                        expected_revision: int | None = None) -> AssetView:
        return RequestChanges(self.ctx, actor, asset_id, reason=reason, expected_revision=expected_revision).execute()

    def approve(self, actor: str | None, asset_id: int, *, expected_revision: int | None = None,
                reason: str | None = None) -> AssetView:
        """Approve the latest version after a fresh check, if the gate lets it through."""
        return Approve(self.ctx, actor, asset_id, expected_revision=expected_revision, reason=reason).execute()

    def archive(self, actor: str | None, asset_id: int, *, reason: str | None = None,
                expected_revision: int | None = None) -> AssetView:
        return Archive(self.ctx, actor, asset_id, reason=reason, expected_revision=expected_revision).execute()

    def publish(self, actor: str | None, asset_id: int, out_dir: Path | None = None, *,
                expected_revision: int | None = None, publisher: str = "folder") -> PublicationView:
        """Publish the approved version: the final text and a proof pack, after the gate on a fresh check;
        `publisher` (a `register_publishers` name) delivers them to `out_dir`."""
        return Publish(self.ctx, actor, asset_id, out_dir, expected_revision=expected_revision,
                       publisher=publisher).execute()

    def publication_files(self, asset_id: int, *, restore: bool = False) -> list[FileState]:
        """The files of the asset's publications against their recorded hashes; `restore` writes the missing
        or changed ones again from the database (only content the database still produces, byte for byte)."""
        return publication_file_states(self.ctx, asset_id, restore=restore)

    def correct(self, actor: str | None, asset_id: int, text: str, *, note: str | None = None,
                expected_revision: int | None = None) -> AssetView:
        """A new version of a published asset, back in review; the published text stays live meanwhile."""
        return Correct(self.ctx, actor, asset_id, text, note=note, expected_revision=expected_revision).execute()

    def withdraw(self, actor: str | None, asset_id: int, *, reason: str,
                 expected_revision: int | None = None) -> AssetView:
        """Take a published asset down: its publication and proof pack are marked withdrawn, with why."""
        return Withdraw(self.ctx, actor, asset_id, reason=reason, expected_revision=expected_revision).execute()

    def record_feedback(self, actor: str | None, asset_id: int, *, accepted: bool, reason: str | None = None) -> None:
        """Sales say whether a published asset worked with prospects (the sales-acceptance KPI)."""
        RecordFeedback(self.ctx, actor, asset_id, accepted=accepted, reason=reason).execute()

    def import_archive(self, path: Path, *, force: bool = False) -> Imported:
        """Restore an archive (workflow/archive.py) through the gate, all or nothing."""
        return ImportArchive(self.ctx, path, force=force).execute()

    # ---------------------------------------------------------------- claims

    def resolve_remove(self, actor: str | None, claim_id: int, *, text: str | None = None,
                       reason: str | None = None) -> AssetView:
        """Remove a claim: a new version without it (the given text, or the text minus the claim)."""
        return ResolveRemove(self.ctx, actor, claim_id, text=text, reason=reason).execute()

    def resolve_cite(self, actor: str | None, claim_id: int, source_id: str, *, reason: str | None = None) -> CheckView:
        """Cite a source for a claim: accepted only when the re-check says that source backs it."""
        return ResolveCite(self.ctx, actor, claim_id, source_id, reason=reason).execute()

    def request_expert(self, actor: str | None, claim_id: int, *, reason: str | None = None) -> int:
        """Ask an expert to validate a blocking claim; it then waits in the experts' queue."""
        return RequestExpert(self.ctx, actor, claim_id, reason=reason).execute()

    def validate_claim(self, actor: str | None, claim_id: int, *, reason: str,
                       valid_until: date | None = None, override: bool = False) -> AttestationView:
        """An expert vouches for a claim (an override of a source stays pending until confirmed)."""
        return ValidateClaim(self.ctx, actor, claim_id, reason=reason, valid_until=valid_until,
                             override=override).execute()

    def confirm_claim(self, actor: str | None, claim_id: int) -> AttestationView:
        """A second person (approver or admin, neither the expert nor an author) confirms an override."""
        return ConfirmClaim(self.ctx, actor, claim_id).execute()

    def reject_claim(self, actor: str | None, claim_id: int, *, reason: str) -> None:
        """An expert refuses to vouch for a claim: the request leaves the queue and the writer sees why."""
        RejectClaim(self.ctx, actor, claim_id, reason=reason).execute()

    def claim(self, claim_id: int) -> tuple[AssetView, ClaimView]:
        """One claim mapped onto the latest check of its asset (for the expert's page)."""
        return queries.claim(self.ctx, claim_id)

    # ---------------------------------------------------------------- sources and kit

    def add_source(self, actor: str | None, filename: str, data: bytes, *, source_id: str, title: str,
                   type: str, validated_by: str, validated_on: date, valid_until: date | None = None,
                   lang: str | None = None) -> str:
        """Add a validated document to sources/ (experts and admins), then load it."""
        return AddSource(self.ctx, actor, filename, data, source_id=source_id, title=title, type=type,
                         validated_by=validated_by, validated_on=validated_on, valid_until=valid_until,
                         lang=lang).execute()

    def source_backing(self) -> dict[str, list[tuple[int, str, str]]]:
        """What each source backs: (asset id, asset title, claim text) in the latest check of each open asset."""
        return queries.source_backing(self.ctx)

    def kit_text(self) -> str:
        return queries.kit_text(self.ctx)

    def save_kit(self, actor: str | None, text: str, *, base_sha256: str | None = None) -> list[str]:
        """Replace kit.yaml after validating it (admins); returns [] or the problems, saving nothing."""
        return SaveKit(self.ctx, actor, text, base_sha256=base_sha256).execute()

    def kit_versions(self) -> list[tuple[str, str, datetime, str]]:
        """(sha256, brand, first recorded, content) of every kit the database has seen, newest first."""
        return queries.kit_versions(self.ctx)

    # ---------------------------------------------------------------- history, queue, publications, audit

    def history(self, asset_id: int) -> list[HistoryEntry]:
        return queries.history(self.ctx, asset_id)

    def queue(self, actor: str | None) -> list[QueueItem]:
        """What waits for this user, by role: reviews, changes to make, drafts to submit, claims to validate."""
        return queries.queue(self.ctx, actor)

    def publication(self, asset_id: int) -> tuple[str, dict[str, Any]]:
        """The published text and its proof pack (the latest publication of the asset)."""
        return queries.publication(self.ctx, asset_id)

    def recent_publications(self, limit: int = 10) -> list[AssetView]:
        return queries.recent_publications(self.ctx, limit)

    def data_version(self) -> int:
        """How many audited writes the database holds: the desk caches its pages' data on it."""
        return queries.data_version(self.ctx)

    def audit_log(self, limit: int = 50) -> list[AuditLine]:
        """The latest entries of the audit log, oldest first."""
        return queries.audit_log(self.ctx, limit)

    def verify_audit(self, *, anchors: Sequence[AnchorLine] = (), public_key: tuple[Ed25519PublicKey, str] | None = None,
                     expect: Sequence[Expectation] = (), anchors_file: str | None = None) -> AuditReport:
        """The chain recomputed and checked against anchors and expected heads."""
        return queries.verify_audit(self.ctx, anchors=anchors, public_key=public_key, expect=expect,
                                    anchors_file=anchors_file)

    def kpis(self, period: str = "month") -> dict[str, Any]:
        """Time to publish, review cycles, compliance alerts, resolutions, sales acceptance."""
        return queries.kpis(self.ctx, period)


__all__ = ["DEFAULT_VALIDITY_DAYS", "PAUSE_ENV", "PAUSE_SECONDS_ENV", "VALIDATED_FILE", "AssetView",
           "AttestationView", "AuditLine", "CheckView", "ClaimView", "HistoryEntry", "PublicationView", "QueueItem",
           "UserView", "Workflow", "claim_key", "cut_span", "render_proof_markdown", "utcnow"]
