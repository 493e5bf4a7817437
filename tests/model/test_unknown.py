"""Partly known strings: what their known text decides, and only that."""

from __future__ import annotations

import pickle

from iacgate.model.unknown import (
    Unknown,
    concat,
    could_equal,
    display,
    equals,
    is_unknown,
    known_prefix,
    known_suffix,
    matches_pattern,
    pattern_could_match,
)

PARTITION = Unknown("AWS::Partition depends on the region")
ACCOUNT = Unknown("AWS::AccountId is known at deploy time")


def test_concat_keeps_the_known_text_and_the_first_reason() -> None:
    arn = concat(["arn:", PARTITION, ":iam::aws:policy/AdministratorAccess"])
    assert is_unknown(arn) and arn.reason == PARTITION.reason
    assert arn.template == ("arn:", None, ":iam::aws:policy/AdministratorAccess")
    assert concat(["a", "b"]) == "ab"
    assert concat([ACCOUNT, PARTITION]).template is None  # nothing known
    nested = concat([concat(["x-", ACCOUNT]), "-y", ""])
    assert nested.template == ("x-", None, "-y")
    assert concat([ACCOUNT], reason="why").reason == "why"


def test_templates_take_no_part_in_equality_and_survive_pickling() -> None:
    templated = concat(["a", ACCOUNT])
    assert templated == Unknown(ACCOUNT.reason)
    assert repr(templated) == repr(ACCOUNT)
    assert pickle.loads(pickle.dumps(templated)).template == ("a", None)


def test_known_prefix_and_suffix() -> None:
    value = concat(["arn:aws:iam::", ACCOUNT, ":root"])
    assert known_prefix(value) == "arn:aws:iam::" and known_suffix(value) == ":root"
    assert known_prefix(ACCOUNT) == "" and known_suffix("abc") == "abc"


def test_a_root_principal_with_an_unknown_account_is_never_everyone() -> None:
    root = concat(["arn:aws:iam::", ACCOUNT, ":root"])
    assert could_equal(root, "*") is False
    assert equals(root, "*") is False
    assert equals(ACCOUNT, "*") is ACCOUNT  # nothing known: it may be
    assert equals("*", "*") is True
    objects = concat([Unknown("bucket ARN"), "/*"])
    assert equals(objects, "*") is False  # "/*" is always there
    assert equals(concat([Unknown("x"), "*"]), "*") is not False  # the hole may be empty


def test_the_partition_does_not_decide_which_policy_an_arn_names() -> None:
    arn = concat(["arn:", PARTITION, ":iam::aws:policy/AdministratorAccess"])
    assert matches_pattern(arn, "arn:*:iam::aws:policy/AdministratorAccess") is True
    assert matches_pattern(arn, "arn:*:iam::aws:policy/IAMFullAccess") is False
    name = concat(["arn:aws:iam::aws:policy/", Unknown("var.policy")])
    assert matches_pattern(name, "arn:*:iam::aws:policy/AdministratorAccess") is name
    assert matches_pattern("ARN:AWS:X", "arn:*:x", ignore_case=True) is True
    assert matches_pattern("arn:aws:x", "arn:?ws:x") is True
    assert matches_pattern(42, "*") is False


def test_an_unknown_action_pattern_is_false_when_no_filling_matches() -> None:
    s3 = concat(["s3:", Unknown("var.action")])
    assert pattern_could_match(s3, "iam:PassRole") is False
    any_service = concat([Unknown("var.service"), ":*"])
    assert pattern_could_match(any_service, "iam:PassRole") is any_service
    assert pattern_could_match("iam:*", "IAM:PASSROLE", ignore_case=True) is True
    assert pattern_could_match(ACCOUNT, "iam:PassRole") is ACCOUNT


def test_display() -> None:
    assert display(concat(["arn:", PARTITION, ":x"])) == "arn:…:x"
    assert display("plain") == "plain" and display(ACCOUNT) == "(unknown)"


def test_hostile_patterns_and_templates_are_answered() -> None:
    # Patterns from the scanned code go through fnmatch's translation, which cannot backtrack
    # catastrophically (a plain ".*" per star would take hours here).
    stars = "*a" * 40 + "b"
    assert pattern_could_match(stars, "iam:" + "a" * 60, ignore_case=True) is False
    many_holes = concat(["a", Unknown("x")] * 60)
    assert could_equal(many_holes, "a" * 300 + "b") is True
    assert matches_pattern("[ab]", "[ab]") is True  # no character classes in IAM
    huge = concat(["arn:" + "x" * 10_000, Unknown("y")])
    assert is_unknown(matches_pattern(huge, "arn:*:z"))  # too long to align: undecided
