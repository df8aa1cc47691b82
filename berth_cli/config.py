"""Where the CLI finds its API: named contexts in ~/.config/berth/config.toml.

The file holds API tokens, so it is written 0600 (and its folder 0700) through a temporary
file and a rename: a crash mid-write never leaves a half file, and the token is never
readable by others even for an instant. BERTH_URL / BERTH_TOKEN override the file so a CI
job needs no file at all.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONTEXT = "default"
# Context names become TOML bare keys: keep them to what a bare key allows.
CONTEXT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ConfigError(Exception):
    """The configuration is missing, unreadable or lacks what a command needs."""


@dataclass(frozen=True)
class Context:
    name: str
    url: str
    token: str


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "berth" / "config.toml"


def validate_context_name(name: str) -> str:
    if not CONTEXT_NAME.fullmatch(name):
        raise ConfigError(f"invalid context name {name!r}: use 1-64 letters, digits, '-' or '_'")
    return name


def load(path: Path | None = None) -> dict[str, object]:
    path = path or config_path()
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _contexts(data: dict[str, object]) -> dict[str, dict[str, str]]:
    raw = data.get("contexts", {})
    if not isinstance(raw, dict):
        return {}
    return {
        str(name): {str(k): str(v) for k, v in value.items()}
        for name, value in raw.items()
        if isinstance(value, dict)
    }


def _toml_string(value: str) -> str:
    # JSON's string escapes (\", \\, \n, \uXXXX ...) are all valid TOML basic-string
    # escapes, so json.dumps writes a correct TOML string without a TOML-writer dependency.
    return json.dumps(value)


def save_context(context: Context, *, make_current: bool, path: Path | None = None) -> Path:
    path = path or config_path()
    data = load(path)
    contexts = _contexts(data)
    contexts[context.name] = {"url": context.url, "token": context.token}
    current = context.name if make_current else str(data.get("current", context.name))
    lines = [f"current = {_toml_string(current)}", ""]
    for name in sorted(contexts):
        lines.append(f"[contexts.{validate_context_name(name)}]")
        lines.extend(f"{key} = {_toml_string(val)}" for key, val in sorted(contexts[name].items()))
        lines.append("")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def resolve(context_name: str | None, path: Path | None = None) -> Context:
    """The context to use: the named (or current) one, with the environment on top."""
    data = load(path)
    contexts = _contexts(data)
    name = context_name or os.environ.get("BERTH_CONTEXT") or str(data.get("current", ""))
    name = name or DEFAULT_CONTEXT
    stored = contexts.get(name, {})
    if context_name and not stored:
        raise ConfigError(f"no context {context_name!r} in {path or config_path()}: berth login")
    url = os.environ.get("BERTH_URL") or stored.get("url", "")
    token = os.environ.get("BERTH_TOKEN") or stored.get("token", "")
    if not url or not token:
        raise ConfigError("not logged in: run `berth login` or set BERTH_URL and BERTH_TOKEN")
    return Context(name=name, url=url.rstrip("/"), token=token)
