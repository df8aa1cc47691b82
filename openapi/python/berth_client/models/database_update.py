from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resources import Resources


T = TypeVar("T", bound="DatabaseUpdate")


@_attrs_define
class DatabaseUpdate:
    """
    Attributes:
        version (None | str | Unset): Another version within the same major (in place)
        image (None | str | Unset):
        args (list[str] | None | Unset):
        resources (None | Resources | Unset):
        external_port (int | None | Unset): null: keep; use `unpublish` to close the port
        unpublish (bool | Unset): Close the external port Default: False.
    """

    version: None | str | Unset = UNSET
    image: None | str | Unset = UNSET
    args: list[str] | None | Unset = UNSET
    resources: None | Resources | Unset = UNSET
    external_port: int | None | Unset = UNSET
    unpublish: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.resources import Resources  # noqa: PLC0415

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        image: None | str | Unset
        if isinstance(self.image, Unset):
            image = UNSET
        else:
            image = self.image

        args: list[str] | None | Unset
        if isinstance(self.args, Unset):
            args = UNSET
        elif isinstance(self.args, list):
            args = self.args

        else:
            args = self.args

        resources: dict[str, Any] | None | Unset
        if isinstance(self.resources, Unset):
            resources = UNSET
        elif isinstance(self.resources, Resources):
            resources = self.resources.to_dict()
        else:
            resources = self.resources

        external_port: int | None | Unset
        if isinstance(self.external_port, Unset):
            external_port = UNSET
        else:
            external_port = self.external_port

        unpublish = self.unpublish

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if version is not UNSET:
            field_dict["version"] = version
        if image is not UNSET:
            field_dict["image"] = image
        if args is not UNSET:
            field_dict["args"] = args
        if resources is not UNSET:
            field_dict["resources"] = resources
        if external_port is not UNSET:
            field_dict["external_port"] = external_port
        if unpublish is not UNSET:
            field_dict["unpublish"] = unpublish

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resources import Resources  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        def _parse_image(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image = _parse_image(d.pop("image", UNSET))

        def _parse_args(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                args_type_0 = cast(list[str], data)

                return args_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        args = _parse_args(d.pop("args", UNSET))

        def _parse_resources(data: object) -> None | Resources | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resources_type_0 = Resources.from_dict(data)

                return resources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Resources | Unset, data)

        resources = _parse_resources(d.pop("resources", UNSET))

        def _parse_external_port(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        external_port = _parse_external_port(d.pop("external_port", UNSET))

        unpublish = d.pop("unpublish", UNSET)

        database_update = cls(
            version=version,
            image=image,
            args=args,
            resources=resources,
            external_port=external_port,
            unpublish=unpublish,
        )

        return database_update
