from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.azure_spec import AzureSpec
    from ..models.ftp_spec import FtpSpec
    from ..models.gcs_spec import GcsSpec
    from ..models.s3_spec import S3Spec
    from ..models.sftp_spec import SftpSpec


T = TypeVar("T", bound="DestinationUpdate")


@_attrs_define
class DestinationUpdate:
    """
    Attributes:
        name (None | str | Unset):
        spec (AzureSpec | FtpSpec | GcsSpec | None | S3Spec | SftpSpec | Unset): Replaces the settings *and* the
            credentials together: stored credentials are only ever sent where they were entered for. Changing an SFTP host
            or port forgets its pinned host key.
    """

    name: None | str | Unset = UNSET
    spec: AzureSpec | FtpSpec | GcsSpec | None | S3Spec | SftpSpec | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.azure_spec import AzureSpec  # noqa: PLC0415
        from ..models.ftp_spec import FtpSpec  # noqa: PLC0415
        from ..models.gcs_spec import GcsSpec  # noqa: PLC0415
        from ..models.s3_spec import S3Spec  # noqa: PLC0415
        from ..models.sftp_spec import SftpSpec  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        spec: dict[str, Any] | None | Unset
        if isinstance(self.spec, Unset):
            spec = UNSET
        elif isinstance(self.spec, S3Spec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, GcsSpec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, AzureSpec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, SftpSpec):
            spec = self.spec.to_dict()
        elif isinstance(self.spec, FtpSpec):
            spec = self.spec.to_dict()
        else:
            spec = self.spec

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if spec is not UNSET:
            field_dict["spec"] = spec

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.azure_spec import AzureSpec  # noqa: PLC0415
        from ..models.ftp_spec import FtpSpec  # noqa: PLC0415
        from ..models.gcs_spec import GcsSpec  # noqa: PLC0415
        from ..models.s3_spec import S3Spec  # noqa: PLC0415
        from ..models.sftp_spec import SftpSpec  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_spec(data: object) -> AzureSpec | FtpSpec | GcsSpec | None | S3Spec | SftpSpec | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0_type_0 = S3Spec.from_dict(data)

                return spec_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0_type_1 = GcsSpec.from_dict(data)

                return spec_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0_type_2 = AzureSpec.from_dict(data)

                return spec_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0_type_3 = SftpSpec.from_dict(data)

                return spec_type_0_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0_type_4 = FtpSpec.from_dict(data)

                return spec_type_0_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AzureSpec | FtpSpec | GcsSpec | None | S3Spec | SftpSpec | Unset, data)

        spec = _parse_spec(d.pop("spec", UNSET))

        destination_update = cls(
            name=name,
            spec=spec,
        )

        return destination_update
