"""The provider interface: what every composer (offline, HTTP model, plugin) takes and returns.

A provider turns a `ComposeRequest` (the kit, the audience, the channel and the numbered source
passages) into a `ComposeResult` (the draft, the passages it cites, what it cost). It never
decides whether the draft may be published: the deterministic check does that afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from proofline.compose.passages import SourcePassage
from proofline.messages import Refusal

if TYPE_CHECKING:
    from proofline.compose.settings import ProviderSettings
    from proofline.report import Report
    from proofline.workspace.model import Audience, Kit, Source, Workspace

Task = Literal["outline", "derive"]


# --------------------------------------------------------------------------- errors


class ComposeError(Refusal):
    """A draft cannot be composed; the message says why and what to change.

    Raised with a key of `proofline.messages` (`ComposeError("compose.no_channel")`) it
    speaks the reader's language through `message(lang)`; raised with a plain English text, that
    text follows a sentence in the reader's language.
    """

    fallback = "compose.failed"


class ProviderError(ComposeError):
    """A provider failed. `status` is the HTTP status when there was one."""

    fallback = "compose.provider_failed"

    def __init__(self, message: str, *, provider: str = "", status: int | None = None,
                 attempts: int = 1, **params: object) -> None:
        super().__init__(message, **params)
        self.provider = provider
        self.status = status
        self.attempts = attempts


class ProviderConfigError(ProviderError):
    """The provider is not configured well enough to be called (no base URL, no model...)."""


class AuthenticationError(ProviderError):
    """401/403: the key is missing, wrong or lacks rights. Retrying cannot help."""


class ModelNotFoundError(ProviderError):
    """404: the model (or the endpoint path) does not exist at that base URL."""


class BadRequestError(ProviderError):
    """400/422: the server rejected the request itself."""


class RateLimitError(ProviderError):
    """429 still returned after every retry."""


class ServerError(ProviderError):
    """5xx still returned after every retry."""


class ProviderTimeout(ProviderError):
    """No complete answer within the configured timeout."""


class ProviderConnectionError(ProviderError):
    """The server could not be reached (refused, DNS, TLS)."""


class MalformedOutputError(ProviderError):
    """The reply is not the JSON that was asked for (or lacks required fields)."""


class TruncatedOutputError(ProviderError):
    """The model stopped at its token limit (finish_reason "length"): the draft is incomplete."""


class CitationError(ComposeError):
    """The draft cites passages that do not exist; its facts cannot be traced."""

    def __init__(self, message: str, markers: list[str]) -> None:
        super().__init__(message)
        self.markers = markers


# --------------------------------------------------------------------------- data


@dataclass
class Usage:
    """What producing a draft cost: tokens, money (when prices are configured), time, HTTP calls."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    latency_s: float = 0.0
    calls: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        if other.cost is not None:
            self.cost = (self.cost or 0.0) + other.cost
        self.latency_s += other.latency_s
        self.calls += other.calls

    def to_json_dict(self) -> dict[str, Any]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "total_tokens": self.total_tokens, "cost": self.cost,
                "latency_s": round(self.latency_s, 4), "calls": self.calls}


@dataclass(frozen=True)
class Citation:
    """A sentence of the draft (offsets into the final text) and the passages it cites."""

    start: int
    end: int
    passages: tuple[SourcePassage, ...]


@dataclass
class ComposeRequest:
    """Everything a provider may use. Facts may come only from `passages`."""

    task: Task
    channel: str  # outline | linkedin | email | landing | sequence | one_pager (or a plugin's)
    lang: str
    kit: Kit
    sources: list[Source]
    passages: list[SourcePassage]
    audience: Audience | None = None
    brief: str | None = None  # optional extra guidance from the user (angle, call to action)
    workspace: Workspace | None = None  # lets a provider check its own draft (the offline one does)
    as_of: date | None = None


@dataclass
class ComposeResult:
    """A draft with its citations checked and removed from `text` (kept in `raw_text`)."""

    text: str
    channel: str
    lang: str
    provider: str
    model: str | None = None
    citations: list[Citation] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    raw_text: str = ""
    warnings: list[str] = field(default_factory=list)
    report: Report | None = None  # the check of `text`, when the provider already ran it (offline does)

    @property
    def cited_sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.citations:
            for p in c.passages:
                seen.setdefault(p.source_id, None)
        return list(seen)


@dataclass(frozen=True)
class ProviderStatus:
    """The answer of `proofline providers`: can this provider be used right now?"""

    ok: bool
    message: str
    model: str | None = None
    latency_s: float | None = None


@runtime_checkable
class Provider(Protocol):
    """A composer. `compose` raises a `ComposeError` subclass with a clear message on failure."""

    name: str

    def compose(self, request: ComposeRequest) -> ComposeResult: ...

    def status(self) -> ProviderStatus: ...


@runtime_checkable
class JsonCompleter(Protocol):
    """A provider that can answer a chat as validated JSON (used by the LLM judge)."""

    name: str

    def complete_json(self, messages: list[dict[str, str]], *,
                      required: tuple[str, ...] = ()) -> tuple[dict[str, Any], Usage]: ...


@dataclass(frozen=True)
class ProviderSpec:
    """What a plugin returns from `proofline_providers()`: a name and how to build the provider."""

    name: str
    description: str
    factory: Callable[[ProviderSettings], Provider]
    network: bool = True  # False for providers that never leave the machine
