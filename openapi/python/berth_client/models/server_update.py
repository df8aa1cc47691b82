from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServerUpdate")


@_attrs_define
class ServerUpdate:
    """
    Attributes:
        name (None | str | Unset):
        host (None | str | Unset):
        port (int | None | Unset):
        username (None | str | Unset):
        private_key (None | str | Unset):
        advertise_addr (None | str | Unset):
        base_domain (None | str | Unset):
        proxy_image (None | str | Unset): Traefik image; null: the control plane's default
        acme_directory_url (None | str | Unset): ACME directory (https); null: the control plane's default
        acme_ca_bundle (None | str | Unset): Extra CAs (PEM) for the ACME directory; null: none
    """

    name: None | str | Unset = UNSET
    host: None | str | Unset = UNSET
    port: int | None | Unset = UNSET
    username: None | str | Unset = UNSET
    private_key: None | str | Unset = UNSET
    advertise_addr: None | str | Unset = UNSET
    base_domain: None | str | Unset = UNSET
    proxy_image: None | str | Unset = UNSET
    acme_directory_url: None | str | Unset = UNSET
    acme_ca_bundle: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        host: None | str | Unset
        if isinstance(self.host, Unset):
            host = UNSET
        else:
            host = self.host

        port: int | None | Unset
        if isinstance(self.port, Unset):
            port = UNSET
        else:
            port = self.port

        username: None | str | Unset
        if isinstance(self.username, Unset):
            username = UNSET
        else:
            username = self.username

        private_key: None | str | Unset
        if isinstance(self.private_key, Unset):
            private_key = UNSET
        else:
            private_key = self.private_key

        advertise_addr: None | str | Unset
        if isinstance(self.advertise_addr, Unset):
            advertise_addr = UNSET
        else:
            advertise_addr = self.advertise_addr

        base_domain: None | str | Unset
        if isinstance(self.base_domain, Unset):
            base_domain = UNSET
        else:
            base_domain = self.base_domain

        proxy_image: None | str | Unset
        if isinstance(self.proxy_image, Unset):
            proxy_image = UNSET
        else:
            proxy_image = self.proxy_image

        acme_directory_url: None | str | Unset
        if isinstance(self.acme_directory_url, Unset):
            acme_directory_url = UNSET
        else:
            acme_directory_url = self.acme_directory_url

        acme_ca_bundle: None | str | Unset
        if isinstance(self.acme_ca_bundle, Unset):
            acme_ca_bundle = UNSET
        else:
            acme_ca_bundle = self.acme_ca_bundle

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if host is not UNSET:
            field_dict["host"] = host
        if port is not UNSET:
            field_dict["port"] = port
        if username is not UNSET:
            field_dict["username"] = username
        if private_key is not UNSET:
            field_dict["private_key"] = private_key
        if advertise_addr is not UNSET:
            field_dict["advertise_addr"] = advertise_addr
        if base_domain is not UNSET:
            field_dict["base_domain"] = base_domain
        if proxy_image is not UNSET:
            field_dict["proxy_image"] = proxy_image
        if acme_directory_url is not UNSET:
            field_dict["acme_directory_url"] = acme_directory_url
        if acme_ca_bundle is not UNSET:
            field_dict["acme_ca_bundle"] = acme_ca_bundle

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_host(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        host = _parse_host(d.pop("host", UNSET))

        def _parse_port(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        port = _parse_port(d.pop("port", UNSET))

        def _parse_username(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        username = _parse_username(d.pop("username", UNSET))

        def _parse_private_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        private_key = _parse_private_key(d.pop("private_key", UNSET))

        def _parse_advertise_addr(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        advertise_addr = _parse_advertise_addr(d.pop("advertise_addr", UNSET))

        def _parse_base_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_domain = _parse_base_domain(d.pop("base_domain", UNSET))

        def _parse_proxy_image(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        proxy_image = _parse_proxy_image(d.pop("proxy_image", UNSET))

        def _parse_acme_directory_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acme_directory_url = _parse_acme_directory_url(d.pop("acme_directory_url", UNSET))

        def _parse_acme_ca_bundle(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acme_ca_bundle = _parse_acme_ca_bundle(d.pop("acme_ca_bundle", UNSET))

        server_update = cls(
            name=name,
            host=host,
            port=port,
            username=username,
            private_key=private_key,
            advertise_addr=advertise_addr,
            base_domain=base_domain,
            proxy_image=proxy_image,
            acme_directory_url=acme_directory_url,
            acme_ca_bundle=acme_ca_bundle,
        )

        return server_update
