from __future__ import annotations

from api.kit.errors import BerthError, Conflict, NotFound


class MemberNotFound(NotFound):
    type_slug = "member-not-found"
    title = "Member not found"


class AlreadyMember(Conflict):
    type_slug = "already-member"
    title = "Already a member"


class LastOwner(Conflict):
    type_slug = "last-owner"
    title = "An organization needs an owner"


class InitialPasswordRequired(BerthError):
    status = 422
    type_slug = "initial-password-required"
    title = "Initial password required"
