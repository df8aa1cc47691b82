from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServerCreate")


@_attrs_define
class ServerCreate:
    """
    Attributes:
        name (str):
        host (str):
        port (int | Unset):  Default: 22.
        username (str | Unset): SSH user; a non-root user in the docker group works too Default: 'root'.
        private_key (None | str | Unset): Unencrypted OpenSSH/PEM private key. Omit to have Berth generate an ed25519
            key; add its public key to the user's authorized_keys.
        advertise_addr (None | str | Unset): Swarm advertise address (default: the host, if an IP)
        base_domain (None | str | Unset): Apps get <app>.<base_domain> host names on this server
        proxy_image (None | str | Unset): Traefik image the setup runs (a pinned tag or digest; a private mirror works).
            Default: the control plane's BERTH_SERVERS__PROXY_IMAGE
        acme_directory_url (None | str | Unset): ACME directory (https). Default: the control plane's
            BERTH_SERVERS__ACME_DIRECTORY_URL, else Let's Encrypt production
        acme_ca_bundle (None | str | Unset): Extra CA certificates (PEM) to trust for the ACME directory
    """

    name: str
    host: str
    port: int | Unset = 22
    username: str | Unset = "root"
    private_key: None | str | Unset = UNSET
    advertise_addr: None | str | Unset = UNSET
    base_domain: None | str | Unset = UNSET
    proxy_image: None | str | Unset = UNSET
    acme_directory_url: None | str | Unset = UNSET
    acme_ca_bundle: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        host = self.host

        port = self.port

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

        field_dict.update(
            {
                "name": name,
                "host": host,
            }
        )
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
        name = d.pop("name")

        host = d.pop("host")

        port = d.pop("port", UNSET)

        username = d.pop("username", UNSET)

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

        server_create = cls(
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

        return server_create
