"""Roles grant permissions; token scopes narrow them. Effective = role ∩ scopes."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from api.auth.exceptions import PermissionDenied
from api.kit.principal import Principal
from api.models import Role, TokenScope


class Permission(enum.StrEnum):
    read = "read"
    write = "write"  # create/change resources
    deploy = "deploy"  # start deployments, restarts, rollbacks
    admin = "admin"  # members, tokens, servers, audit log
    owner = "owner"  # owners, deleting the organisation


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.viewer: frozenset({Permission.read}),
    Role.member: frozenset({Permission.read, Permission.write, Permission.deploy}),
    Role.admin: frozenset({Permission.read, Permission.write, Permission.deploy, Permission.admin}),
    Role.owner: frozenset(Permission),
}

SCOPE_PERMISSIONS: dict[TokenScope, frozenset[Permission]] = {
    TokenScope.read: frozenset({Permission.read}),
    TokenScope.write: frozenset({Permission.read, Permission.write}),
    TokenScope.deploy: frozenset({Permission.read, Permission.deploy}),
    TokenScope.admin: frozenset(
        {Permission.read, Permission.write, Permission.deploy, Permission.admin}
    ),
}

ROLE_RANK = {Role.viewer: 0, Role.member: 1, Role.admin: 2, Role.owner: 3}


def scope_permissions(scopes: Iterable[str]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for scope in scopes:
        granted |= SCOPE_PERMISSIONS.get(TokenScope(scope), frozenset())
    return frozenset(granted)


@dataclass(frozen=True)
class Access:
    """What the caller may do in one organisation."""

    principal: Principal
    organization_id: uuid.UUID
    role: Role
    permissions: frozenset[Permission]

    @classmethod
    def resolve(cls, principal: Principal, organization_id: uuid.UUID, role: Role) -> Access:
        perms = ROLE_PERMISSIONS[role]
        if principal.token is not None:
            perms = perms & scope_permissions(principal.token.scopes)
        return cls(principal, organization_id, role, perms)

    def allows(self, permission: Permission) -> bool:
        return permission in self.permissions


def ensure_permission(access: Access, permission: Permission) -> None:
    if not access.allows(permission):
        # Plural and singular subjects need their own verbs ("scopes do", "role does").
        via = (
            "your token's scopes do"
            if access.principal.token
            else f"your role '{access.role}' does"
        )
        raise PermissionDenied(
            f"this action needs the '{permission}' permission, which {via} not grant",
            required_permission=str(permission),
        )
