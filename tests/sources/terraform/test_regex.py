"""Regular expressions as Terraform runs them (Go's regexp, RE2): expected values checked
against terraform 1.11; patterns that make a backtracking engine run for ever are linear."""

from __future__ import annotations

import time

import pytest

from iacgate.model.unknown import Unknown

from .helpers import value

# expression -> terraform 1.11's value (terraform apply of outputs)
TERRAFORM = [
    ('replace("abc", "", "-")', "-a-b-c-"),
    ('regexall("a*?", "baaa")', ["", "", "", "", ""]),
    ('regexall("$", "abc")', [""]),
    ('regexall("(?P<x>a)|b", "ab")', [{"x": "a"}, {"x": None}]),
    ('replace("aaa", "/a*/", "[$0]")', "[aaa]"),
    ('replace("xyz", "/(?P<n>y)/", "<$n|$${n}|$nx|$-|$${n|$>")', "x<y|y||$-|${n|$>z"),
    ('regex("^\\\\pL+", "\u00e9a1")', "\u00e9a"),
    ('regexall("", "a\u00e9")', ["", "", ""]),
    ('replace("a\u00e9", "//", "-")', "-a-\u00e9-"),
    ('regex("(a)(x)?", "a")', ["a", None]),
    ('regexall("(a|a)*$", "aaa")', [["a"]]),
    ('replace("abcabc", "/(b)(c)/", "$2$1-$$-$${1}x-$1x")', "acb-$-bx-acb-$-bx-"),
]


@pytest.mark.parametrize(("text", "expected"), TERRAFORM, ids=[t for t, _ in TERRAFORM])
def test_results_match_terraform(text: str, expected: object) -> None:
    assert value(text) == expected


def test_patterns_that_backtrack_for_ever_elsewhere_are_linear() -> None:
    long = "a" * 200_000 + "b"
    started = time.process_time()
    assert isinstance(value(f'regex("((a+))+$", "{long}")'), Unknown)  # no match: an error
    assert value(f'length(regexall("(a|a)*$", "{long}"))') == 1
    assert value(f'length(replace("{long}", "/(a|aa)+$/", "x"))') == len(long)
    assert time.process_time() - started < 5  # seconds of CPU, generous for a slow machine


def test_invalid_patterns_are_errors_and_nothing_is_printed(
    capfd: pytest.CaptureFixture[str],
) -> None:
    for pattern in ("(", "a{2000}", "(a)\\\\1", "(?<!x)y"):
        result = value(f'regex("{pattern}", "x")')
        assert isinstance(result, Unknown) and "invalid regular expression" in result.reason
    assert capfd.readouterr().err == ""  # RE2's own logging is off
