"""SageMaker, live: notebook instances, endpoint configurations and domains read from a real
moto server, and what the SageMaker rules make of them."""

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

ROLE = "arn:aws:iam::123456789012:role/every-apps-role"


def build(c: Callable[[str], Any]) -> dict[str, Any]:
    """An open notebook and a locked-down one, an endpoint configuration of one instance
    without a key, and a domain on the public internet."""
    sm = c("sagemaker")
    sm.create_notebook_instance(
        NotebookInstanceName="every-notebook", InstanceType="ml.t3.medium", RoleArn=ROLE
    )
    sm.create_notebook_instance(
        NotebookInstanceName="every-notebook-locked",
        InstanceType="ml.t3.medium",
        RoleArn=ROLE,
        SubnetId="subnet-12345678",
        SecurityGroupIds=["sg-12345678"],
        KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/every",
        DirectInternetAccess="Disabled",
        RootAccess="Disabled",
    )
    sm.create_model(
        ModelName="every-model",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"},
    )
    sm.create_endpoint_config(
        EndpointConfigName="every-endpoint-config",
        ProductionVariants=[
            {
                "VariantName": "v1",
                "ModelName": "every-model",
                "InitialInstanceCount": 1,
                "InstanceType": "ml.t2.medium",
            }
        ],
    )
    domain = sm.create_domain(
        DomainName="every-domain",
        AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": ROLE},
        SubnetIds=["subnet-12345678"],
        VpcId="vpc-12345678",
    )["DomainArn"]
    return {"sagemaker_domain": domain.rsplit("/", 1)[-1]}


@pytest.fixture(scope="module")
def collected(moto: str) -> tuple[dict[str, Any], Snapshot]:
    made = build(lambda service: client(moto, service, REGION))
    options = CollectOptions(
        kinds=select(("notebook_instance", "endpoint_config", "aws.sagemaker.domain"))
    )
    target = Target(regions=(REGION,), endpoint_url=moto)
    return made, collect_aws(target, options, session=session())


def _by(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r.kind, str(r.physical_id)): dict(r.attributes) for r in snapshot.resources}


def test_sagemaker_is_collected(collected: tuple[dict[str, Any], Snapshot]) -> None:
    made, snapshot = collected
    assert snapshot.coverage.gaps == ()
    assert schema_errors(snapshot.resources) == []
    by = _by(snapshot)
    notebook = by[("aws.sagemaker.notebook_instance", "every-notebook")]
    assert notebook["direct_internet_access"] == "Enabled" and notebook["root_access"] == "Enabled"
    assert notebook["subnet_id"] is None and notebook["kms_key_id"] is None
    assert notebook["minimum_instance_metadata_service_version"] == "1"
    locked = by[("aws.sagemaker.notebook_instance", "every-notebook-locked")]
    assert locked["direct_internet_access"] == "Disabled" and locked["root_access"] == "Disabled"
    assert locked["subnet_id"] == "subnet-12345678"
    assert locked["security_group_ids"] == ["sg-12345678"]
    config = by[("aws.sagemaker.endpoint_config", "every-endpoint-config")]
    assert config["kms_key_id"] is None
    assert config["production_variants"] == [{"variant_name": "v1", "initial_instance_count": 1}]
    domain = by[("aws.sagemaker.domain", made["sagemaker_domain"])]
    assert domain["app_network_access_type"] == "PublicInternetOnly"
    assert domain["execution_role"] == ROLE and domain["subnet_ids"] == ["subnet-12345678"]


def test_the_sagemaker_rules_judge_what_was_collected(
    collected: tuple[dict[str, Any], Snapshot],
) -> None:
    made, snapshot = collected
    rules = [r for r in load_rules() if r.meta.code.startswith("AWS-SAGEMAKER-")]
    report = posture(snapshot, rules)
    failed = {
        (f.code, f.address.rsplit("/", 1)[-1])
        for f in report.findings
        if f.status is FindingStatus.FAIL
    }
    assert failed == {
        ("AWS-SAGEMAKER-001", "every-notebook"),
        ("AWS-SAGEMAKER-002", "every-notebook"),
        ("AWS-SAGEMAKER-003", "every-notebook"),
        ("AWS-SAGEMAKER-004", "every-notebook"),
        ("AWS-SAGEMAKER-005", "every-notebook"),
        ("AWS-SAGEMAKER-005", "every-notebook-locked"),
        ("AWS-SAGEMAKER-006", "every-endpoint-config"),
        ("AWS-SAGEMAKER-007", "every-endpoint-config"),
        ("AWS-SAGEMAKER-008", made["sagemaker_domain"]),
        ("AWS-SAGEMAKER-009", made["sagemaker_domain"]),
    }
