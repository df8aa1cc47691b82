from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.host_key_status import HostKeyStatus
from ..models.server_kind import ServerKind
from ..models.server_status import ServerStatus

if TYPE_CHECKING:
    from ..models.server_facts import ServerFacts


T = TypeVar("T", bound="ServerRead")


@_attrs_define
class ServerRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        name (str):
        kind (ServerKind):
        host (str):
        port (int):
        username (str):
        public_key (str): Add this to the SSH user's ~/.ssh/authorized_keys
        host_key_status (HostKeyStatus):
        host_key_fingerprint (None | str):
        pending_host_key_fingerprint (None | str): Fingerprint the server presented at the last scan, awaiting
            confirmation
        advertise_addr (None | str):
        base_domain (None | str):
        proxy_image (None | str): null: the control plane's default
        acme_directory_url (None | str): null: the control plane's default
        acme_ca_bundle (None | str):
        status (ServerStatus):
        status_reason (None | str):
        last_checked_at (datetime.datetime | None):
        facts (ServerFacts):
        is_set_up (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
    """

    id: UUID
    organization_id: UUID
    name: str
    kind: ServerKind
    host: str
    port: int
    username: str
    public_key: str
    host_key_status: HostKeyStatus
    host_key_fingerprint: None | str
    pending_host_key_fingerprint: None | str
    advertise_addr: None | str
    base_domain: None | str
    proxy_image: None | str
    acme_directory_url: None | str
    acme_ca_bundle: None | str
    status: ServerStatus
    status_reason: None | str
    last_checked_at: datetime.datetime | None
    facts: ServerFacts
    is_set_up: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        name = self.name

        kind = self.kind.value

        host = self.host

        port = self.port

        username = self.username

        public_key = self.public_key

        host_key_status = self.host_key_status.value

        host_key_fingerprint: None | str
        host_key_fingerprint = self.host_key_fingerprint

        pending_host_key_fingerprint: None | str
        pending_host_key_fingerprint = self.pending_host_key_fingerprint

        advertise_addr: None | str
        advertise_addr = self.advertise_addr

        base_domain: None | str
        base_domain = self.base_domain

        proxy_image: None | str
        proxy_image = self.proxy_image

        acme_directory_url: None | str
        acme_directory_url = self.acme_directory_url

        acme_ca_bundle: None | str
        acme_ca_bundle = self.acme_ca_bundle

        status = self.status.value

        status_reason: None | str
        status_reason = self.status_reason

        last_checked_at: None | str
        if isinstance(self.last_checked_at, datetime.datetime):
            last_checked_at = self.last_checked_at.isoformat()
        else:
            last_checked_at = self.last_checked_at

        facts = self.facts.to_dict()

        is_set_up = self.is_set_up

        created_at = self.created_at.isoformat()

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "name": name,
                "kind": kind,
                "host": host,
                "port": port,
                "username": username,
                "public_key": public_key,
                "host_key_status": host_key_status,
                "host_key_fingerprint": host_key_fingerprint,
                "pending_host_key_fingerprint": pending_host_key_fingerprint,
                "advertise_addr": advertise_addr,
                "base_domain": base_domain,
                "proxy_image": proxy_image,
                "acme_directory_url": acme_directory_url,
                "acme_ca_bundle": acme_ca_bundle,
                "status": status,
                "status_reason": status_reason,
                "last_checked_at": last_checked_at,
                "facts": facts,
                "is_set_up": is_set_up,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.server_facts import ServerFacts  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        name = d.pop("name")

        kind = ServerKind(d.pop("kind"))

        host = d.pop("host")

        port = d.pop("port")

        username = d.pop("username")

        public_key = d.pop("public_key")

        host_key_status = HostKeyStatus(d.pop("host_key_status"))

        def _parse_host_key_fingerprint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        host_key_fingerprint = _parse_host_key_fingerprint(d.pop("host_key_fingerprint"))

        def _parse_pending_host_key_fingerprint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pending_host_key_fingerprint = _parse_pending_host_key_fingerprint(d.pop("pending_host_key_fingerprint"))

        def _parse_advertise_addr(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        advertise_addr = _parse_advertise_addr(d.pop("advertise_addr"))

        def _parse_base_domain(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        base_domain = _parse_base_domain(d.pop("base_domain"))

        def _parse_proxy_image(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        proxy_image = _parse_proxy_image(d.pop("proxy_image"))

        def _parse_acme_directory_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acme_directory_url = _parse_acme_directory_url(d.pop("acme_directory_url"))

        def _parse_acme_ca_bundle(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acme_ca_bundle = _parse_acme_ca_bundle(d.pop("acme_ca_bundle"))

        status = ServerStatus(d.pop("status"))

        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))

        def _parse_last_checked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_checked_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_checked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_checked_at = _parse_last_checked_at(d.pop("last_checked_at"))

        facts = ServerFacts.from_dict(d.pop("facts"))

        is_set_up = d.pop("is_set_up")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        server_read = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            kind=kind,
            host=host,
            port=port,
            username=username,
            public_key=public_key,
            host_key_status=host_key_status,
            host_key_fingerprint=host_key_fingerprint,
            pending_host_key_fingerprint=pending_host_key_fingerprint,
            advertise_addr=advertise_addr,
            base_domain=base_domain,
            proxy_image=proxy_image,
            acme_directory_url=acme_directory_url,
            acme_ca_bundle=acme_ca_bundle,
            status=status,
            status_reason=status_reason,
            last_checked_at=last_checked_at,
            facts=facts,
            is_set_up=is_set_up,
            created_at=created_at,
            updated_at=updated_at,
        )

        server_read.additional_properties = d
        return server_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
