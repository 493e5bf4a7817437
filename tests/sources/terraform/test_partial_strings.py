"""Template strings with unknown parts keep their known text (model/unknown.py)."""

from __future__ import annotations

from pathlib import Path

from iacgate.model.unknown import Unknown, is_unknown

from .helpers import evaluate, records, value

ACCOUNT = Unknown("data.aws_caller_identity.current.account_id is read from the provider")


def test_an_interpolated_unknown_leaves_a_hole_between_the_known_text() -> None:
    arn = value('"arn:aws:iam::${account}:root"', account=ACCOUNT)
    assert is_unknown(arn) and arn.reason == ACCOUNT.reason
    assert arn.template == ("arn:aws:iam::", None, ":root")


def test_several_unknowns_and_known_parts() -> None:
    arn = value('"arn:${p}:iam::${a}:policy/${name}"', p=ACCOUNT, a=ACCOUNT, name="Admin")
    assert arn.template == ("arn:", None, ":iam::", None, ":policy/Admin")


def test_an_unknown_directive_is_a_hole_too() -> None:
    text = value('"x-%{ if flag }on%{ else }off%{ endif }-y"', flag=Unknown("flag"))
    assert text.template == ("x-", None, "-y")
    looped = value('"[%{ for i in items }${i},%{ endfor }]"', items=Unknown("items"))
    assert looped.template == ("[", None, "]")


def test_known_templates_are_plain_strings() -> None:
    assert value('"a-${b}"', b="c") == "a-c"
    whole = value('"${x}"', x=ACCOUNT)
    assert is_unknown(whole) and whole.template is None


def test_an_arn_the_aws_provider_computes_starts_with_arn(tmp_path: Path) -> None:
    read = evaluate(
        tmp_path,
        {
            "main.tf": """
                resource "aws_kms_key" "k" {}
                data "aws_iam_role" "r" { name = "x" }
                resource "random_pet" "p" {}
                resource "aws_thing" "t" {
                  key     = aws_kms_key.k.arn
                  role    = data.aws_iam_role.r.arn
                  objects = "${aws_kms_key.k.arn}/*"
                  other   = aws_kms_key.k.key_id
                  pet     = random_pet.p.id
                }
            """
        },
    )
    values = records(read)["aws_thing.t"].values
    assert values["key"].template == ("arn:", None)
    assert values["role"].template == ("arn:", None)
    assert values["objects"].template == ("arn:", None, "/*")
    assert values["other"].template is None and values["pet"].template is None
