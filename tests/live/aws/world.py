"""The infrastructure of ``tests/fixtures/terraform/live_aws/main.tf``, built with boto3, and
the out-of-band changes the drift tests make to it.

``build`` makes in moto exactly what ``terraform apply`` of that configuration makes; the
committed ``state.json`` (real terraform output against moto) is then the declared side, with
the ids moto assigned this time put in place of those of the run that wrote it (``rebind``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES

from .motoserver import ACCOUNT, client

CONFIG = FIXTURES / "terraform" / "live_aws"
STATE = CONFIG / "state.json"
FIXED_ENDPOINT = "http://127.0.0.1:4566"  # what the committed JSON says (tfharness)
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"

ASSUME_EC2 = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": "ec2.amazonaws.com"},
        }
    ],
}
READ_LOGS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["logs:GetLogEvents"], "Resource": "*"}],
}


def build(endpoint: str) -> dict[str, str]:
    """Create the configuration's resources; returns the ids moto assigned."""
    kms = client(endpoint, "kms")
    key = kms.create_key(Description="live-aws data key")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket="iacgate-live-data")
    s3.put_bucket_tagging(
        Bucket="iacgate-live-data", Tagging={"TagSet": [{"Key": "team", "Value": "platform"}]}
    )
    s3.put_bucket_encryption(
        Bucket="iacgate-live-data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key["Arn"],
                    }
                }
            ]
        },
    )
    s3.put_bucket_versioning(
        Bucket="iacgate-live-data", VersioningConfiguration={"Status": "Enabled"}
    )
    blocked = {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    s3.put_public_access_block(Bucket="iacgate-live-data", PublicAccessBlockConfiguration=blocked)
    s3.create_bucket(Bucket="iacgate-live-logs")
    s3.put_public_access_block(Bucket="iacgate-live-logs", PublicAccessBlockConfiguration=blocked)
    ec2 = client(endpoint, "ec2")
    vpc = ec2.create_vpc(
        CidrBlock="10.20.0.0/16",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "live-aws"}]}],
    )["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="web", Description="web tier", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "10.20.0.0/16", "Description": "https from the vpc"}],
            }
        ],
    )
    iam = client(endpoint, "iam")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(ASSUME_EC2))
    policy = iam.create_policy(PolicyName="read-logs", PolicyDocument=json.dumps(READ_LOGS))
    iam.attach_role_policy(RoleName="app", PolicyArn=policy["Policy"]["Arn"])
    # The provider sends its own default for the message size (AWS's own is 1 MiB since 2025).
    client(endpoint, "sqs").create_queue(
        QueueName="jobs", Attributes={"MaximumMessageSize": "262144"}
    )
    logs = client(endpoint, "logs")
    logs.create_log_group(logGroupName="/app/web")
    logs.put_retention_policy(logGroupName="/app/web", retentionInDays=14)
    return {"kms_key": key["KeyId"], "vpc": vpc, "security_group": group}


def _state_ids(state: dict[str, Any]) -> dict[str, str]:
    values = {r["address"]: r["values"] for r in state["values"]["root_module"]["resources"]}
    return {
        "kms_key": values["aws_kms_key.data"]["key_id"],
        "vpc": values["aws_vpc.main"]["id"],
        "security_group": values["aws_security_group.web"]["id"],
    }


def rebind(endpoint: str, ids: dict[str, str], target: Path, source: Path = STATE) -> Path:
    """The committed state with this run's endpoint and ids; written to ``target``."""
    text = source.read_text(encoding="utf-8")
    old = _state_ids(json.loads(text))
    for name, value in old.items():
        text = text.replace(value, ids[name])
    target.write_text(text.replace(FIXED_ENDPOINT, endpoint), encoding="utf-8")
    return target


# -- the out-of-band changes ---------------------------------------------------------------


def change_behind_the_code(endpoint: str, ids: dict[str, str]) -> None:
    """What someone does by hand: each one must show up as drift, nothing else may."""
    s3 = client(endpoint, "s3")
    s3.delete_bucket_encryption(Bucket="iacgate-live-data")  # real AWS: back to SSE-S3
    s3.delete_public_access_block(Bucket="iacgate-live-logs")
    client(endpoint, "ec2").authorize_security_group_ingress(
        GroupId=ids["security_group"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    client(endpoint, "iam").attach_role_policy(RoleName="app", PolicyArn=ADMIN)
    client(endpoint, "logs").delete_log_group(logGroupName="/app/web")
    client(endpoint, "sqs").create_queue(QueueName="made-by-hand")


def queue_url(endpoint: str, name: str) -> str:
    return f"{endpoint}/{ACCOUNT}/{name}"
