from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.s3_credentials import S3Credentials


T = TypeVar("T", bound="S3Spec")


@_attrs_define
class S3Spec:
    """
    Attributes:
        bucket (str):
        credentials (S3Credentials):
        kind (Literal['s3'] | Unset):  Default: 's3'.
        endpoint (None | str | Unset): https://… of an S3-compatible service (MinIO, Spaces, SeaweedFS); empty = AWS
        region (str | Unset):  Default: 'us-east-1'.
        prefix (str | Unset): Objects go under this prefix ('' = the bucket's root); relative Default: ''.
        path_style (bool | Unset): Address buckets as endpoint/bucket (MinIO, SeaweedFS) Default: False.
    """

    bucket: str
    credentials: S3Credentials
    kind: Literal["s3"] | Unset = "s3"
    endpoint: None | str | Unset = UNSET
    region: str | Unset = "us-east-1"
    prefix: str | Unset = ""
    path_style: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        bucket = self.bucket

        credentials = self.credentials.to_dict()

        kind = self.kind

        endpoint: None | str | Unset
        if isinstance(self.endpoint, Unset):
            endpoint = UNSET
        else:
            endpoint = self.endpoint

        region = self.region

        prefix = self.prefix

        path_style = self.path_style

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bucket": bucket,
                "credentials": credentials,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if region is not UNSET:
            field_dict["region"] = region
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if path_style is not UNSET:
            field_dict["path_style"] = path_style

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.s3_credentials import S3Credentials  # noqa: PLC0415

        d = dict(src_dict)
        bucket = d.pop("bucket")

        credentials = S3Credentials.from_dict(d.pop("credentials"))

        kind = cast(Literal["s3"] | Unset, d.pop("kind", UNSET))
        if kind != "s3" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 's3', got '{kind}'")

        def _parse_endpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint = _parse_endpoint(d.pop("endpoint", UNSET))

        region = d.pop("region", UNSET)

        prefix = d.pop("prefix", UNSET)

        path_style = d.pop("path_style", UNSET)

        s3_spec = cls(
            bucket=bucket,
            credentials=credentials,
            kind=kind,
            endpoint=endpoint,
            region=region,
            prefix=prefix,
            path_style=path_style,
        )

        return s3_spec
