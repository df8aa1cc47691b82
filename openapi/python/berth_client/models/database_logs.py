from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.database_log_line import DatabaseLogLine


T = TypeVar("T", bound="DatabaseLogs")


@_attrs_define
class DatabaseLogs:
    """
    Attributes:
        database_id (UUID):
        lines (list[DatabaseLogLine]):
    """

    database_id: UUID
    lines: list[DatabaseLogLine]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        database_id = str(self.database_id)

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "database_id": database_id,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.database_log_line import DatabaseLogLine  # noqa: PLC0415

        d = dict(src_dict)
        database_id = UUID(d.pop("database_id"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = DatabaseLogLine.from_dict(lines_item_data)

            lines.append(lines_item)

        database_logs = cls(
            database_id=database_id,
            lines=lines,
        )

        database_logs.additional_properties = d
        return database_logs

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
