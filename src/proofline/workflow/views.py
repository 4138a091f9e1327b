"""What the workflow shows: frozen views of users, assets, checks, claims, history, queue and publications.

Plain data, read from the database by `queries.py` and returned by every action, so the CLI, the
desk and the API render the same thing and never hold an ORM row outside its session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from proofline.workflow.gate import Blocker


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


@dataclass(frozen=True)
class AuditLine:
    """One entry of the audit log as `audit log` lists it (its after-state as stored: canonical JSON)."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    after_json: str
