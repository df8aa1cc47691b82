from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gcs_credentials import GcsCredentials


T = TypeVar("T", bound="GcsSpec")


@_attrs_define
class GcsSpec:
    """
    Attributes:
        bucket (str):
        kind (Literal['gcs'] | Unset):  Default: 'gcs'.
        prefix (str | Unset): Objects go under this prefix ('' = the bucket's root); relative Default: ''.
        endpoint (None | str | Unset): Only for a private or emulated GCS; empty = Google's
        credentials (GcsCredentials | Unset):
    """

    bucket: str
    kind: Literal["gcs"] | Unset = "gcs"
    prefix: str | Unset = ""
    endpoint: None | str | Unset = UNSET
    credentials: GcsCredentials | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        bucket = self.bucket

        kind = self.kind

        prefix = self.prefix

        endpoint: None | str | Unset
        if isinstance(self.endpoint, Unset):
            endpoint = UNSET
        else:
            endpoint = self.endpoint

        credentials: dict[str, Any] | Unset = UNSET
        if not isinstance(self.credentials, Unset):
            credentials = self.credentials.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bucket": bucket,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if credentials is not UNSET:
            field_dict["credentials"] = credentials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gcs_credentials import GcsCredentials  # noqa: PLC0415

        d = dict(src_dict)
        bucket = d.pop("bucket")

        kind = cast(Literal["gcs"] | Unset, d.pop("kind", UNSET))
        if kind != "gcs" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'gcs', got '{kind}'")

        prefix = d.pop("prefix", UNSET)

        def _parse_endpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint = _parse_endpoint(d.pop("endpoint", UNSET))

        _credentials = d.pop("credentials", UNSET)
        credentials: GcsCredentials | Unset
        if isinstance(_credentials, Unset):
            credentials = UNSET
        else:
            credentials = GcsCredentials.from_dict(_credentials)

        gcs_spec = cls(
            bucket=bucket,
            kind=kind,
            prefix=prefix,
            endpoint=endpoint,
            credentials=credentials,
        )

        return gcs_spec
