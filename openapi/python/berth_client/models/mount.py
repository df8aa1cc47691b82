from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.mount_type import MountType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Mount")


@_attrs_define
class Mount:
    """A named volume (kept across deployments; private to this application) or a host
    path (bind mount: administrators only, never system paths).

        Attributes:
            source (str): Volume name, or absolute host path for a bind mount
            target (str): Absolute path in the container
            type_ (MountType | Unset):  Default: MountType.VOLUME.
            read_only (bool | Unset):  Default: False.
    """

    source: str
    target: str
    type_: MountType | Unset = MountType.VOLUME
    read_only: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        target = self.target

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        read_only = self.read_only

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
                "target": target,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if read_only is not UNSET:
            field_dict["read_only"] = read_only

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        target = d.pop("target")

        _type_ = d.pop("type", UNSET)
        type_: MountType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = MountType(_type_)

        read_only = d.pop("read_only", UNSET)

        mount = cls(
            source=source,
            target=target,
            type_=type_,
            read_only=read_only,
        )

        return mount
