from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.health_check import HealthCheck
    from ..models.mount import Mount
    from ..models.restart_policy import RestartPolicy


T = TypeVar("T", bound="Runtime")


@_attrs_define
class Runtime:
    """
    Attributes:
        port (int | None | Unset): Container port the proxy routes to
        replicas (int | Unset):  Default: 1.
        command (list[str] | None | Unset):
        args (list[str] | None | Unset):
        cpu_limit (float | None | Unset):
        memory_limit_mb (int | None | Unset):
        health_check (HealthCheck | None | Unset):
        volumes (list[Mount] | Unset):
        restart_policy (RestartPolicy | Unset):
    """

    port: int | None | Unset = UNSET
    replicas: int | Unset = 1
    command: list[str] | None | Unset = UNSET
    args: list[str] | None | Unset = UNSET
    cpu_limit: float | None | Unset = UNSET
    memory_limit_mb: int | None | Unset = UNSET
    health_check: HealthCheck | None | Unset = UNSET
    volumes: list[Mount] | Unset = UNSET
    restart_policy: RestartPolicy | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.health_check import HealthCheck  # noqa: PLC0415

        port: int | None | Unset
        if isinstance(self.port, Unset):
            port = UNSET
        else:
            port = self.port

        replicas = self.replicas

        command: list[str] | None | Unset
        if isinstance(self.command, Unset):
            command = UNSET
        elif isinstance(self.command, list):
            command = self.command

        else:
            command = self.command

        args: list[str] | None | Unset
        if isinstance(self.args, Unset):
            args = UNSET
        elif isinstance(self.args, list):
            args = self.args

        else:
            args = self.args

        cpu_limit: float | None | Unset
        if isinstance(self.cpu_limit, Unset):
            cpu_limit = UNSET
        else:
            cpu_limit = self.cpu_limit

        memory_limit_mb: int | None | Unset
        if isinstance(self.memory_limit_mb, Unset):
            memory_limit_mb = UNSET
        else:
            memory_limit_mb = self.memory_limit_mb

        health_check: dict[str, Any] | None | Unset
        if isinstance(self.health_check, Unset):
            health_check = UNSET
        elif isinstance(self.health_check, HealthCheck):
            health_check = self.health_check.to_dict()
        else:
            health_check = self.health_check

        volumes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.volumes, Unset):
            volumes = []
            for volumes_item_data in self.volumes:
                volumes_item = volumes_item_data.to_dict()
                volumes.append(volumes_item)

        restart_policy: dict[str, Any] | Unset = UNSET
        if not isinstance(self.restart_policy, Unset):
            restart_policy = self.restart_policy.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if port is not UNSET:
            field_dict["port"] = port
        if replicas is not UNSET:
            field_dict["replicas"] = replicas
        if command is not UNSET:
            field_dict["command"] = command
        if args is not UNSET:
            field_dict["args"] = args
        if cpu_limit is not UNSET:
            field_dict["cpu_limit"] = cpu_limit
        if memory_limit_mb is not UNSET:
            field_dict["memory_limit_mb"] = memory_limit_mb
        if health_check is not UNSET:
            field_dict["health_check"] = health_check
        if volumes is not UNSET:
            field_dict["volumes"] = volumes
        if restart_policy is not UNSET:
            field_dict["restart_policy"] = restart_policy

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_check import HealthCheck  # noqa: PLC0415
        from ..models.mount import Mount  # noqa: PLC0415
        from ..models.restart_policy import RestartPolicy  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_port(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        port = _parse_port(d.pop("port", UNSET))

        replicas = d.pop("replicas", UNSET)

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

        def _parse_cpu_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cpu_limit = _parse_cpu_limit(d.pop("cpu_limit", UNSET))

        def _parse_memory_limit_mb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        memory_limit_mb = _parse_memory_limit_mb(d.pop("memory_limit_mb", UNSET))

        def _parse_health_check(data: object) -> HealthCheck | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                health_check_type_0 = HealthCheck.from_dict(data)

                return health_check_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HealthCheck | None | Unset, data)

        health_check = _parse_health_check(d.pop("health_check", UNSET))

        _volumes = d.pop("volumes", UNSET)
        volumes: list[Mount] | Unset = UNSET
        if _volumes is not UNSET:
            volumes = []
            for volumes_item_data in _volumes:
                volumes_item = Mount.from_dict(volumes_item_data)

                volumes.append(volumes_item)

        _restart_policy = d.pop("restart_policy", UNSET)
        restart_policy: RestartPolicy | Unset
        if isinstance(_restart_policy, Unset):
            restart_policy = UNSET
        else:
            restart_policy = RestartPolicy.from_dict(_restart_policy)

        runtime = cls(
            port=port,
            replicas=replicas,
            command=command,
            args=args,
            cpu_limit=cpu_limit,
            memory_limit_mb=memory_limit_mb,
            health_check=health_check,
            volumes=volumes,
            restart_policy=restart_policy,
        )

        return runtime
