from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build_args import BuildArgs


T = TypeVar("T", bound="Build")


@_attrs_define
class Build:
    """How a git source becomes an image (paths are relative to the source's `path`).

    Attributes:
        dockerfile (str | Unset):  Default: 'Dockerfile'.
        context (str | Unset):  Default: '.'.
        target (None | str | Unset): Multi-stage build target
        args (BuildArgs | Unset): Build arguments (not secret)
        push_registry_id (None | Unset | UUID): Push each built image to this registry and release it from there (needed
            when the server's swarm has several nodes); unset: the image stays on the server that built it
    """

    dockerfile: str | Unset = "Dockerfile"
    context: str | Unset = "."
    target: None | str | Unset = UNSET
    args: BuildArgs | Unset = UNSET
    push_registry_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        dockerfile = self.dockerfile

        context = self.context

        target: None | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        else:
            target = self.target

        args: dict[str, Any] | Unset = UNSET
        if not isinstance(self.args, Unset):
            args = self.args.to_dict()

        push_registry_id: None | str | Unset
        if isinstance(self.push_registry_id, Unset):
            push_registry_id = UNSET
        elif isinstance(self.push_registry_id, UUID):
            push_registry_id = str(self.push_registry_id)
        else:
            push_registry_id = self.push_registry_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if dockerfile is not UNSET:
            field_dict["dockerfile"] = dockerfile
        if context is not UNSET:
            field_dict["context"] = context
        if target is not UNSET:
            field_dict["target"] = target
        if args is not UNSET:
            field_dict["args"] = args
        if push_registry_id is not UNSET:
            field_dict["push_registry_id"] = push_registry_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build_args import BuildArgs  # noqa: PLC0415

        d = dict(src_dict)
        dockerfile = d.pop("dockerfile", UNSET)

        context = d.pop("context", UNSET)

        def _parse_target(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        _args = d.pop("args", UNSET)
        args: BuildArgs | Unset
        if isinstance(_args, Unset):
            args = UNSET
        else:
            args = BuildArgs.from_dict(_args)

        def _parse_push_registry_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                push_registry_id_type_0 = UUID(data)

                return push_registry_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        push_registry_id = _parse_push_registry_id(d.pop("push_registry_id", UNSET))

        build = cls(
            dockerfile=dockerfile,
            context=context,
            target=target,
            args=args,
            push_registry_id=push_registry_id,
        )

        return build
