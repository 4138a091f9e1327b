"""The HTTP status of each workflow refusal: one table for the app's error handler and the pages that
show a refusal themselves (they import it from here, not from the app that imports them)."""

from __future__ import annotations

from proofline.workflow import errors

STATUS: tuple[tuple[type[errors.WorkflowError], int], ...] = (
    (errors.NotFound, 404),
    (errors.IdentityError, 403),
    (errors.PermissionDenied, 403),
    (errors.InvalidTransition, 409),
    (errors.ConflictError, 409),
    (errors.BlockingClaimsError, 409),
    (errors.ResolutionRefused, 422),
    (errors.InputRefused, 422),
)


def status_of(exc: errors.WorkflowError) -> int:
    """The status of the first kind `exc` is in the table, 400 otherwise."""
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
