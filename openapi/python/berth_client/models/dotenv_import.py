from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DotenvImport")


@_attrs_define
class DotenvImport:
    """A `.env` file to merge in (or, with `replace`, to become the whole set).

    Attributes:
        content (str): dotenv text: `KEY=value` lines, `#` comments, an optional `export ` prefix, 'single' (literal) or
            "double" quotes (escapes \\n \\r \\t \\" \\\\; may span lines). `${VAR}` is not expanded. A malformed line fails
            the whole import.
        replace (bool | Unset): Delete the variables the file does not mention Default: False.
    """

    content: str
    replace: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        replace = self.replace

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
            }
        )
        if replace is not UNSET:
            field_dict["replace"] = replace

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content = d.pop("content")

        replace = d.pop("replace", UNSET)

        dotenv_import = cls(
            content=content,
            replace=replace,
        )

        return dotenv_import
