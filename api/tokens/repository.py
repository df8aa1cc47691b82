from __future__ import annotations

from api.kit.repository import OrgScopedRepository
from api.models import ApiToken


class TokenRepository(OrgScopedRepository[ApiToken]):
    model = ApiToken
