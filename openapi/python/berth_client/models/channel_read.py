from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel_kind import ChannelKind
from ..models.channel_state import ChannelState

if TYPE_CHECKING:
    from ..models.channel_read_config import ChannelReadConfig
    from ..models.channel_read_secret_hints import ChannelReadSecretHints


T = TypeVar("T", bound="ChannelRead")


@_attrs_define
class ChannelRead:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        name (str):
        kind (ChannelKind):
        enabled (bool):
        config (ChannelReadConfig): The settings that are not secret
        secret_hints (ChannelReadSecretHints): A masked hint per secret, never a value
        state (ChannelState):
        consecutive_failures (int):
        last_error (None | str):
        last_failure_at (datetime.datetime | None):
        last_delivered_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime | None):
    """

    id: UUID
    organization_id: UUID
    name: str
    kind: ChannelKind
    enabled: bool
    config: ChannelReadConfig
    secret_hints: ChannelReadSecretHints
    state: ChannelState
    consecutive_failures: int
    last_error: None | str
    last_failure_at: datetime.datetime | None
    last_delivered_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        name = self.name

        kind = self.kind.value

        enabled = self.enabled

        config = self.config.to_dict()

        secret_hints = self.secret_hints.to_dict()

        state = self.state.value

        consecutive_failures = self.consecutive_failures

        last_error: None | str
        last_error = self.last_error

        last_failure_at: None | str
        if isinstance(self.last_failure_at, datetime.datetime):
            last_failure_at = self.last_failure_at.isoformat()
        else:
            last_failure_at = self.last_failure_at

        last_delivered_at: None | str
        if isinstance(self.last_delivered_at, datetime.datetime):
            last_delivered_at = self.last_delivered_at.isoformat()
        else:
            last_delivered_at = self.last_delivered_at

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
                "enabled": enabled,
                "config": config,
                "secret_hints": secret_hints,
                "state": state,
                "consecutive_failures": consecutive_failures,
                "last_error": last_error,
                "last_failure_at": last_failure_at,
                "last_delivered_at": last_delivered_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_read_config import ChannelReadConfig  # noqa: PLC0415
        from ..models.channel_read_secret_hints import ChannelReadSecretHints  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        name = d.pop("name")

        kind = ChannelKind(d.pop("kind"))

        enabled = d.pop("enabled")

        config = ChannelReadConfig.from_dict(d.pop("config"))

        secret_hints = ChannelReadSecretHints.from_dict(d.pop("secret_hints"))

        state = ChannelState(d.pop("state"))

        consecutive_failures = d.pop("consecutive_failures")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_last_failure_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_failure_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_failure_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_failure_at = _parse_last_failure_at(d.pop("last_failure_at"))

        def _parse_last_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_delivered_at = _parse_last_delivered_at(d.pop("last_delivered_at"))

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

        channel_read = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            kind=kind,
            enabled=enabled,
            config=config,
            secret_hints=secret_hints,
            state=state,
            consecutive_failures=consecutive_failures,
            last_error=last_error,
            last_failure_at=last_failure_at,
            last_delivered_at=last_delivered_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        channel_read.additional_properties = d
        return channel_read

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
