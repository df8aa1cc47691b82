from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build import Build
    from ..models.git_source import GitSource
    from ..models.image_source import ImageSource
    from ..models.runtime import Runtime


T = TypeVar("T", bound="ApplicationCreate")


@_attrs_define
class ApplicationCreate:
    """
    Attributes:
        name (str):
        server_id (UUID):
        source (GitSource | ImageSource):
        build (Build | Unset): How a git source becomes an image (paths are relative to the source's `path`).
        runtime (Runtime | Unset):
    """

    name: str
    server_id: UUID
    source: GitSource | ImageSource
    build: Build | Unset = UNSET
    runtime: Runtime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_source import ImageSource  # noqa: PLC0415

        name = self.name

        server_id = str(self.server_id)

        source: dict[str, Any]
        if isinstance(self.source, ImageSource):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        build: dict[str, Any] | Unset = UNSET
        if not isinstance(self.build, Unset):
            build = self.build.to_dict()

        runtime: dict[str, Any] | Unset = UNSET
        if not isinstance(self.runtime, Unset):
            runtime = self.runtime.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "server_id": server_id,
                "source": source,
            }
        )
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
        name = d.pop("name")

        server_id = UUID(d.pop("server_id"))

        def _parse_source(data: object) -> GitSource | ImageSource:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = ImageSource.from_dict(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            source_type_1 = GitSource.from_dict(data)

            return source_type_1

        source = _parse_source(d.pop("source"))

        _build = d.pop("build", UNSET)
        build: Build | Unset
        if isinstance(_build, Unset):
            build = UNSET
        else:
            build = Build.from_dict(_build)

        _runtime = d.pop("runtime", UNSET)
        runtime: Runtime | Unset
        if isinstance(_runtime, Unset):
            runtime = UNSET
        else:
            runtime = Runtime.from_dict(_runtime)

        application_create = cls(
            name=name,
            server_id=server_id,
            source=source,
            build=build,
            runtime=runtime,
        )

        return application_create
