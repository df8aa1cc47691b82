from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageSource")


@_attrs_define
class ImageSource:
    """Deploy a prebuilt image (the hybrid pipeline: CI builds and pushes, Berth releases).

    Attributes:
        image (str): Tag or digest; releases always pin the digest
        type_ (Literal['image'] | Unset):  Default: 'image'.
    """

    image: str
    type_: Literal["image"] | Unset = "image"

    def to_dict(self) -> dict[str, Any]:
        image = self.image

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "image": image,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image = d.pop("image")

        type_ = cast(Literal["image"] | Unset, d.pop("type", UNSET))
        if type_ != "image" and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'image', got '{type_}'")

        image_source = cls(
            image=image,
            type_=type_,
        )

        return image_source
