"""The database schema of the workflow: what was checked, decided and published, by whom, when.

Rows that record a fact (asset versions, check runs, claims, approvals, audit entries) are never
updated once written; only `assets` (its state) and `resolutions` (their status) change, and every
change to them is mirrored in the hash-chained audit log. Datetimes are stored as naive UTC and
returned as aware UTC on every backend, so hashes and exports are identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC timestamp: naive in the database, aware in Python."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - SQLite returns datetime through SQLAlchemy
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200))  # comma-separated, sorted: admin,approver,expert,writer
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)


class KitVersion(Base):
    """One content of kit.yaml, recorded the first time a check used it."""

    __tablename__ = "kit_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    brand: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SourceVersion(Base):
    """One content of a source document, recorded the first time a check used it."""

    __tablename__ = "source_versions"
    __table_args__ = (UniqueConstraint("source_id", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Asset(Base):
    __tablename__ = "assets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10))
    audience: Mapped[str | None] = mapped_column(String(200), nullable=True)
    parent_asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    parent_source_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(20))
    review_cycles: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer)  # optimistic lock: bumped by every change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class AssetVersion(Base):
    """An immutable text of an asset; editing makes the next number."""

    __tablename__ = "asset_versions"
    __table_args__ = (UniqueConstraint("asset_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CheckRun(Base):
    """The check report of one version at one date against one state of the workspace."""

    __tablename__ = "check_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id"))
    as_of: Mapped[date] = mapped_column(Date)
    kit_version_id: Mapped[int | None] = mapped_column(ForeignKey("kit_versions.id"), nullable=True)
    sources_json: Mapped[str] = mapped_column(Text)  # [[source id, content hash], ...]
    report_json: Mapped[str] = mapped_column(Text)
    claims_count: Mapped[int] = mapped_column(Integer)
    blocking_count: Mapped[int] = mapped_column(Integer)
    checked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Claim(Base):
    """A claim of one check run; `key` (normalised text) identifies it across versions.

    `stable_id` is the id users see: the id of the asset's first row with this key, so a claim
    keeps its id across re-checks and versions while its text stays (migration 0004).
    `replaces_id`: for a reworded claim, the stable id of the previous version's claim it replaces.
    """

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id"))
    key: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    verdict: Mapped[str] = mapped_column(String(40))
    blocking: Mapped[bool] = mapped_column(Boolean)
    evidence_json: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    stable_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    replaces_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ExpertAttestation(Base):
    """An expert's validation of a claim; the checker sees it as an attestation while valid."""

    __tablename__ = "attestations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ident: Mapped[str] = mapped_column(String(200), unique=True)
    claim: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40))
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    validated_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # An override (the claim is contradicted, expired...) is pending until a second person confirms it;
    # only confirmed attestations reach the checker and the workspace's attestations.validated.yaml.
    status: Mapped[str] = mapped_column(String(20), default="confirmed")  # pending | confirmed
    overrides_source: Mapped[str | None] = mapped_column(String(200), nullable=True)
    overrides_verdict: Mapped[str | None] = mapped_column(String(40), nullable=True)
    confirmed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # users.id
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Resolution(Base):
    """How a blocking claim of an asset is (being) resolved: removed, cited, or expert-validated."""

    __tablename__ = "resolutions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    claim_key: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # removed | cited | expert
    status: Mapped[str] = mapped_column(String(20))  # requested | override_pending | done | rejected
    source_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attestation_id: Mapped[int | None] = mapped_column(ForeignKey("attestations.id"), nullable=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(30))  # changes_requested | approved
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Approval(Base):
    __tablename__ = "approvals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id"))
    check_id: Mapped[int] = mapped_column(ForeignKey("check_runs.id"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Publication(Base):
    __tablename__ = "publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id"))
    published_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text_hash: Mapped[str] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    proof_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    withdrawn_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # users.id
    withdraw_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # {recorded path: sha256} of the files written (text, proof pack JSON and Markdown); migration 0005
    files_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class SalesFeedback(Base):
    __tablename__ = "sales_feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """One link of the append-only, hash-chained audit log (see workflow/audit.py)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, hashed as stored
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(60))
    before_json: Mapped[str] = mapped_column(Text)
    after_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # the bound business rows this entry's transaction wrote, each with its content hash (workflow/bindings.py)
    rows_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row that serialises appends to the audit log and remembers its last link."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


# --------------------------------------------------------------------------- web desk (issue 6)


class AuthBase(DeclarativeBase):
    """Credentials and sessions of the web desk, on their own metadata.

    They are not workflow facts: `proofline export` must not carry password hashes or live
    sessions into an archive, and `is_empty` must not count them. Migration 0002 creates them.
    """


class Credential(AuthBase):
    """The argon2 hash of a user's web password (no row: the user cannot log in to the web)."""

    __tablename__ = "web_credentials"
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # users.id (FK in the migration)
    password_hash: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebSession(AuthBase):
    """A login: the cookie carries a random token, the database only its SHA-256."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)  # users.id
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiToken(AuthBase):
    """A bearer token for CI; shown once at creation, stored as its SHA-256."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)  # users.id
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LoginFailure(AuthBase):
    """One failed login, keyed by user name and client address, for throttling."""

    __tablename__ = "web_login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


# --------------------------------------------------------------------------- AI register and compose batches (issue 5)


class ProviderCall(Base):
    """One call to a compose provider: the team's register of AI use (what was asked, answered, by whom, at what cost).

    Written once and never updated, except `asset_id`/`asset_version_id`, set when the draft became an asset.
    """

    __tablename__ = "provider_calls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str | None] = mapped_column(String(120), nullable=True)
    provider: Mapped[str] = mapped_column(String(80))
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    purpose: Mapped[str] = mapped_column(String(20))  # outline | derive | variant
    channel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), nullable=True, index=True)
    asset_version_id: Mapped[int | None] = mapped_column(ForeignKey("asset_versions.id"), nullable=True)
    run_item_id: Mapped[int | None] = mapped_column(ForeignKey("compose_items.id"), nullable=True)
    prompt: Mapped[str] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text, nullable=True)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10))  # ok | error
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class ComposeRun(Base):
    """A batch of drafts to compose (derivatives of sources, or variants of a master), resumable item by item."""

    __tablename__ = "compose_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # derive | variants
    actor: Mapped[str] = mapped_column(String(120))
    source_ids: Mapped[str] = mapped_column(Text)  # JSON list
    channels: Mapped[str] = mapped_column(Text)  # JSON list
    audiences: Mapped[str] = mapped_column(Text)  # JSON list (null = no audience)
    lang: Mapped[str | None] = mapped_column(String(10), nullable=True)
    brief: Mapped[str | None] = mapped_column(Text, nullable=True)
    master_asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    no_log: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))  # running | interrupted | failed | done
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ComposeItem(Base):
    """One draft of a run: pending until its asset exists (done) or its provider call failed (failed)."""

    __tablename__ = "compose_items"
    __table_args__ = (UniqueConstraint("run_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("compose_runs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # pending | done | failed
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    drift_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # variants: claims that differ from the master
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
