"""ACM certificates, live: what the collector reads from a real moto server, and what the ACM
rules make of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iacgate.findings import FindingStatus
from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws, posture
from iacgate.rules.packs import load_rules
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A DNS-validated certificate, and an email-validated wildcard one that opts out of
    transparency logging."""
    acm = c("acm")
    dns = acm.request_certificate(
        DomainName="www.every.example",
        ValidationMethod="DNS",
        Tags=[{"Key": "team", "Value": "a"}],
    )["CertificateArn"]
    email = acm.request_certificate(
        DomainName="*.every.example",
        ValidationMethod="EMAIL",
        Options={"CertificateTransparencyLoggingPreference": "DISABLED"},
    )["CertificateArn"]
    return {"acm_dns": dns, "acm_email": email}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.acm.certificate",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_certificates_are_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {
        r.physical_id: r.attributes for r in snapshot.resources if r.kind == "aws.acm.certificate"
    }
    dns, email = by[made["acm_dns"]], by[made["acm_email"]]
    assert dns["domain_name"] == "www.every.example" and dns["type"] == "AMAZON_ISSUED"
    assert dns["validation_method"] == "DNS" and dns["key_algorithm"] == "RSA_2048"
    assert dns["transparency_logging"] == "ENABLED" and dns["tags"] == {"team": "a"}
    assert isinstance(dns["not_after"], str)
    # moto answers ValidationMethod DNS for every certificate (real AWS says EMAIL here).
    assert email["validation_method"] in ("EMAIL", "DNS")
    assert email["transparency_logging"] == "DISABLED"


def test_the_acm_rules_judge_the_live_certificates(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-ACM-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address)
        for f in report.findings
        if f.status is FindingStatus.FAIL and f.code != "AWS-ACM-003"  # moto: always DNS
    }
    assert failed == {
        ("AWS-ACM-001", made["acm_email"]),
        ("AWS-ACM-004", made["acm_email"]),
    }
