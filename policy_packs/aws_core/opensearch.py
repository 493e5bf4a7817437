"""OpenSearch Service domains (OpenSearch and Elasticsearch engines): encryption at rest and in
transit, public exposure, access control, logs and resilience."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Status,
    Verdicts,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, public_policy_verdicts, reason
from ._checks import at_least, customer_key, lists, not_setting, setting

DOMAIN = "aws.opensearch.domain"


@rule(
    code="AWS-OPENSEARCH-001",
    name="opensearch-domain-unencrypted-at-rest",
    kind=DOMAIN,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ES.1", "Opensearch.1"]},
    tags=["opensearch", "encryption-at-rest"],
)
def opensearch_domain_unencrypted_at_rest(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain stores its indices unencrypted.

    What it checks
        ``encrypt_at_rest`` must be true. Terraform, CloudFormation and the API create domains
        unencrypted unless asked (only the console asks by default); Elasticsearch domains are
        judged the same.
    Why it matters
        Indices, logs, swap files and automated snapshots sit in clear on the service's storage;
        encryption cannot be turned on for an existing domain of an old engine without a
        migration.
    How to fix
        Enable encryption at rest (with a customer-managed key: AWS-OPENSEARCH-002).

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          encrypt_at_rest {
            enabled    = true
            kms_key_id = aws_kms_key.search.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            EncryptionAtRestOptions:
              Enabled: true
              KmsKeyId: !Ref SearchKey
        ```
    """
    return setting(domain, "encrypt_at_rest", True, "the domain is not encrypted at rest")


@rule(
    code="AWS-OPENSEARCH-002",
    name="opensearch-domain-not-encrypted-with-cmk",
    kind=DOMAIN,
    severity=Severity.LOW,
    tags=["opensearch", "encryption-at-rest"],
)
def opensearch_domain_not_encrypted_with_cmk(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain is not encrypted with a customer-managed KMS key.

    What it checks
        An encrypted domain must name a KMS key of the account's own (``kms_key_id``): no key,
        or the ``aws/es`` alias, is the AWS managed key. A key the scan does not hold cannot be
        told apart: unknown. An unencrypted domain fails (AWS-OPENSEARCH-001 says why).
    Why it matters
        A customer-managed key adds a key policy that decides, independently of IAM, who can
        read the indices and snapshots, logs every use, and can be disabled to cut access.
    How to fix
        Encrypt the domain with a customer-managed key.

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          encrypt_at_rest {
            enabled    = true
            kms_key_id = aws_kms_key.search.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            EncryptionAtRestOptions:
              Enabled: true
              KmsKeyId: !Ref SearchKey
        ```
    """
    encrypted = setting(domain, "encrypt_at_rest", True, "the domain is not encrypted at rest")
    if encrypted.status is not Status.PASS:
        return encrypted
    return customer_key(domain, ctx, "kms_key_id", "alias/aws/es")


@rule(
    code="AWS-OPENSEARCH-003",
    name="opensearch-domain-node-to-node-unencrypted",
    kind=DOMAIN,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ES.3", "Opensearch.3"]},
    tags=["opensearch", "encryption-in-transit"],
)
def opensearch_domain_node_to_node_unencrypted(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain's nodes talk to each other in clear.

    What it checks
        ``node_to_node_encryption`` must be true: off unless asked for, in every source.
    Why it matters
        Without it, documents and queries cross the domain's network between nodes unencrypted,
        readable by anything that can observe the VPC traffic.
    How to fix
        Enable node-to-node encryption (a blue/green update for existing domains).

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          node_to_node_encryption {
            enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            NodeToNodeEncryptionOptions:
              Enabled: true
        ```
    """
    return setting(domain, "node_to_node_encryption", True, "node-to-node encryption is off")


@rule(
    code="AWS-OPENSEARCH-004",
    name="opensearch-domain-https-not-enforced",
    kind=DOMAIN,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ES.8", "Opensearch.8"]},
    tags=["opensearch", "encryption-in-transit"],
)
def opensearch_domain_https_not_enforced(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain accepts plain HTTP or TLS 1.0.

    What it checks
        ``enforce_https`` must be true and ``tls_security_policy`` must not be ``Policy-Min-
        TLS-1-0-2019-07`` (the API's default). The Terraform provider enforces HTTPS by default
        only inside a ``domain_endpoint_options`` block.
    Why it matters
        Plain HTTP sends credentials, queries and documents in clear; TLS 1.0 and 1.1 have known
        weaknesses and fail most audit baselines.
    How to fix
        Require HTTPS with a TLS 1.2 policy.

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          domain_endpoint_options {
            enforce_https       = true
            tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            DomainEndpointOptions:
              EnforceHTTPS: true
              TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10
        ```
    """
    https = setting(domain, "enforce_https", True, "plain HTTP is accepted (enforce_https is off)")
    if https.status is not Status.PASS:
        return https
    return not_setting(
        domain,
        "tls_security_policy",
        "Policy-Min-TLS-1-0-2019-07",
        "the TLS policy admits TLS 1.0 and 1.1",
    )


@rule(
    code="AWS-OPENSEARCH-005",
    name="opensearch-domain-public-access-policy",
    kind=DOMAIN,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ES.2", "Opensearch.2"]},
    tags=["opensearch", "public-exposure"],
)
def opensearch_domain_public_access_policy(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain with a public endpoint lets anyone in through its access policy.

    What it checks
        A domain outside any VPC (no ``subnet_ids``) must not have an access policy statement
        that allows every principal without a condition confining it to known callers (an
        account, an organisation, source addresses). A domain in a VPC is reached only through
        its network: it passes.
    Why it matters
        Its endpoint is on the internet: such a statement lets anyone read, write and delete
        indices, the usual cause of leaked Elasticsearch data.
    How to fix
        Place the domain in a VPC, or name principals (or a source IP condition) in the access
        policy.

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          vpc_options {
            subnet_ids         = [aws_subnet.private.id]
            security_group_ids = [aws_security_group.search.id]
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            VPCOptions:
              SubnetIds: [!Ref PrivateSubnet]
              SecurityGroupIds: [!Ref SearchGroup]
        ```
    """
    subnets = domain.get("subnet_ids")
    if is_unknown(subnets):
        return unknown(reason(subnets, "subnet_ids"), "subnet_ids")
    if subnets:
        return ok()  # reached only through the VPC
    return public_policy_verdicts(domain, ("access_policies",), "the access policy")


@rule(
    code="AWS-OPENSEARCH-006",
    name="opensearch-domain-outside-vpc",
    kind=DOMAIN,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ES.2", "Opensearch.2"]},
    tags=["opensearch", "public-exposure"],
)
def opensearch_domain_outside_vpc(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain has a public endpoint (it is not in a VPC).

    What it checks
        ``subnet_ids`` must not be empty: a domain without VPC options gets an endpoint on the
        internet, guarded by its access policy only.
    Why it matters
        A public endpoint is one access-policy mistake away from an open cluster, and cannot be
        limited by security groups or private routing.
    How to fix
        Create the domain in private subnets of a VPC (it cannot be moved into one later).

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          vpc_options {
            subnet_ids         = [aws_subnet.private.id]
            security_group_ids = [aws_security_group.search.id]
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            VPCOptions:
              SubnetIds: [!Ref PrivateSubnet]
        ```
    """
    subnets = domain.get("subnet_ids")
    if is_unknown(subnets):
        return unknown(reason(subnets, "subnet_ids"), "subnet_ids")
    return (
        ok() if subnets else fail("the domain has a public endpoint (no VPC options)", "subnet_ids")
    )


@rule(
    code="AWS-OPENSEARCH-007",
    name="opensearch-domain-fine-grained-access-disabled",
    kind=DOMAIN,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["Opensearch.7"]},
    tags=["opensearch", "access-control"],
)
def opensearch_domain_fine_grained_access_disabled(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain has no fine-grained access control.

    What it checks
        ``fine_grained_access_control`` (advanced security options) must be true.
    Why it matters
        Without it, whoever passes the access policy can read and change every index; fine-
        grained access control adds users, roles and index-, document- and field-level
        permissions.
    How to fix
        Enable advanced security options with a master user (requires HTTPS, node-to-node
        encryption and encryption at rest).

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          advanced_security_options {
            enabled                        = true
            internal_user_database_enabled = false
            master_user_options {
              master_user_arn = aws_iam_role.search_admin.arn
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            AdvancedSecurityOptions:
              Enabled: true
              MasterUserOptions:
                MasterUserARN: !GetAtt SearchAdmin.Arn
        ```
    """
    return setting(
        domain, "fine_grained_access_control", True, "fine-grained access control is off"
    )


@rule(
    code="AWS-OPENSEARCH-008",
    name="opensearch-domain-audit-logs-disabled",
    kind=DOMAIN,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ES.5", "Opensearch.5"]},
    tags=["opensearch", "logging"],
)
def opensearch_domain_audit_logs_disabled(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain does not publish audit logs.

    What it checks
        ``log_types`` must include ``AUDIT_LOGS`` (a log publishing option of that type,
        enabled, sending to CloudWatch Logs).
    Why it matters
        Audit logs record who authenticated and which indices they read or changed; without them
        an intrusion or a data leak leaves no trace.
    How to fix
        Publish audit logs to a CloudWatch Logs group (fine-grained access control must be on).

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          log_publishing_options {
            log_type                 = "AUDIT_LOGS"
            cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            LogPublishingOptions:
              AUDIT_LOGS:
                CloudWatchLogsLogGroupArn: !GetAtt SearchLogs.Arn
                Enabled: true
        ```
    """
    return lists(domain, "log_types", "AUDIT_LOGS", "audit logs are not published")


@rule(
    code="AWS-OPENSEARCH-009",
    name="opensearch-domain-error-logs-disabled",
    kind=DOMAIN,
    severity=Severity.LOW,
    frameworks={FSBP: ["ES.4", "Opensearch.4"]},
    tags=["opensearch", "logging"],
)
def opensearch_domain_error_logs_disabled(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain does not publish its error logs.

    What it checks
        ``log_types`` must include ``ES_APPLICATION_LOGS`` (the error logs, enabled, sent to
        CloudWatch Logs).
    Why it matters
        Error logs show failed requests, cluster faults and some attack patterns; without them
        incidents are investigated blind.
    How to fix
        Publish the application (error) logs to a CloudWatch Logs group.

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          log_publishing_options {
            log_type                 = "ES_APPLICATION_LOGS"
            cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            LogPublishingOptions:
              ES_APPLICATION_LOGS:
                CloudWatchLogsLogGroupArn: !GetAtt SearchLogs.Arn
                Enabled: true
        ```
    """
    return lists(domain, "log_types", "ES_APPLICATION_LOGS", "error logs are not published")


@rule(
    code="AWS-OPENSEARCH-010",
    name="opensearch-domain-fewer-than-three-data-nodes",
    kind=DOMAIN,
    severity=Severity.LOW,
    frameworks={FSBP: ["ES.6", "Opensearch.6"]},
    tags=["opensearch", "availability"],
)
def opensearch_domain_fewer_than_three_data_nodes(domain: Resource, ctx: Context) -> Verdicts:
    """An OpenSearch domain has fewer than three data nodes, or keeps them in one zone.

    What it checks
        ``instance_count`` must be at least 3 and ``zone_awareness_enabled`` true (AWS's
        defaults are one node in one zone).
    Why it matters
        One node, or nodes in one Availability Zone, lose the domain (and possibly its
        unreplicated data) with one node or zone failure.
    How to fix
        Run at least three data nodes with zone awareness.

        Terraform:

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_name = "search"
          cluster_config {
            instance_count         = 3
            zone_awareness_enabled = true
            zone_awareness_config {
              availability_zone_count = 3
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Search:
          Type: AWS::OpenSearchService::Domain
          Properties:
            ClusterConfig:
              InstanceCount: 3
              ZoneAwarenessEnabled: true
              ZoneAwarenessConfig:
                AvailabilityZoneCount: 3
        ```
    """
    nodes = at_least(domain, "instance_count", 3, "{value} data node(s), fewer than three")
    if nodes.status is not Status.PASS:
        return nodes
    return setting(domain, "zone_awareness_enabled", True, "the data nodes are in one zone")
