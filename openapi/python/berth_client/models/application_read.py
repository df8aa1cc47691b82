from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.desired_state import DesiredState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build import Build
    from ..models.deploy_key_read import DeployKeyRead
    from ..models.git_source import GitSource
    from ..models.image_source import ImageSource
    from ..models.runtime import Runtime


T = TypeVar("T", bound="ApplicationRead")


@_attrs_define
class ApplicationRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        environment_id (UUID):
        server_id (UUID):
        name (str):
        source (GitSource | ImageSource):
        build (Build): How a git source becomes an image (paths are relative to the source's `path`).
        runtime (Runtime):
        desired_state (DesiredState):
        service_name (str):
        current_deployment_id (None | UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
        deploy_key (DeployKeyRead | None | Unset):
        hostname (None | str | Unset): Generated host name, if any
    """

    id: UUID
    organization_id: UUID
    environment_id: UUID
    server_id: UUID
    name: str
    source: GitSource | ImageSource
    build: Build
    runtime: Runtime
    desired_state: DesiredState
    service_name: str
    current_deployment_id: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    deploy_key: DeployKeyRead | None | Unset = UNSET
    hostname: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.deploy_key_read import DeployKeyRead  # noqa: PLC0415
        from ..models.image_source import ImageSource  # noqa: PLC0415

        id = str(self.id)

        organization_id = str(self.organization_id)

        environment_id = str(self.environment_id)

        server_id = str(self.server_id)

        name = self.name

        source: dict[str, Any]
        if isinstance(self.source, ImageSource):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        build = self.build.to_dict()

        runtime = self.runtime.to_dict()

        desired_state = self.desired_state.value

        service_name = self.service_name

        current_deployment_id: None | str
        if isinstance(self.current_deployment_id, UUID):
            current_deployment_id = str(self.current_deployment_id)
        else:
            current_deployment_id = self.current_deployment_id

        created_at = self.created_at.isoformat()

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        deploy_key: dict[str, Any] | None | Unset
        if isinstance(self.deploy_key, Unset):
            deploy_key = UNSET
        elif isinstance(self.deploy_key, DeployKeyRead):
            deploy_key = self.deploy_key.to_dict()
        else:
            deploy_key = self.deploy_key

        hostname: None | str | Unset
        if isinstance(self.hostname, Unset):
            hostname = UNSET
        else:
            hostname = self.hostname

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "environment_id": environment_id,
                "server_id": server_id,
                "name": name,
                "source": source,
                "build": build,
                "runtime": runtime,
                "desired_state": desired_state,
                "service_name": service_name,
                "current_deployment_id": current_deployment_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if deploy_key is not UNSET:
            field_dict["deploy_key"] = deploy_key
        if hostname is not UNSET:
            field_dict["hostname"] = hostname

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build import Build  # noqa: PLC0415
        from ..models.deploy_key_read import DeployKeyRead  # noqa: PLC0415
        from ..models.git_source import GitSource  # noqa: PLC0415
        from ..models.image_source import ImageSource  # noqa: PLC0415
        from ..models.runtime import Runtime  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        environment_id = UUID(d.pop("environment_id"))

        server_id = UUID(d.pop("server_id"))

        name = d.pop("name")

        def _parse_source(data: object) -> GitSource | ImageSource:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = ImageSource.from_dict(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            source_type_1 = GitSource.from_dict(data)

            return source_type_1

        source = _parse_source(d.pop("source"))

        build = Build.from_dict(d.pop("build"))

        runtime = Runtime.from_dict(d.pop("runtime"))

        desired_state = DesiredState(d.pop("desired_state"))

        service_name = d.pop("service_name")

        def _parse_current_deployment_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_deployment_id_type_0 = UUID(data)

                return current_deployment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        current_deployment_id = _parse_current_deployment_id(d.pop("current_deployment_id"))

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

        def _parse_deploy_key(data: object) -> DeployKeyRead | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                deploy_key_type_0 = DeployKeyRead.from_dict(data)

                return deploy_key_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeployKeyRead | None | Unset, data)

        deploy_key = _parse_deploy_key(d.pop("deploy_key", UNSET))

        def _parse_hostname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hostname = _parse_hostname(d.pop("hostname", UNSET))

        application_read = cls(
            id=id,
            organization_id=organization_id,
            environment_id=environment_id,
            server_id=server_id,
            name=name,
            source=source,
            build=build,
            runtime=runtime,
            desired_state=desired_state,
            service_name=service_name,
            current_deployment_id=current_deployment_id,
            created_at=created_at,
            updated_at=updated_at,
            deploy_key=deploy_key,
            hostname=hostname,
        )

        application_read.additional_properties = d
        return application_read

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
