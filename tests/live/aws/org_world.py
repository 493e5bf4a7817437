"""An AWS organization in moto: member accounts made through the Organizations API, each with
resources made through its own role (the ``OrganizationAccountAccessRole`` moto creates in a
new member, as AWS does), and helpers to reach them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import boto3

from .motoserver import ACCOUNT, CREDENTIALS, REGION

OTHER_REGION = "eu-west-1"
ROLE = "OrganizationAccountAccessRole"
TRUST_EC2 = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": "ec2.amazonaws.com"},
            }
        ],
    }
)


def caller(endpoint: str, region: str = REGION) -> Any:
    """A session of the management account (moto's default credentials)."""
    return boto3.Session(
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=region,
    )


def member(endpoint: str, account: str, region: str = REGION) -> Any:
    """A session in a member account, through its role."""
    sts = caller(endpoint).client("sts", endpoint_url=endpoint)
    answer = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="org-world"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=answer["AccessKeyId"],
        aws_secret_access_key=answer["SecretAccessKey"],
        aws_session_token=answer["SessionToken"],
        region_name=region,
    )


@dataclass
class OrgWorld:
    endpoint: str
    organization: str
    management: str = ACCOUNT
    members: dict[str, str] = field(default_factory=dict)  # name -> account id
    groups: dict[str, str] = field(default_factory=dict)  # account id -> security group id

    @property
    def accounts(self) -> list[str]:
        return sorted([self.management, *self.members.values()])


def build_org(endpoint: str, names: tuple[str, ...] = ("dev", "prod")) -> OrgWorld:
    """An organization with one member account per name. In each member: a bucket named after
    it, a queue and a role of the same name in every member (only the account tells them
    apart), and a security group in the other region."""
    organizations = caller(endpoint).client("organizations", endpoint_url=endpoint)
    org = organizations.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    world = OrgWorld(endpoint, org)
    for name in names:
        status = organizations.create_account(Email=f"{name}@example.com", AccountName=name)
        account = status["CreateAccountStatus"]["AccountId"]
        world.members[name] = account
        populate(endpoint, account, name, world)
    return world


def populate(endpoint: str, account: str, name: str, world: OrgWorld | None = None) -> None:
    session = member(endpoint, account)
    session.client("s3", endpoint_url=endpoint).create_bucket(Bucket=f"org-{name}-{account}")
    session.client("sqs", endpoint_url=endpoint).create_queue(QueueName="jobs")
    session.client("iam", endpoint_url=endpoint).create_role(
        RoleName="app", AssumeRolePolicyDocument=TRUST_EC2
    )
    ec2 = member(endpoint, account, OTHER_REGION).client("ec2", endpoint_url=endpoint)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    group = ec2.create_security_group(
        GroupName="web", Description=f"web of {name}", VpcId=vpc["VpcId"]
    )["GroupId"]
    if world is not None:
        world.groups[account] = group
