"""Every refusal of the workflow, each with a message a marketer can act on (no jargon)."""

from __future__ import annotations


class WorkflowError(Exception):
    """A refused action; `str(error)` is the one-line message shown to the user."""


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

    def __init__(self, message: str, claims: list[str]):
        super().__init__(message)
        self.claims = claims


class ResolutionRefused(WorkflowError):
    """A claim resolution that the re-check (or the rules) does not confirm."""


class ConflictError(WorkflowError):
    """Someone else changed the asset since the user opened it (optimistic locking)."""


class InputRefused(WorkflowError):
    """A value given by the user cannot be used (bad kind, bad date, empty text...)."""


class ArchiveError(WorkflowError):
    """An export archive cannot be read or imported."""
