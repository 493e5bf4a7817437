"""Classic load balancers, live: what the collector reads from a real moto server (listeners,
policies, attributes, tags), and what the classic ELB rules make of it."""

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

CERT = "arn:aws:iam::123456789012:server-certificate/legacy"


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A plain HTTP classic load balancer in one zone, and an HTTPS one in two zones with a
    custom SSL negotiation policy that keeps TLS 1.0, access logs, cross-zone load balancing
    and connection draining."""
    elb = c("elb")
    elb.create_load_balancer(
        LoadBalancerName="every-classic-http",
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
        AvailabilityZones=[f"{REGION}a"],
        Tags=[{"Key": "team", "Value": "a"}],
    )
    elb.create_load_balancer(
        LoadBalancerName="every-classic-https",
        Listeners=[
            {
                "Protocol": "HTTPS",
                "LoadBalancerPort": 443,
                "InstanceProtocol": "HTTP",
                "InstancePort": 8080,
                "SSLCertificateId": CERT,
            }
        ],
        AvailabilityZones=[f"{REGION}a", f"{REGION}b"],
    )
    elb.create_load_balancer_policy(
        LoadBalancerName="every-classic-https",
        PolicyName="legacy-tls",
        PolicyTypeName="SSLNegotiationPolicyType",
        PolicyAttributes=[
            {"AttributeName": "Protocol-TLSv1", "AttributeValue": "true"},
            {"AttributeName": "Protocol-TLSv1.2", "AttributeValue": "true"},
            {"AttributeName": "ECDHE-RSA-AES128-GCM-SHA256", "AttributeValue": "true"},
        ],
    )
    elb.set_load_balancer_policies_of_listener(
        LoadBalancerName="every-classic-https", LoadBalancerPort=443, PolicyNames=["legacy-tls"]
    )
    elb.modify_load_balancer_attributes(
        LoadBalancerName="every-classic-https",
        LoadBalancerAttributes={
            "CrossZoneLoadBalancing": {"Enabled": True},
            "ConnectionDraining": {"Enabled": True, "Timeout": 120},
            "AccessLog": {"Enabled": True, "S3BucketName": "every-elb-logs", "EmitInterval": 5},
        },
    )
    return {"elb_http": "every-classic-http", "elb_https": "every-classic-https"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(kinds=select(("aws.elb.load_balancer",)))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_classic_load_balancers_are_collected_with_policies_and_attributes(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {
        r.physical_id: r.attributes for r in snapshot.resources if r.kind == "aws.elb.load_balancer"
    }
    plain, tls = by[made["elb_http"]], by[made["elb_https"]]
    assert plain["listeners"] == [
        {
            "lb_port": 80,
            "lb_protocol": "HTTP",
            "instance_port": 8080,
            "instance_protocol": "HTTP",
            "ssl_certificate_id": None,
            "policy_names": [],
        }
    ]
    assert plain["access_logs"] is None and plain["cross_zone_load_balancing"] is False
    assert plain["connection_draining"] is False and plain["tags"] == {"team": "a"}
    assert plain["arn"].endswith(":loadbalancer/every-classic-http")
    listener = tls["listeners"][0]
    assert listener["ssl_certificate_id"] == CERT and listener["policy_names"] == ["legacy-tls"]
    policy = tls["policies"]["legacy-tls"]
    assert policy["type"] == "SSLNegotiationPolicyType"
    assert policy["attributes"]["Protocol-TLSv1"] == "true"
    assert tls["access_logs"] == {"bucket": "every-elb-logs", "prefix": None, "interval": 5}
    assert tls["cross_zone_load_balancing"] is True
    assert tls["connection_draining"] is True and tls["connection_draining_timeout"] == 120
    assert tls["desync_mitigation_mode"] == "defensive"


def test_the_classic_elb_rules_judge_the_live_load_balancers(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    names = {r.meta.code: r.meta.name for r in load_rules()}
    rules = [r for r in load_rules() if r.meta.name.startswith("classic-elb-")]
    report = posture(snapshot, rules)
    failed = {
        (names[f.code], f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    http, tls = made["elb_http"], made["elb_https"]
    assert failed == {
        ("classic-elb-listener-not-encrypted", http),
        ("classic-elb-access-logs-disabled", http),
        ("classic-elb-cross-zone-disabled", http),
        ("classic-elb-connection-draining-disabled", http),
        ("classic-elb-single-availability-zone", http),
        ("classic-elb-outdated-tls-policy", tls),
        ("classic-elb-certificate-not-from-acm", tls),
    }
