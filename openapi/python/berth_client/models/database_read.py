from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.database_engine import DatabaseEngine
from ..models.database_status import DatabaseStatus
from ..models.desired_state import DesiredState
from ..types import UNSET, Unset

T = TypeVar("T", bound="DatabaseRead")


@_attrs_define
class DatabaseRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        environment_id (UUID):
        server_id (UUID):
        name (str):
        engine (DatabaseEngine):
        image (str):
        image_digest (None | str):
        data_dir (None | str):
        args (list[str]):
        cpu_limit (float | None):
        memory_limit_mb (int | None):
        external_port (int | None):
        desired_state (DesiredState):
        status (DatabaseStatus): What the server last said about the database's one task.
        status_reason (None | str):
        status_checked_at (datetime.datetime | None):
        service_name (str):
        volume_name (str):
        database_name (str):
        username (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
        external_address (None | str | Unset): host:port on the internet, when published
        internal_host (str | Unset): Host name on the environment's private network Default: ''.
        port (int | Unset): The engine's port on the private network Default: 0.
    """

    id: UUID
    organization_id: UUID
    environment_id: UUID
    server_id: UUID
    name: str
    engine: DatabaseEngine
    image: str
    image_digest: None | str
    data_dir: None | str
    args: list[str]
    cpu_limit: float | None
    memory_limit_mb: int | None
    external_port: int | None
    desired_state: DesiredState
    status: DatabaseStatus
    status_reason: None | str
    status_checked_at: datetime.datetime | None
    service_name: str
    volume_name: str
    database_name: str
    username: str
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    external_address: None | str | Unset = UNSET
    internal_host: str | Unset = ""
    port: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        environment_id = str(self.environment_id)

        server_id = str(self.server_id)

        name = self.name

        engine = self.engine.value

        image = self.image

        image_digest: None | str
        image_digest = self.image_digest

        data_dir: None | str
        data_dir = self.data_dir

        args = self.args

        cpu_limit: float | None
        cpu_limit = self.cpu_limit

        memory_limit_mb: int | None
        memory_limit_mb = self.memory_limit_mb

        external_port: int | None
        external_port = self.external_port

        desired_state = self.desired_state.value

        status = self.status.value

        status_reason: None | str
        status_reason = self.status_reason

        status_checked_at: None | str
        if isinstance(self.status_checked_at, datetime.datetime):
            status_checked_at = self.status_checked_at.isoformat()
        else:
            status_checked_at = self.status_checked_at

        service_name = self.service_name

        volume_name = self.volume_name

        database_name = self.database_name

        username = self.username

        created_at = self.created_at.isoformat()

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        external_address: None | str | Unset
        if isinstance(self.external_address, Unset):
            external_address = UNSET
        else:
            external_address = self.external_address

        internal_host = self.internal_host

        port = self.port

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "environment_id": environment_id,
                "server_id": server_id,
                "name": name,
                "engine": engine,
                "image": image,
                "image_digest": image_digest,
                "data_dir": data_dir,
                "args": args,
                "cpu_limit": cpu_limit,
                "memory_limit_mb": memory_limit_mb,
                "external_port": external_port,
                "desired_state": desired_state,
                "status": status,
                "status_reason": status_reason,
                "status_checked_at": status_checked_at,
                "service_name": service_name,
                "volume_name": volume_name,
                "database_name": database_name,
                "username": username,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if external_address is not UNSET:
            field_dict["external_address"] = external_address
        if internal_host is not UNSET:
            field_dict["internal_host"] = internal_host
        if port is not UNSET:
            field_dict["port"] = port

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        environment_id = UUID(d.pop("environment_id"))

        server_id = UUID(d.pop("server_id"))

        name = d.pop("name")

        engine = DatabaseEngine(d.pop("engine"))

        image = d.pop("image")

        def _parse_image_digest(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_digest = _parse_image_digest(d.pop("image_digest"))

        def _parse_data_dir(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        data_dir = _parse_data_dir(d.pop("data_dir"))

        args = cast(list[str], d.pop("args"))

        def _parse_cpu_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpu_limit = _parse_cpu_limit(d.pop("cpu_limit"))

        def _parse_memory_limit_mb(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        memory_limit_mb = _parse_memory_limit_mb(d.pop("memory_limit_mb"))

        def _parse_external_port(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        external_port = _parse_external_port(d.pop("external_port"))

        desired_state = DesiredState(d.pop("desired_state"))

        status = DatabaseStatus(d.pop("status"))

        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))

        def _parse_status_checked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_checked_at_type_0 = datetime.datetime.fromisoformat(data)

                return status_checked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        status_checked_at = _parse_status_checked_at(d.pop("status_checked_at"))

        service_name = d.pop("service_name")

        volume_name = d.pop("volume_name")

        database_name = d.pop("database_name")

        username = d.pop("username")

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

        def _parse_external_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_address = _parse_external_address(d.pop("external_address", UNSET))

        internal_host = d.pop("internal_host", UNSET)

        port = d.pop("port", UNSET)

        database_read = cls(
            id=id,
            organization_id=organization_id,
            environment_id=environment_id,
            server_id=server_id,
            name=name,
            engine=engine,
            image=image,
            image_digest=image_digest,
            data_dir=data_dir,
            args=args,
            cpu_limit=cpu_limit,
            memory_limit_mb=memory_limit_mb,
            external_port=external_port,
            desired_state=desired_state,
            status=status,
            status_reason=status_reason,
            status_checked_at=status_checked_at,
            service_name=service_name,
            volume_name=volume_name,
            database_name=database_name,
            username=username,
            created_at=created_at,
            updated_at=updated_at,
            external_address=external_address,
            internal_host=internal_host,
            port=port,
        )

        database_read.additional_properties = d
        return database_read

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
