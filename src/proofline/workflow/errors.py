"""Every refusal of the workflow, each with a message a marketer can act on (no jargon).

Raise with a key of `proofline.messages` and the values it names:
`raise NotFound("asset.missing", asset_id=3)`. `str(exc)` is the English message (the CLI),
`exc.message("fr")` the French one (the desk), `exc.key` what API clients can match on.
"""

from __future__ import annotations

from typing import Any

from proofline.messages import Refusal


class WorkflowError(Refusal):
    """A refused action; `str(error)` is the one-line English message, `message(lang)` the user's."""


class NotFound(WorkflowError):
    pass


class IdentityError(WorkflowError):
    """Nobody is named, or the name is not a user of this workspace."""


class PermissionDenied(WorkflowError):
    """The user lacks the role the action needs."""


class SelfApprovalError(PermissionDenied):
    """Four-eyes: nobody approves (or expert-validates) their own asset."""


class InvalidTransition(WorkflowError):
    """The asset is not in a state that allows this action."""


class BlockingClaimsError(WorkflowError):
    """Approval refused while claims still block."""

    def __init__(self, key: str, claims: list[str], /, **params: object) -> None:
        super().__init__(key, **params)
        self.claims = claims


class GateRefused(BlockingClaimsError):
    """The gate (workflow/gate.py) refuses: `blockers` are the claims and findings that stop it."""

    def __init__(self, key: str, blockers: list[Any], /, **params: object) -> None:
        super().__init__(key, [b.quote for b in blockers if b.kind == "claim"], **params)
        self.blockers = blockers


class ResolutionRefused(WorkflowError):
    """A claim resolution that the re-check (or the rules) does not confirm."""


class ConflictError(WorkflowError):
    """Someone else changed the asset since the user opened it (optimistic locking)."""


class InputRefused(WorkflowError):
    """A value given by the user cannot be used (bad kind, bad date, empty text...)."""


class ArchiveError(WorkflowError):
    """An export archive cannot be read or imported."""


class AuditKeyError(WorkflowError):
    """The audit signing key, the public key or an anchor file is missing or unusable (bad input, exit 2)."""


class ChainNotSigned(WorkflowError):
    """The audit log does not verify, so its head is not signed (the CLI exits 1: the log is broken)."""
