"""Values that break naive quoting, shared by the parser and the API tests."""

from __future__ import annotations

# Everything a shell, a YAML file or a naive parser would trip over.
HOSTILE = {
    "DOUBLE": 'say "hi"',
    "SINGLE": "it's",
    "BOTH": "\"'\"'",
    "DOLLAR": "pa$$word ${HOME} $(whoami)",
    "BACKTICK": "`rm -rf /`",
    "NEWLINES": "line one\nline two\r\nline three\n",
    "HASH": "a #not a comment",
    "HASH_FIRST": "#leading",
    "BACKSLASH": "C:\\path\\n\\t\\\\ and \\",
    "ESCAPE_LOOKALIKE": '\\"',
    "UNICODE": "héllo ✓ 日本 🚀",
    "SPACES": "  padded  ",
    "TAB": "\tx\t",
    "EMPTY": "",
    "EQUALS": "a=b==c",
    "ONLY_QUOTE": '"',
    "EXPORT_LIKE": "export X=1",
}
