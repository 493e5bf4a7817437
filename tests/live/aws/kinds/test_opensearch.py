"""OpenSearch domains, live: what the collector reads from a real moto server, and what the
OpenSearch rules make of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import REGION, client, session
from .verdicts import live_verdicts

OPEN = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*", "Resource": "*"}
    ],
}


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """A public domain with every default, open to everyone; a hardened one in a VPC."""
    opensearch = c("opensearch")
    key = c("kms").create_key(Description="opensearch")["KeyMetadata"]["Arn"]
    opensearch.create_domain(DomainName="every-os-open", AccessPolicies=json.dumps(OPEN))
    opensearch.create_domain(
        DomainName="every-os-hard",
        EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceCount": 3, "ZoneAwarenessEnabled": True},
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": key},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={
            "EnforceHTTPS": True,
            "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10",
        },
        AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": True},
        VPCOptions={"SubnetIds": ["subnet-12345678"], "SecurityGroupIds": ["sg-12345678"]},
        LogPublishingOptions={
            name: {
                "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:os",
                "Enabled": True,
            }
            for name in ("AUDIT_LOGS", "ES_APPLICATION_LOGS")
        },
    )
    return {"os_open": "every-os-open", "os_hard": "every-os-hard"}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    # The key too: whether the hardened domain's key is customer-managed is read from it.
    options = CollectOptions(kinds=select(("aws.opensearch.domain", "aws.kms.key")))
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def test_domains_are_collected_with_their_settings(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = {r.physical_id: r.attributes for r in snapshot.resources if r.kind.endswith("domain")}
    plain, hard = by[made["os_open"]], by[made["os_hard"]]
    assert plain["encrypt_at_rest"] is False and plain["node_to_node_encryption"] is False
    assert plain["enforce_https"] is False and plain["subnet_ids"] == []
    assert plain["log_types"] == [] and plain["fine_grained_access_control"] is False
    assert plain["access_policies"]["Statement"][0]["Principal"] == {"AWS": ["*"]}
    assert hard["encrypt_at_rest"] is True and hard["kms_key_id"].startswith("arn:aws:kms:")
    assert hard["node_to_node_encryption"] is True and hard["enforce_https"] is True
    assert hard["tls_security_policy"] == "Policy-Min-TLS-1-2-PFS-2023-10"
    assert hard["fine_grained_access_control"] is True
    assert hard["subnet_ids"] == ["subnet-12345678"]
    assert hard["security_group_ids"] == ["sg-12345678"]
    assert hard["log_types"] == ["AUDIT_LOGS", "ES_APPLICATION_LOGS"]
    assert hard["instance_count"] == 3 and hard["zone_awareness_enabled"] is True
    assert hard["access_policies"] is None


def test_the_opensearch_rules_judge_the_live_domains(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    verdicts = live_verdicts(snapshot, "AWS-OPENSEARCH-")
    assert {code for code, name in verdicts if name == made["os_hard"]} == set()
    failed = {code for code, name in verdicts if name == made["os_open"]}
    assert failed >= {
        "AWS-OPENSEARCH-001",
        "AWS-OPENSEARCH-003",
        "AWS-OPENSEARCH-004",
        "AWS-OPENSEARCH-005",
        "AWS-OPENSEARCH-006",
    }
