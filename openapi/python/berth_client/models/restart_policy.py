from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.restart_policy_condition import RestartPolicyCondition
from ..types import UNSET, Unset

T = TypeVar("T", bound="RestartPolicy")


@_attrs_define
class RestartPolicy:
    """
    Attributes:
        condition (RestartPolicyCondition | Unset):  Default: RestartPolicyCondition.ANY.
        max_attempts (int | Unset): 0: unlimited Default: 0.
        delay_seconds (int | Unset):  Default: 5.
    """

    condition: RestartPolicyCondition | Unset = RestartPolicyCondition.ANY
    max_attempts: int | Unset = 0
    delay_seconds: int | Unset = 5

    def to_dict(self) -> dict[str, Any]:
        condition: str | Unset = UNSET
        if not isinstance(self.condition, Unset):
            condition = self.condition.value

        max_attempts = self.max_attempts

        delay_seconds = self.delay_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if condition is not UNSET:
            field_dict["condition"] = condition
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if delay_seconds is not UNSET:
            field_dict["delay_seconds"] = delay_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _condition = d.pop("condition", UNSET)
        condition: RestartPolicyCondition | Unset
        if isinstance(_condition, Unset):
            condition = UNSET
        else:
            condition = RestartPolicyCondition(_condition)

        max_attempts = d.pop("max_attempts", UNSET)

        delay_seconds = d.pop("delay_seconds", UNSET)

        restart_policy = cls(
            condition=condition,
            max_attempts=max_attempts,
            delay_seconds=delay_seconds,
        )

        return restart_policy
