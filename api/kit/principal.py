"""Who is calling: a user through a browser session, or a user's API token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from api.models import ActorType, ApiToken, Role, User, UserSession


@dataclass(frozen=True)
class Principal:
    user: User
    token: ApiToken | None = None
    session: UserSession | None = None
    client_address: str | None = None
    # For a token: its user's role in the token's organisation, read in the same query as
    # the token (None if no longer a member), so no second query per request asks again.
    token_role: Role | None = None

    @property
    def user_id(self) -> uuid.UUID:
        return self.user.id

    @property
    def token_organization_id(self) -> uuid.UUID | None:
        """A token only ever reaches the organisation it was issued for."""
        return self.token.organization_id if self.token else None

    @property
    def actor_type(self) -> ActorType:
        return ActorType.token if self.token else ActorType.user

    @property
    def actor_id(self) -> uuid.UUID:
        return self.token.id if self.token else self.user.id

    @property
    def actor_label(self) -> str:
        if self.token:
            return f"{self.user.email} (token {self.token.name})"
        return self.user.email
