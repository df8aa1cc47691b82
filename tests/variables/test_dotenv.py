"""The `.env` grammar: what it accepts, the line it blames, and that export round-trips."""

from __future__ import annotations

import io

import pytest

from api.variables.dotenv import DotenvSyntaxError, parse_dotenv, render_dotenv
from tests.support.values import HOSTILE


def test_export_then_import_gives_back_every_hostile_value() -> None:
    assert parse_dotenv(render_dotenv(HOSTILE)) == HOSTILE


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_each_hostile_value_round_trips_alone(key: str) -> None:
    assert parse_dotenv(render_dotenv({key: HOSTILE[key]})) == {key: HOSTILE[key]}


def test_render_is_one_sorted_double_quoted_line_per_variable() -> None:
    assert render_dotenv({"B": "2", "A": 'x"\n'}) == 'A="x\\"\\n"\nB="2"\n'


def test_common_dialect() -> None:
    text = (
        "\ufeff# a comment\n"
        "\n"
        "export PLAIN=value\n"
        "  SPACED = trimmed value   \n"
        "INLINE=kept # dropped comment\n"
        "NOT_COMMENT=a#b\n"
        "EMPTY=\n"
        "EMPTY_COMMENTED= # nothing\n"
        "SINGLE='literal $HOME \\n'\n"
        'DOUBLE="tab\\there \\"q\\" \\\\ \\x"  # comment after quotes\n'
        'MULTI="first\n'
        "second\n"
        '"\n'
        "SINGLE_MULTI='a\n"
        "b'\n"
        "REPEATED=1\n"
        "REPEATED=2\r\n"
    )
    assert parse_dotenv(text) == {
        "PLAIN": "value",
        "SPACED": "trimmed value",
        "INLINE": "kept",
        "NOT_COMMENT": "a#b",
        "EMPTY": "",
        "EMPTY_COMMENTED": "",
        "SINGLE": "literal $HOME \\n",
        "DOUBLE": 'tab\there "q" \\ \\x',
        "MULTI": "first\nsecond\n",
        "SINGLE_MULTI": "a\nb",
        "REPEATED": "2",
    }


def test_agrees_with_python_dotenv_on_what_both_accept() -> None:
    # The dialect other tools speak: python-dotenv without `${}` expansion (Berth never
    # expands) reads our exports and the common forms the same way.
    dotenv = pytest.importorskip("dotenv")
    samples = [
        render_dotenv(HOSTILE),
        "export A=1\nB = two words # c\nC=\nD='x y'\nE=\"a\\nb\"\nF=a#b\n",
    ]
    for text in samples:
        theirs = dotenv.dotenv_values(stream=io.StringIO(text), interpolate=False)
        assert parse_dotenv(text) == theirs


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("A=1\nJUST_A_WORD\nB=2", 2, "expected KEY=VALUE"),
        ("A=1\n\n\n1BAD=x", 4, "'1BAD' is not a variable name"),
        ("A-B=x", 1, "'A-B' is not a variable name"),
        ('A=1\nB="closed" trailing', 2, "unexpected text after the closing quote"),
        ("A=1\nB='never closed\nC=3\n", 2, "the ' quote is never closed"),
        ('A="never closed', 1, 'the " quote is never closed'),
        ("A=" + "x" * 65537, 1, "exceeds 65536"),
        ("=value", 1, "expected KEY=VALUE"),
    ],
)
def test_malformed_line_is_named(text: str, line: int, message: str) -> None:
    with pytest.raises(DotenvSyntaxError) as caught:
        parse_dotenv(text)
    (error,) = caught.value.errors
    assert error.line == line
    assert message in error.message


def test_every_bad_line_is_reported_not_just_the_first() -> None:
    with pytest.raises(DotenvSyntaxError) as caught:
        parse_dotenv("GOOD=1\nbad line\nALSO GOOD=2\nOK=3\n9=x\n")
    assert [e.line for e in caught.value.errors] == [2, 3, 5]


def test_a_multi_line_value_keeps_later_line_numbers_right() -> None:
    with pytest.raises(DotenvSyntaxError) as caught:
        parse_dotenv('A="one\ntwo\nthree"\nB=ok\noops\n')
    assert [e.line for e in caught.value.errors] == [5]


def test_too_many_variables() -> None:
    text = "".join(f"K{i}=v\n" for i in range(501))
    with pytest.raises(DotenvSyntaxError, match="501 variables; at most 500"):
        parse_dotenv(text)
