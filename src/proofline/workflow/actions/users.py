"""Add a user: the very first one must be an admin (who then adds everyone else)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.store.models import User
from proofline.workflow.actions.base import Action
from proofline.workflow.context import Context
from proofline.workflow.errors import InputRefused, PermissionDenied
from proofline.workflow.queries import user_named
from proofline.workflow.states import Role
from proofline.workflow.views import UserView


class AddUser(Action[UserView]):
    """A new user with roles; audited as `user.add` by the admin who added them (or by themselves, first)."""

    def __init__(self, ctx: Context, actor: str | None, name: str, roles: Sequence[str],
                 display_name: str | None = None) -> None:
        super().__init__(ctx, actor)
        self.name = name
        self.display_name = display_name
        self.roles = sorted({r.strip().lower() for r in roles if r.strip()})

    def check_input(self) -> None:
        unknown = [r for r in self.roles if r not in {x.value for x in Role}]
        if unknown:
            raise InputRefused("user.unknown_role", unknown=unknown, roles=[r.value for r in Role])
        if not self.roles:
            raise InputRefused("user.no_role", roles=[r.value for r in Role])
        if not re.fullmatch(r"[\w.@-]{1,120}", self.name):
            raise InputRefused("user.bad_name", name=self.name)

    def check_perm(self, s: Session) -> str:
        """Who adds the user: the first user adds themselves (as an admin), later an admin does."""
        if s.execute(select(User.id).limit(1)).first() is None:
            if "admin" not in self.roles:
                raise PermissionDenied("user.first_admin")
            return self.name
        admin = user_named(s, self.actor)
        if "admin" not in admin.role_set:
            raise PermissionDenied("user.add_needs_admin", user=admin.name)
        return admin.name

    def execute(self) -> UserView:
        self.check_input()
        with self.ctx.tx() as s:
            creator = self.check_perm(s)
            if s.execute(select(User).where(User.name == self.name)).scalar_one_or_none() is not None:
                raise InputRefused("user.exists", name=self.name)
            user = User(name=self.name, display_name=self.display_name or self.name, roles=",".join(self.roles),
                        created_at=self.ctx.now())
            s.add(user)
            s.flush()
            self.log(s, creator, "user.add", None, entity="user", entity_id=user.id,
                     after={"name": self.name, "roles": self.roles})
            return UserView(user.id, user.name, user.display_name, tuple(self.roles))
