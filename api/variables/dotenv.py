"""`.env` text: a strict parser that names the bad line, and its inverse.

Why not python-dotenv (already installed through pydantic-settings): `dotenv_values`
silently drops a malformed line, expands `${VAR}` by default (mangling passwords that
contain `$`), and its line-level `parse_stream` lives in an internal module, reports no
reason and numbers a binding from the blank lines before it. An import that is
all-or-nothing has to say which line is wrong and why, so the grammar is kept here. It
follows the common dialect (docker compose, python-dotenv) so files move between tools:

- blank lines and `#` comment lines are skipped; an optional `export ` prefix is allowed;
- `KEY=value`: unquoted values are trimmed and end at ` #` (an inline comment);
- `'single'` quotes are literal; `"double"` quotes decode \\n \\r \\t \\" \\\\ (any other
  backslash stays as written) and both may span lines;
- `KEY=` is the empty string; a repeated key takes its last value (as a shell would);
- `${VAR}` is never expanded: values are stored exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from api.variables.schemas import ENV_KEY_RE, MAX_VALUE_LENGTH, MAX_VARIABLES

_ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?(?P<key>[^\s=]+)[ \t]*=(?P<rest>.*)\Z")
_AFTER_QUOTE = re.compile(r"[ \t]*(?:#.*)?\Z")
_INLINE_COMMENT = re.compile(r"\s+#.*")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_MAX_REPORTED = 20


@dataclass(frozen=True)
class DotenvLineError:
    line: int
    message: str


class DotenvSyntaxError(ValueError):
    def __init__(self, errors: list[DotenvLineError]) -> None:
        super().__init__("; ".join(f"line {e.line}: {e.message}" for e in errors))
        self.errors = errors


class _Unclosed(Exception):
    pass


def parse_dotenv(text: str) -> dict[str, str]:
    """Every assignment in `text`, or DotenvSyntaxError listing every bad line."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    values: dict[str, str] = {}
    errors: list[DotenvLineError] = []
    index = 0
    while index < len(lines) and len(errors) < _MAX_REPORTED:
        number, line = index + 1, lines[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ASSIGNMENT.match(line)
        if match is None:
            errors.append(DotenvLineError(number, "expected KEY=VALUE"))
            continue
        key, rest = match["key"], match["rest"]
        try:
            value, index, problem = _value(rest, lines, index)
        except _Unclosed:
            quote = rest.lstrip(" \t")[0]
            errors.append(DotenvLineError(number, f"the {quote} quote is never closed"))
            break  # the rest of the file was read as this value: nothing left to check
        if problem:
            errors.append(DotenvLineError(number, problem))
        elif not ENV_KEY_RE.match(key):
            errors.append(
                DotenvLineError(
                    number,
                    f"'{key}' is not a variable name (letters, digits and _, not starting "
                    "with a digit, at most 128 characters)",
                )
            )
        elif len(value) > MAX_VALUE_LENGTH:
            errors.append(
                DotenvLineError(number, f"the value of {key} exceeds {MAX_VALUE_LENGTH} chars")
            )
        else:
            values[key] = value
    if not errors and len(values) > MAX_VARIABLES:
        errors.append(
            DotenvLineError(len(lines), f"{len(values)} variables; at most {MAX_VARIABLES}")
        )
    if errors:
        raise DotenvSyntaxError(errors)
    return values


def _value(rest: str, lines: list[str], index: int) -> tuple[str, int, str | None]:
    """(value, index of the next unread line, problem with this line or None)."""
    body = rest.lstrip(" \t")
    if body[:1] in {"'", '"'}:
        value, after, index = _quoted(body[1:], body[0], lines, index)
        if not _AFTER_QUOTE.match(after):
            return value, index, f"unexpected text after the closing quote: {after.strip()!r}"
        return value, index, None
    if rest[:1] in {" ", "\t"} and body.startswith("#"):
        return "", index, None  # `KEY= # comment`: empty, with a comment
    return _INLINE_COMMENT.sub("", body).rstrip(), index, None


def _quoted(buffer: str, quote: str, lines: list[str], index: int) -> tuple[str, str, int]:
    """(decoded value, text after the closing quote, next line index); may read on."""
    out: list[str] = []
    pos = 0
    while True:
        while pos < len(buffer):
            char = buffer[pos]
            if char == quote:
                return "".join(out), buffer[pos + 1 :], index
            if char == "\\" and quote == '"' and pos + 1 < len(buffer):
                following = buffer[pos + 1]
                out.append(_ESCAPES.get(following, "\\" + following))
                pos += 2
                continue
            out.append(char)
            pos += 1
        if index >= len(lines):
            raise _Unclosed
        buffer += "\n" + lines[index]
        index += 1


def _escape(value: str) -> str:
    # Exactly the escapes the parser decodes, backslash first, so parse(render(x)) == x.
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
        value = value.replace(raw, escaped)
    return value


def render_dotenv(values: Mapping[str, str]) -> str:
    """One double-quoted `KEY="value"` line per variable, sorted by key."""
    return "".join(f'{key}="{_escape(values[key])}"\n' for key in sorted(values))
