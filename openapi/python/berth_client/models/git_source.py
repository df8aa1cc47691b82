from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GitSource")


@_attrs_define
class GitSource:
    """Build from a git repository on the application's server.

    Attributes:
        repository (str): https://, ssh://, git:// or user@host:path (file:// if the operator allows it); private ssh
            repositories use the application's deploy key
        type_ (Literal['git'] | Unset):  Default: 'git'.
        ref (str | Unset): Branch or tag to deploy Default: 'main'.
        commit (None | str | Unset): Deploy exactly this commit (full id) instead of the ref's tip
        path (str | Unset): Sub-directory holding the application Default: '.'.
    """

    repository: str
    type_: Literal["git"] | Unset = "git"
    ref: str | Unset = "main"
    commit: None | str | Unset = UNSET
    path: str | Unset = "."

    def to_dict(self) -> dict[str, Any]:
        repository = self.repository

        type_ = self.type_

        ref = self.ref

        commit: None | str | Unset
        if isinstance(self.commit, Unset):
            commit = UNSET
        else:
            commit = self.commit

        path = self.path

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "repository": repository,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if ref is not UNSET:
            field_dict["ref"] = ref
        if commit is not UNSET:
            field_dict["commit"] = commit
        if path is not UNSET:
            field_dict["path"] = path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        repository = d.pop("repository")

        type_ = cast(Literal["git"] | Unset, d.pop("type", UNSET))
        if type_ != "git" and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'git', got '{type_}'")

        ref = d.pop("ref", UNSET)

        def _parse_commit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commit = _parse_commit(d.pop("commit", UNSET))

        path = d.pop("path", UNSET)

        git_source = cls(
            repository=repository,
            type_=type_,
            ref=ref,
            commit=commit,
            path=path,
        )

        return git_source
