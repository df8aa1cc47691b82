from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.database_engine import DatabaseEngine
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resources import Resources


T = TypeVar("T", bound="DatabaseCreate")


@_attrs_define
class DatabaseCreate:
    """
    Attributes:
        name (str):
        engine (DatabaseEngine):
        server_id (UUID):
        version (None | str | Unset): Tag of the engine's official image (`17` for postgres:17); default: the engine's
            current one
        image (None | str | Unset): A custom image honouring the official image's contract, instead of `version` (pinned
            to its digest when released)
        args (list[str] | Unset): Extra server arguments, one argv item each (`-c`, `shared_buffers=256MB` for
            PostgreSQL; `--maxmemory`, `256mb` for Redis)
        resources (Resources | Unset):
        external_port (int | None | Unset): Publish the database on this port of its server (host mode). Off by default:
            it is then reachable from the internet, protected only by its password
    """

    name: str
    engine: DatabaseEngine
    server_id: UUID
    version: None | str | Unset = UNSET
    image: None | str | Unset = UNSET
    args: list[str] | Unset = UNSET
    resources: Resources | Unset = UNSET
    external_port: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        engine = self.engine.value

        server_id = str(self.server_id)

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

        args: list[str] | Unset = UNSET
        if not isinstance(self.args, Unset):
            args = self.args

        resources: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resources, Unset):
            resources = self.resources.to_dict()

        external_port: int | None | Unset
        if isinstance(self.external_port, Unset):
            external_port = UNSET
        else:
            external_port = self.external_port

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "engine": engine,
                "server_id": server_id,
            }
        )
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resources import Resources  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        engine = DatabaseEngine(d.pop("engine"))

        server_id = UUID(d.pop("server_id"))

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

        args = cast(list[str], d.pop("args", UNSET))

        _resources = d.pop("resources", UNSET)
        resources: Resources | Unset
        if isinstance(_resources, Unset):
            resources = UNSET
        else:
            resources = Resources.from_dict(_resources)

        def _parse_external_port(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        external_port = _parse_external_port(d.pop("external_port", UNSET))

        database_create = cls(
            name=name,
            engine=engine,
            server_id=server_id,
            version=version,
            image=image,
            args=args,
            resources=resources,
            external_port=external_port,
        )

        return database_create
