from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.destination_kind import DestinationKind
from ..models.host_key_state import HostKeyState

if TYPE_CHECKING:
    from ..models.azure_settings import AzureSettings
    from ..models.ftp_settings import FtpSettings
    from ..models.gcs_settings import GcsSettings
    from ..models.s3_settings import S3Settings
    from ..models.sftp_settings import SftpSettings


T = TypeVar("T", bound="DestinationRead")


@_attrs_define
class DestinationRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        name (str):
        kind (DestinationKind):
        settings (AzureSettings | FtpSettings | GcsSettings | S3Settings | SftpSettings):
        credentials_set (list[str]): Which credential fields are stored (never their values)
        host_key_state (HostKeyState):
        host_key_fingerprint (None | str):
        pending_host_key_fingerprint (None | str):
        warnings (list[str]): Weaknesses the operator allowed, e.g. plain FTP
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
    """

    id: UUID
    organization_id: UUID
    name: str
    kind: DestinationKind
    settings: AzureSettings | FtpSettings | GcsSettings | S3Settings | SftpSettings
    credentials_set: list[str]
    host_key_state: HostKeyState
    host_key_fingerprint: None | str
    pending_host_key_fingerprint: None | str
    warnings: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.azure_settings import AzureSettings  # noqa: PLC0415
        from ..models.gcs_settings import GcsSettings  # noqa: PLC0415
        from ..models.s3_settings import S3Settings  # noqa: PLC0415
        from ..models.sftp_settings import SftpSettings  # noqa: PLC0415

        id = str(self.id)

        organization_id = str(self.organization_id)

        name = self.name

        kind = self.kind.value

        settings: dict[str, Any]
        if isinstance(self.settings, S3Settings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, GcsSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, AzureSettings):
            settings = self.settings.to_dict()
        elif isinstance(self.settings, SftpSettings):
            settings = self.settings.to_dict()
        else:
            settings = self.settings.to_dict()

        credentials_set = self.credentials_set

        host_key_state = self.host_key_state.value

        host_key_fingerprint: None | str
        host_key_fingerprint = self.host_key_fingerprint

        pending_host_key_fingerprint: None | str
        pending_host_key_fingerprint = self.pending_host_key_fingerprint

        warnings = self.warnings

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
                "settings": settings,
                "credentials_set": credentials_set,
                "host_key_state": host_key_state,
                "host_key_fingerprint": host_key_fingerprint,
                "pending_host_key_fingerprint": pending_host_key_fingerprint,
                "warnings": warnings,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.azure_settings import AzureSettings  # noqa: PLC0415
        from ..models.ftp_settings import FtpSettings  # noqa: PLC0415
        from ..models.gcs_settings import GcsSettings  # noqa: PLC0415
        from ..models.s3_settings import S3Settings  # noqa: PLC0415
        from ..models.sftp_settings import SftpSettings  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        name = d.pop("name")

        kind = DestinationKind(d.pop("kind"))

        def _parse_settings(data: object) -> AzureSettings | FtpSettings | GcsSettings | S3Settings | SftpSettings:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_0 = S3Settings.from_dict(data)

                return settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_1 = GcsSettings.from_dict(data)

                return settings_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_2 = AzureSettings.from_dict(data)

                return settings_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                settings_type_3 = SftpSettings.from_dict(data)

                return settings_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            settings_type_4 = FtpSettings.from_dict(data)

            return settings_type_4

        settings = _parse_settings(d.pop("settings"))

        credentials_set = cast(list[str], d.pop("credentials_set"))

        host_key_state = HostKeyState(d.pop("host_key_state"))

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

        warnings = cast(list[str], d.pop("warnings"))

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

        destination_read = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            kind=kind,
            settings=settings,
            credentials_set=credentials_set,
            host_key_state=host_key_state,
            host_key_fingerprint=host_key_fingerprint,
            pending_host_key_fingerprint=pending_host_key_fingerprint,
            warnings=warnings,
            created_at=created_at,
            updated_at=updated_at,
        )

        destination_read.additional_properties = d
        return destination_read

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
