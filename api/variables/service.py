"""Write, reveal, import and export any variable set; values never reach the audit log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import audit
from api.auth.permissions import Access
from api.kit.crypto import Keyring, secret_hint
from api.models.variable import VariableMixin
from api.variables.dotenv import DotenvSyntaxError, parse_dotenv, render_dotenv
from api.variables.exceptions import InvalidDotenv
from api.variables.repository import V, VariableSet


class VariableService:
    async def list(self, variables: VariableSet[V]) -> Sequence[V]:
        return await variables.list()

    async def patch(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        variables: VariableSet[V],
        changes: Mapping[str, str | None],
    ) -> Sequence[V]:
        """Set (string) or delete (None) keys; keys not mentioned are left alone."""
        await self._apply(session, access, keyring, variables, changes, verb="update")
        return await variables.list()

    async def import_dotenv(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        variables: VariableSet[V],
        content: str,
        *,
        replace: bool,
    ) -> Sequence[V]:
        """Merge a `.env` file in (replace: it becomes the whole set). Parsed completely
        before anything is written, so a bad line changes nothing."""
        try:
            parsed = parse_dotenv(content)
        except DotenvSyntaxError as exc:
            raise InvalidDotenv(
                f".env content: {exc}",
                errors=[
                    {
                        "loc": ["body", "content"],
                        "msg": f"line {e.line}: {e.message}",
                        "type": "dotenv_syntax",
                        "line": e.line,
                    }
                    for e in exc.errors
                ],
            ) from exc
        await self._apply(
            session, access, keyring, variables, parsed, verb="import", replace=replace
        )
        return await variables.list()

    async def export_dotenv(
        self, session: AsyncSession, access: Access, keyring: Keyring, variables: VariableSet[V]
    ) -> str:
        """Reveals every value, so the caller must hold admin; the export itself is audited."""
        values = await self.reveal(keyring, variables)
        await self._audit(session, access, variables, "export", {"keys": sorted(values)})
        return render_dotenv(values)

    async def reveal(self, keyring: Keyring, variables: VariableSet[V]) -> dict[str, str]:
        """Plaintext values for deployments and exports; never for read APIs."""
        return {
            row.key: keyring.decrypt(row.value_encrypted, context=variables.context(row.key))
            for row in await variables.list()
        }

    async def _apply(
        self,
        session: AsyncSession,
        access: Access,
        keyring: Keyring,
        variables: VariableSet[V],
        changes: Mapping[str, str | None],
        *,
        verb: str,
        replace: bool = False,
    ) -> None:
        existing: dict[str, VariableMixin] = {v.key: v for v in await variables.list()}
        removed = [k for k, v in changes.items() if v is None and k in existing]
        if replace:
            removed += [k for k in existing if k not in changes]
        await variables.delete_keys(removed)
        written: list[str] = []
        for key, value in changes.items():
            if value is None:
                continue
            blob = keyring.encrypt(value, context=variables.context(key))
            if key in existing:
                existing[key].value_encrypted = blob
                existing[key].hint = secret_hint(value)
            else:
                session.add(variables.new(key, blob, secret_hint(value)))
            written.append(key)
        await session.flush()
        data: dict[str, Any] = {"set": sorted(written), "deleted": sorted(removed)}
        if verb == "import":
            data["replace"] = replace
        await self._audit(session, access, variables, verb, data)

    async def _audit(
        self,
        session: AsyncSession,
        access: Access,
        variables: VariableSet[V],
        verb: str,
        data: dict[str, Any],
    ) -> None:
        # Keys only: the audit log must never hold secret values.
        await audit.record(
            session,
            access.principal,
            organization_id=variables.organization_id,
            action=f"{variables.audit_action}.{verb}",
            target_type=variables.target_type,
            target_id=variables.target_id,
            data=data,
        )


variable_service = VariableService()
