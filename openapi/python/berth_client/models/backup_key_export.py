from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BackupKeyExport")


@_attrs_define
class BackupKeyExport:
    """
    Attributes:
        organization_id (UUID):
        public_key (str): age recipient (age1…): what servers encrypt to
        created_at (datetime.datetime):
        exported_at (datetime.datetime | None): When the private key was last exported
        private_key (str): AGE-SECRET-KEY-1…: keep it apart from the backups; anyone holding it and a backup can read
            that backup
    """

    organization_id: UUID
    public_key: str
    created_at: datetime.datetime
    exported_at: datetime.datetime | None
    private_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = str(self.organization_id)

        public_key = self.public_key

        created_at = self.created_at.isoformat()

        exported_at: None | str
        if isinstance(self.exported_at, datetime.datetime):
            exported_at = self.exported_at.isoformat()
        else:
            exported_at = self.exported_at

        private_key = self.private_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization_id": organization_id,
                "public_key": public_key,
                "created_at": created_at,
                "exported_at": exported_at,
                "private_key": private_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organization_id = UUID(d.pop("organization_id"))

        public_key = d.pop("public_key")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_exported_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                exported_at_type_0 = datetime.datetime.fromisoformat(data)

                return exported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        exported_at = _parse_exported_at(d.pop("exported_at"))

        private_key = d.pop("private_key")

        backup_key_export = cls(
            organization_id=organization_id,
            public_key=public_key,
            created_at=created_at,
            exported_at=exported_at,
            private_key=private_key,
        )

        backup_key_export.additional_properties = d
        return backup_key_export

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
