"""The canonical kind vocabulary and each kind's attribute schema, declared once.

Schemas are JSON Schema documents shipped beside this module (one file per provider). They
document every attribute a rule may read, with provider defaults under ``default``; tests
validate every adapter's output against them. Loading them is lazy: a scan never needs them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class KindSpec:
    name: str
    provider: str  # "k8s", "aws"
    schema_file: str
    description: str


def _k8s(name: str, description: str) -> KindSpec:
    return KindSpec(name, "k8s", "k8s.json", description)


def _aws(name: str, description: str) -> KindSpec:
    return KindSpec(name, "aws", "aws.json", description)


# The registry is a visible literal: adding a kind means adding a line here and its schema.
KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        _k8s("k8s.core.pod", "A Pod"),
        _k8s("k8s.core.replication_controller", "A ReplicationController (legacy workload)"),
        _k8s("k8s.core.service", "A Service"),
        _k8s("k8s.core.service_account", "A ServiceAccount"),
        _k8s("k8s.core.namespace", "A Namespace"),
        _k8s("k8s.core.config_map", "A ConfigMap"),
        _k8s("k8s.core.secret", "A Secret (values are never read or reported)"),
        _k8s("k8s.apps.deployment", "A Deployment"),
        _k8s("k8s.apps.stateful_set", "A StatefulSet"),
        _k8s("k8s.apps.daemon_set", "A DaemonSet"),
        _k8s("k8s.apps.replica_set", "A ReplicaSet"),
        _k8s("k8s.batch.job", "A Job"),
        _k8s("k8s.batch.cron_job", "A CronJob"),
        _k8s("k8s.rbac.role", "An RBAC Role"),
        _k8s("k8s.rbac.cluster_role", "An RBAC ClusterRole"),
        _k8s("k8s.rbac.role_binding", "An RBAC RoleBinding"),
        _k8s("k8s.rbac.cluster_role_binding", "An RBAC ClusterRoleBinding"),
        _k8s("k8s.networking.network_policy", "A NetworkPolicy"),
        _k8s("k8s.networking.ingress", "An Ingress"),
        _k8s("k8s.kubelet.kubelet_configuration", "A kubelet configuration file"),
        _k8s("k8s.apiserver.encryption_configuration", "The API server's encryption config file"),
        _aws("aws.s3.bucket", "An S3 bucket, with its bucket-level settings folded in"),
        _aws("aws.s3.bucket_policy", "A bucket policy (also folded into its bucket)"),
        _aws("aws.s3.account_public_access_block", "The account-level S3 public access block"),
        _aws("aws.ec2.security_group", "A VPC security group with all its rules"),
        _aws("aws.ec2.security_group_rule", "Rules of a security group declared elsewhere"),
        _aws("aws.ec2.instance", "An EC2 instance"),
        _aws("aws.ec2.volume", "An EBS volume"),
        _aws("aws.ec2.ebs_encryption_by_default", "EBS encryption by default (per region)"),
        _aws("aws.ec2.vpc", "A VPC"),
        _aws("aws.ec2.subnet", "A VPC subnet"),
        _aws("aws.ec2.flow_log", "A VPC/subnet/ENI flow log"),
        _aws("aws.iam.role", "An IAM role with its inline and attached policies"),
        _aws("aws.iam.user", "An IAM user with its policies and group memberships"),
        _aws("aws.iam.group", "An IAM group with its inline and attached policies"),
        _aws("aws.iam.policy", "A customer-managed IAM policy"),
        _aws("aws.iam.access_key", "An IAM access key (never its secret)"),
        _aws("aws.iam.instance_profile", "An IAM instance profile"),
        _aws("aws.rds.db_instance", "An RDS DB instance (standalone or a cluster member)"),
        _aws("aws.rds.db_cluster", "An RDS/Aurora DB cluster"),
        _aws("aws.kms.key", "A KMS key with its aliases"),
        _aws("aws.cloudtrail.trail", "A CloudTrail trail"),
        _aws("aws.lambda.function", "A Lambda function"),
        _aws("aws.dynamodb.table", "A DynamoDB table"),
        _aws("aws.sqs.queue", "An SQS queue with its queue policy"),
        _aws("aws.sns.topic", "An SNS topic with its topic policy"),
        _aws("aws.eks.cluster", "An EKS cluster"),
        _aws("aws.elbv2.load_balancer", "An application/network/gateway load balancer"),
        _aws("aws.elbv2.listener", "A load balancer listener"),
        _aws("aws.ecr.repository", "An ECR repository with its repository policy"),
        _aws("aws.secretsmanager.secret", "A Secrets Manager secret with its rotation"),
        _aws("aws.logs.log_group", "A CloudWatch Logs log group"),
        _aws("aws.apigateway.stage", "An API Gateway (REST) stage with its method settings"),
        _aws("aws.cloudfront.distribution", "A CloudFront distribution"),
    )
}


# Which sources can express a provider's kinds: each rule needs fixtures for every one of them.
SOURCES_BY_PROVIDER: dict[str, tuple[str, ...]] = {
    "k8s": ("kubernetes",),
    "aws": ("terraform", "terraform-plan", "cloudformation"),
}


# Kinds a source of their provider cannot express (CloudFormation has no resource type for the
# account-level S3 public access block or for EBS encryption by default).
INEXPRESSIBLE: dict[str, frozenset[str]] = {
    "aws.s3.account_public_access_block": frozenset({"cloudformation"}),
    "aws.ec2.ebs_encryption_by_default": frozenset({"cloudformation"}),
}


def sources_for(kind: str) -> tuple[str, ...]:
    spec = KINDS.get(kind)
    if spec is None:
        return ()
    excluded = INEXPRESSIBLE.get(kind, frozenset())
    return tuple(s for s in SOURCES_BY_PROVIDER.get(spec.provider, ()) if s not in excluded)


@cache
def _schema_file(name: str) -> dict[str, Any]:
    # Beside this module (importlib.resources would cost ~8 ms of start-up to say the same).
    text = (Path(__file__).parent / "schemas" / name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``, with the provider file's shared ``$defs`` attached."""
    spec = KINDS[kind]
    document = _schema_file(spec.schema_file)
    schema = dict(document["kinds"][kind])
    schema["$defs"] = document.get("$defs", {})
    return schema
