from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build import Build
    from ..models.git_source import GitSource
    from ..models.image_source import ImageSource
    from ..models.runtime import Runtime


T = TypeVar("T", bound="ApplicationUpdate")


@_attrs_define
class ApplicationUpdate:
    """
    Attributes:
        name (None | str | Unset):
        source (GitSource | ImageSource | None | Unset):
        build (Build | None | Unset):
        runtime (None | Runtime | Unset):
    """

    name: None | str | Unset = UNSET
    source: GitSource | ImageSource | None | Unset = UNSET
    build: Build | None | Unset = UNSET
    runtime: None | Runtime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.build import Build  # noqa: PLC0415
        from ..models.git_source import GitSource  # noqa: PLC0415
        from ..models.image_source import ImageSource  # noqa: PLC0415
        from ..models.runtime import Runtime  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, ImageSource):
            source = self.source.to_dict()
        elif isinstance(self.source, GitSource):
            source = self.source.to_dict()
        else:
            source = self.source

        build: dict[str, Any] | None | Unset
        if isinstance(self.build, Unset):
            build = UNSET
        elif isinstance(self.build, Build):
            build = self.build.to_dict()
        else:
            build = self.build

        runtime: dict[str, Any] | None | Unset
        if isinstance(self.runtime, Unset):
            runtime = UNSET
        elif isinstance(self.runtime, Runtime):
            runtime = self.runtime.to_dict()
        else:
            runtime = self.runtime

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if source is not UNSET:
            field_dict["source"] = source
        if build is not UNSET:
            field_dict["build"] = build
        if runtime is not UNSET:
            field_dict["runtime"] = runtime

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build import Build  # noqa: PLC0415
        from ..models.git_source import GitSource  # noqa: PLC0415
        from ..models.image_source import ImageSource  # noqa: PLC0415
        from ..models.runtime import Runtime  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_source(data: object) -> GitSource | ImageSource | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_0 = ImageSource.from_dict(data)

                return source_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_1 = GitSource.from_dict(data)

                return source_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GitSource | ImageSource | None | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_build(data: object) -> Build | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                build_type_0 = Build.from_dict(data)

                return build_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Build | None | Unset, data)

        build = _parse_build(d.pop("build", UNSET))

        def _parse_runtime(data: object) -> None | Runtime | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                runtime_type_0 = Runtime.from_dict(data)

                return runtime_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Runtime | Unset, data)

        runtime = _parse_runtime(d.pop("runtime", UNSET))

        application_update = cls(
            name=name,
            source=source,
            build=build,
            runtime=runtime,
        )

        return application_update
