"""What every action and query of the workflow shares: the database, the workspace, the clock, the judge.

One `Context` per `Workflow` facade. It owns the two caches (the loaded workspace, and the
workspace with the database's confirmed attestations) and the one write transaction, so an action
never opens a session of its own kind: `ctx.tx()` maps a concurrent change to `ConflictError`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from proofline.store.db import Database
from proofline.store.models import ExpertAttestation, User
from proofline.workflow.attestations import exported_ids
from proofline.workflow.errors import ConflictError

if TYPE_CHECKING:
    from proofline.workspace.model import Workspace

Clock = Callable[[], datetime]
PAUSE_ENV = "PROOFLINE_PAUSE_BEFORE_COMMIT"  # a file path: touched, then the transaction sleeps (kill tests)
PAUSE_SECONDS_ENV = "PROOFLINE_PAUSE_SECONDS"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Context:
    """The database, the workspace folder and the clock of one workflow, with its caches."""

    def __init__(self, db: Database, workspace_root: Path, *, clock: Clock = utcnow,
                 workspace: Workspace | None = None) -> None:
        from proofline.judging import judge_wanted

        self.db = db
        self.root = Path(workspace_root)
        self.clock = clock
        self.judge = judge_wanted(self.root)  # the team's choice, passed to every check
        self._workspace = workspace
        self._augmented: tuple[tuple[Any, ...], Workspace] | None = None

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
    def tx(self) -> Iterator[Session]:
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

    def checked_workspace(self, session: Session | None = None) -> Workspace:
        """The workspace with the database's confirmed expert attestations: the store is their truth.

        The same attestations are exported to `attestations.validated.yaml` in the workspace (see
        `attestations.export`), which the loader reads, so `proofline check` in CI sees them too; the
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
        exported = exported_ids(self.root)
        own = [a for a in ws.attestations if a.id not in stored and a.id not in exported]
        augmented = WorkspaceModel(root=ws.root, kit=ws.kit, sources=list(ws.sources),
                                   attestations=[*own, *extra], problems=list(ws.problems))
        self._augmented = (key, augmented)
        return augmented


@contextmanager
def _borrowed(session: Session) -> Iterator[Session]:
    """A session the caller owns (inside its transaction): used, not closed."""
    yield session


def _pause_point() -> None:
    """Kill tests: when asked, mark that the transaction is about to commit, then wait to be killed."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()), "utf-8")
        time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))
