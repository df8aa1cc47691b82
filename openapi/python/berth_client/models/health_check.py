from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.health_check_type import HealthCheckType
from ..types import UNSET, Unset

T = TypeVar("T", bound="HealthCheck")


@_attrs_define
class HealthCheck:
    """Readiness gate for start-first updates: a failing release is rolled back.

    Attributes:
        type_ (HealthCheckType | Unset):  Default: HealthCheckType.HTTP.
        path (str | Unset):  Default: '/'.
        command (list[str] | None | Unset):
        interval_seconds (int | Unset):  Default: 5.
        timeout_seconds (int | Unset):  Default: 3.
        retries (int | Unset):  Default: 3.
        start_period_seconds (int | Unset):  Default: 5.
    """

    type_: HealthCheckType | Unset = HealthCheckType.HTTP
    path: str | Unset = "/"
    command: list[str] | None | Unset = UNSET
    interval_seconds: int | Unset = 5
    timeout_seconds: int | Unset = 3
    retries: int | Unset = 3
    start_period_seconds: int | Unset = 5

    def to_dict(self) -> dict[str, Any]:
        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        path = self.path

        command: list[str] | None | Unset
        if isinstance(self.command, Unset):
            command = UNSET
        elif isinstance(self.command, list):
            command = self.command

        else:
            command = self.command

        interval_seconds = self.interval_seconds

        timeout_seconds = self.timeout_seconds

        retries = self.retries

        start_period_seconds = self.start_period_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if path is not UNSET:
            field_dict["path"] = path
        if command is not UNSET:
            field_dict["command"] = command
        if interval_seconds is not UNSET:
            field_dict["interval_seconds"] = interval_seconds
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds
        if retries is not UNSET:
            field_dict["retries"] = retries
        if start_period_seconds is not UNSET:
            field_dict["start_period_seconds"] = start_period_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: HealthCheckType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = HealthCheckType(_type_)

        path = d.pop("path", UNSET)

        def _parse_command(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                command_type_0 = cast(list[str], data)

                return command_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        command = _parse_command(d.pop("command", UNSET))

        interval_seconds = d.pop("interval_seconds", UNSET)

        timeout_seconds = d.pop("timeout_seconds", UNSET)

        retries = d.pop("retries", UNSET)

        start_period_seconds = d.pop("start_period_seconds", UNSET)

        health_check = cls(
            type_=type_,
            path=path,
            command=command,
            interval_seconds=interval_seconds,
            timeout_seconds=timeout_seconds,
            retries=retries,
            start_period_seconds=start_period_seconds,
        )

        return health_check
