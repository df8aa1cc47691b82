from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.azure_spec import AzureSpec
    from ..models.ftp_spec import FtpSpec
    from ..models.gcs_spec import GcsSpec
    from ..models.s3_spec import S3Spec
    from ..models.sftp_spec import SftpSpec


T = TypeVar("T", bound="DestinationCreate")


@_attrs_define
class DestinationCreate:
    """
    Attributes:
        name (str):
        spec (AzureSpec | FtpSpec | GcsSpec | S3Spec | SftpSpec): Where and how: the kind's settings and its write-only
            credentials
    """

    name: str
    spec: AzureSpec | FtpSpec | GcsSpec | S3Spec | SftpSpec

    def to_dict(self) -> dict[str, Any]:
        from ..models.azure_spec import AzureSpec  # noqa: PLC0415
        from ..models.gcs_spec import GcsSpec  # noqa: PLC0415
        from ..models.s3_spec import S3Spec  # noqa: PLC0415
        from ..models.sftp_spec import SftpSpec  # noqa: PLC0415

        name = self.name

        spec: dict[str, Any]
        if isinstance(self.spec, S3Spec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, GcsSpec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, AzureSpec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, SftpSpec):
            spec = self.spec.to_dict()
        else:
            spec = self.spec.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "spec": spec,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.azure_spec import AzureSpec  # noqa: PLC0415
        from ..models.ftp_spec import FtpSpec  # noqa: PLC0415
        from ..models.gcs_spec import GcsSpec  # noqa: PLC0415
        from ..models.s3_spec import S3Spec  # noqa: PLC0415
        from ..models.sftp_spec import SftpSpec  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_spec(data: object) -> AzureSpec | FtpSpec | GcsSpec | S3Spec | SftpSpec:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0 = S3Spec.from_dict(data)

                return spec_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_1 = GcsSpec.from_dict(data)

                return spec_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_2 = AzureSpec.from_dict(data)

                return spec_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_3 = SftpSpec.from_dict(data)

                return spec_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            spec_type_4 = FtpSpec.from_dict(data)

            return spec_type_4

        spec = _parse_spec(d.pop("spec"))

        destination_create = cls(
            name=name,
            spec=spec,
        )

        return destination_create
