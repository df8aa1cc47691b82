from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServerFacts")


@_attrs_define
class ServerFacts:
    """
    Attributes:
        docker_version (None | str | Unset):
        api_version (None | str | Unset):
        os (None | str | Unset):
        architecture (None | str | Unset):
        cpus (int | None | Unset):
        memory_bytes (int | None | Unset):
        disk_total_bytes (int | None | Unset):
        disk_free_bytes (int | None | Unset):
        swarm_state (None | str | Unset):
        swarm_node_id (None | str | Unset):
        swarm_manager (bool | None | Unset):
        buildkit (bool | None | Unset): Whether the server's docker runs BuildKit builds (needed for build secrets)
        build_cli (None | str | Unset): The docker CLI builds run with
        build_mode (None | str | Unset): buildx, integrated or legacy
    """

    docker_version: None | str | Unset = UNSET
    api_version: None | str | Unset = UNSET
    os: None | str | Unset = UNSET
    architecture: None | str | Unset = UNSET
    cpus: int | None | Unset = UNSET
    memory_bytes: int | None | Unset = UNSET
    disk_total_bytes: int | None | Unset = UNSET
    disk_free_bytes: int | None | Unset = UNSET
    swarm_state: None | str | Unset = UNSET
    swarm_node_id: None | str | Unset = UNSET
    swarm_manager: bool | None | Unset = UNSET
    buildkit: bool | None | Unset = UNSET
    build_cli: None | str | Unset = UNSET
    build_mode: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        docker_version: None | str | Unset
        if isinstance(self.docker_version, Unset):
            docker_version = UNSET
        else:
            docker_version = self.docker_version

        api_version: None | str | Unset
        if isinstance(self.api_version, Unset):
            api_version = UNSET
        else:
            api_version = self.api_version

        os: None | str | Unset
        if isinstance(self.os, Unset):
            os = UNSET
        else:
            os = self.os

        architecture: None | str | Unset
        if isinstance(self.architecture, Unset):
            architecture = UNSET
        else:
            architecture = self.architecture

        cpus: int | None | Unset
        if isinstance(self.cpus, Unset):
            cpus = UNSET
        else:
            cpus = self.cpus

        memory_bytes: int | None | Unset
        if isinstance(self.memory_bytes, Unset):
            memory_bytes = UNSET
        else:
            memory_bytes = self.memory_bytes

        disk_total_bytes: int | None | Unset
        if isinstance(self.disk_total_bytes, Unset):
            disk_total_bytes = UNSET
        else:
            disk_total_bytes = self.disk_total_bytes

        disk_free_bytes: int | None | Unset
        if isinstance(self.disk_free_bytes, Unset):
            disk_free_bytes = UNSET
        else:
            disk_free_bytes = self.disk_free_bytes

        swarm_state: None | str | Unset
        if isinstance(self.swarm_state, Unset):
            swarm_state = UNSET
        else:
            swarm_state = self.swarm_state

        swarm_node_id: None | str | Unset
        if isinstance(self.swarm_node_id, Unset):
            swarm_node_id = UNSET
        else:
            swarm_node_id = self.swarm_node_id

        swarm_manager: bool | None | Unset
        if isinstance(self.swarm_manager, Unset):
            swarm_manager = UNSET
        else:
            swarm_manager = self.swarm_manager

        buildkit: bool | None | Unset
        if isinstance(self.buildkit, Unset):
            buildkit = UNSET
        else:
            buildkit = self.buildkit

        build_cli: None | str | Unset
        if isinstance(self.build_cli, Unset):
            build_cli = UNSET
        else:
            build_cli = self.build_cli

        build_mode: None | str | Unset
        if isinstance(self.build_mode, Unset):
            build_mode = UNSET
        else:
            build_mode = self.build_mode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if docker_version is not UNSET:
            field_dict["docker_version"] = docker_version
        if api_version is not UNSET:
            field_dict["api_version"] = api_version
        if os is not UNSET:
            field_dict["os"] = os
        if architecture is not UNSET:
            field_dict["architecture"] = architecture
        if cpus is not UNSET:
            field_dict["cpus"] = cpus
        if memory_bytes is not UNSET:
            field_dict["memory_bytes"] = memory_bytes
        if disk_total_bytes is not UNSET:
            field_dict["disk_total_bytes"] = disk_total_bytes
        if disk_free_bytes is not UNSET:
            field_dict["disk_free_bytes"] = disk_free_bytes
        if swarm_state is not UNSET:
            field_dict["swarm_state"] = swarm_state
        if swarm_node_id is not UNSET:
            field_dict["swarm_node_id"] = swarm_node_id
        if swarm_manager is not UNSET:
            field_dict["swarm_manager"] = swarm_manager
        if buildkit is not UNSET:
            field_dict["buildkit"] = buildkit
        if build_cli is not UNSET:
            field_dict["build_cli"] = build_cli
        if build_mode is not UNSET:
            field_dict["build_mode"] = build_mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_docker_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        docker_version = _parse_docker_version(d.pop("docker_version", UNSET))

        def _parse_api_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_version = _parse_api_version(d.pop("api_version", UNSET))

        def _parse_os(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        os = _parse_os(d.pop("os", UNSET))

        def _parse_architecture(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        architecture = _parse_architecture(d.pop("architecture", UNSET))

        def _parse_cpus(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cpus = _parse_cpus(d.pop("cpus", UNSET))

        def _parse_memory_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        memory_bytes = _parse_memory_bytes(d.pop("memory_bytes", UNSET))

        def _parse_disk_total_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        disk_total_bytes = _parse_disk_total_bytes(d.pop("disk_total_bytes", UNSET))

        def _parse_disk_free_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        disk_free_bytes = _parse_disk_free_bytes(d.pop("disk_free_bytes", UNSET))

        def _parse_swarm_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        swarm_state = _parse_swarm_state(d.pop("swarm_state", UNSET))

        def _parse_swarm_node_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        swarm_node_id = _parse_swarm_node_id(d.pop("swarm_node_id", UNSET))

        def _parse_swarm_manager(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        swarm_manager = _parse_swarm_manager(d.pop("swarm_manager", UNSET))

        def _parse_buildkit(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        buildkit = _parse_buildkit(d.pop("buildkit", UNSET))

        def _parse_build_cli(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        build_cli = _parse_build_cli(d.pop("build_cli", UNSET))

        def _parse_build_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        build_mode = _parse_build_mode(d.pop("build_mode", UNSET))

        server_facts = cls(
            docker_version=docker_version,
            api_version=api_version,
            os=os,
            architecture=architecture,
            cpus=cpus,
            memory_bytes=memory_bytes,
            disk_total_bytes=disk_total_bytes,
            disk_free_bytes=disk_free_bytes,
            swarm_state=swarm_state,
            swarm_node_id=swarm_node_id,
            swarm_manager=swarm_manager,
            buildkit=buildkit,
            build_cli=build_cli,
            build_mode=build_mode,
        )

        server_facts.additional_properties = d
        return server_facts

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
