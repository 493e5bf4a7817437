"""OpenSearch Service: domains (OpenSearch and the older Elasticsearch ones, one kind), their
domain access policies folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    INT,
    NAMED_BY_CLOUDFORMATION,
    OPT_POLICY,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
)
from iacgate.model.edges import EdgeType

_STATUS = "DescribeDomain:DomainStatus."
# Every log type a domain can publish (docs/model.md: the enabled ones, sorted).
LOG_TYPES = ("AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS")

DOMAIN = AwsKind(
    name="aws.opensearch.domain",
    description="An OpenSearch Service domain (OpenSearch or Elasticsearch engine)",
    physical_id="domain_name",
    identifiers=("domain_name", "arn"),
    note=(
        "aws_opensearch_domain and aws_elasticsearch_domain (AWS::OpenSearchService::Domain, "
        "AWS::Elasticsearch::Domain) are one kind: the OpenSearch API reads both. The domain "
        "policies (aws_opensearch_domain_policy, aws_elasticsearch_domain_policy) fold into "
        "access_policies."
    ),
    terraform=Writers(
        types=("aws_opensearch_domain", "aws_elasticsearch_domain"),
        folds=(
            Fold(
                "aws_opensearch_domain_policy",
                "domain_name",
                ("domain_name",),
                "access_policies",
                "access_policies",
            ),
            Fold(
                "aws_elasticsearch_domain_policy",
                "domain_name",
                ("domain_name",),
                "access_policies",
                "access_policies",
            ),
        ),
    ),
    cloudformation=Writers(types=("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")),
    fields=(
        Field(
            "domain_name",
            STR,
            REQUIRED,
            description="Physical id.",
            terraform="domain_name",
            cloudformation="DomainName",
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="DomainName",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            api=_STATUS + "ARN",
        ),
        Field(
            "encrypt_at_rest",
            BOOL,
            False,
            description="Encryption at rest: off unless asked for (the console asks by default).",
            terraform="encrypt_at_rest.0.enabled",
            cloudformation="EncryptionAtRestOptions.Enabled",
            api=_STATUS + "EncryptionAtRestOptions.Enabled",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description=(
                "The KMS key of an encrypted domain; null = the AWS managed key aws/es (code "
                "that names no key). A live collection names the key AWS used."
            ),
            terraform="encrypt_at_rest.0.kms_key_id",
            cloudformation="EncryptionAtRestOptions.KmsKeyId",
            api=_STATUS + "EncryptionAtRestOptions.KmsKeyId",
        ),
        Field(
            "node_to_node_encryption",
            BOOL,
            False,
            description="TLS between the domain's nodes: off unless asked for.",
            terraform="node_to_node_encryption.0.enabled",
            cloudformation="NodeToNodeEncryptionOptions.Enabled",
            api=_STATUS + "NodeToNodeEncryptionOptions.Enabled",
        ),
        Field(
            "enforce_https",
            BOOL,
            False,
            description=(
                "Plain HTTP refused. The API's default is false; the Terraform provider sends "
                "true for a domain_endpoint_options block that leaves it unset (the kind's code)."
            ),
            terraform="domain_endpoint_options.0.enforce_https",
            cloudformation="DomainEndpointOptions.EnforceHTTPS",
            api=_STATUS + "DomainEndpointOptions.EnforceHTTPS",
        ),
        Field(
            "tls_security_policy",
            STR,
            "Policy-Min-TLS-1-0-2019-07",
            description="The HTTPS endpoint's TLS policy; the API's default admits TLS 1.0.",
            terraform="domain_endpoint_options.0.tls_security_policy",
            cloudformation="DomainEndpointOptions.TLSSecurityPolicy",
            api=_STATUS + "DomainEndpointOptions.TLSSecurityPolicy",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            [],
            description="Sorted. Empty: the domain has a public endpoint (outside any VPC).",
            terraform="vpc_options.0.subnet_ids",
            cloudformation="VPCOptions.SubnetIds",
            api=_STATUS + "VPCOptions.SubnetIds",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            [],
            description="Sorted (VPC domains).",
            terraform="vpc_options.0.security_group_ids",
            cloudformation="VPCOptions.SecurityGroupIds",
            api=_STATUS + "VPCOptions.SecurityGroupIds",
        ),
        Field(
            "fine_grained_access_control",
            BOOL,
            False,
            description="Fine-grained access control (advanced security options): off by default.",
            terraform="advanced_security_options.0.enabled",
            cloudformation="AdvancedSecurityOptions.Enabled",
            api=_STATUS + "AdvancedSecurityOptions.Enabled",
        ),
        Field(
            "instance_count",
            INT,
            1,
            description="Data nodes; AWS's default is 1.",
            terraform="cluster_config.0.instance_count",
            cloudformation="ClusterConfig.InstanceCount",
            api=_STATUS + "ClusterConfig.InstanceCount",
        ),
        Field(
            "zone_awareness_enabled",
            BOOL,
            False,
            description="Data nodes spread over Availability Zones: off by default.",
            terraform="cluster_config.0.zone_awareness_enabled",
            cloudformation="ClusterConfig.ZoneAwarenessEnabled",
            api=_STATUS + "ClusterConfig.ZoneAwarenessEnabled",
        ),
        Field(
            "log_types",
            STRINGS,
            [],
            description=(
                "The log types published to CloudWatch Logs and enabled, sorted (AUDIT_LOGS, "
                "ES_APPLICATION_LOGS, INDEX_SLOW_LOGS, SEARCH_SLOW_LOGS); every source lists "
                "them differently (the kind's code)."
            ),
        ),
        Field(
            "access_policies",
            OPT_POLICY,
            description=(
                "The domain access policy (access_policies, aws_opensearch_domain_policy, "
                "AccessPolicies); null when none (only identity policies grant access)."
            ),
            terraform="access_policies",
            cloudformation="AccessPolicies",
            api=_STATUS + "AccessPolicies",
        ),
        Field(
            "tags",
            TAGS,
            description="Not read live (ListTags per domain).",
            required=False,
            terraform="tags",
            cloudformation="Tags",
        ),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
    ),
    collector=Collector(
        service="opensearch",
        calls=(
            call("opensearch", "ListDomainNames", prefix="es", items="DomainNames"),
            call(
                "opensearch",
                "DescribeDomain",
                prefix="es",
                gone=("ResourceNotFoundException",),
                params=(("DomainName", "DomainName"),),
            ),
        ),
        id_field="DomainName",
        arn="arn:{partition}:es:{region}:{account}:domain/{id}",
    ),
)


KINDS = (DOMAIN,)
