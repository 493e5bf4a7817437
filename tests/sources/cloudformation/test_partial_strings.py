"""Fn::Sub and Fn::Join with unknown parts keep their known text (model/unknown.py)."""

from __future__ import annotations

import textwrap

from iacgate.model.unknown import is_unknown

from .helpers import properties

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Name: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  R:
    Type: AWS::Test::Thing
    Properties:
"""


def resolve(snippet: str) -> object:
    return properties(TEMPLATE + textwrap.indent(textwrap.dedent(snippet), " " * 6))["P"]


def test_sub_with_a_pseudo_parameter_keeps_the_rest_of_the_arn() -> None:
    arn = resolve("P: !Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess'")
    assert is_unknown(arn) and "AWS::Partition" in arn.reason
    assert arn.template == ("arn:", None, ":iam::aws:policy/AdministratorAccess")


def test_sub_with_an_attribute_and_a_parameter() -> None:
    value = resolve("P: !Sub '${Bucket.Arn}/${Name}/*'")
    # The bucket's Arn is an ARN: known to start "arn:", never "*" (an AWS:: resource's Arn).
    assert value.template == ("arn:", None, "/", None, "/*")


def test_join_leaves_holes_for_unknown_items() -> None:
    value = resolve("P: !Join ['', ['arn:aws:iam::', !Ref 'AWS::AccountId', ':root']]")
    assert value.template == ("arn:aws:iam::", None, ":root")
    assert resolve("P: !Join [':', [a, b]]") == "a:b"
