"""SageMaker: notebook instances, endpoint configurations and Studio domains."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_STR,
    REQUIRED,
    STR,
    STRINGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
    items,
)
from iacgate.model.edges import EdgeType

_NOTEBOOK = "DescribeNotebookInstance:"

NOTEBOOK_INSTANCE = AwsKind(
    name="aws.sagemaker.notebook_instance",
    description="A SageMaker notebook instance",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_sagemaker_notebook_instance",)),
    cloudformation=Writers(types=("AWS::SageMaker::NotebookInstance",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="NotebookInstanceName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="NotebookInstanceName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="NotebookInstanceArn",
        ),
        Field(
            "role_arn",
            STR,
            terraform="role_arn",
            cloudformation="RoleArn",
            default=REQUIRED,
            api=f"{_NOTEBOOK}RoleArn",
        ),
        Field(
            "instance_type",
            STR,
            terraform="instance_type",
            cloudformation="InstanceType",
            default=REQUIRED,
            api="InstanceType",
        ),
        Field(
            "subnet_id",
            OPT_STR,
            description="null = the instance runs in SageMaker's own VPC, not the account's.",
            terraform="subnet_id",
            cloudformation="SubnetId",
            api=f"{_NOTEBOOK}SubnetId",
        ),
        Field(
            "security_group_ids",
            STRINGS,
            [],
            terraform="security_groups",
            cloudformation="SecurityGroupIds",
            api=f"{_NOTEBOOK}SecurityGroups",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The key of the ML storage volume; null = an AWS managed key.",
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api=f"{_NOTEBOOK}KmsKeyId",
        ),
        Field(
            "direct_internet_access",
            enum("Enabled", "Disabled"),
            "Enabled",
            description="Internet access through SageMaker's network; Enabled unless disabled.",
            terraform="direct_internet_access",
            cloudformation="DirectInternetAccess",
            api=f"{_NOTEBOOK}DirectInternetAccess",
        ),
        Field(
            "root_access",
            enum("Enabled", "Disabled"),
            "Enabled",
            description="Users get root on the instance; Enabled unless disabled.",
            terraform="root_access",
            cloudformation="RootAccess",
            api=f"{_NOTEBOOK}RootAccess",
        ),
        Field(
            "minimum_instance_metadata_service_version",
            enum("1", "2"),
            "1",
            description="IMDSv1 is allowed unless the minimum version is 2.",
            terraform=(
                "instance_metadata_service_configuration.0."
                "minimum_instance_metadata_service_version"
            ),
            cloudformation=(
                "InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion"
            ),
            api=(
                f"{_NOTEBOOK}InstanceMetadataServiceConfiguration."
                "MinimumInstanceMetadataServiceVersion"
            ),
        ),
    ),
    edges=(
        Edge("role_arn", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("subnet_id", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("security_group_ids.*", EdgeType.USES_SECURITY_GROUP, ("aws.ec2.security_group",)),
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="sagemaker",
        calls=(
            call("sagemaker", "ListNotebookInstances", paginated=True, items="NotebookInstances"),
            call(
                "sagemaker",
                "DescribeNotebookInstance",
                gone=("ValidationException",),
                params=(("NotebookInstanceName", "NotebookInstanceName"),),
            ),
        ),
        id_field="NotebookInstanceName",
        arn="arn:{partition}:sagemaker:{region}:{account}:notebook-instance/{id}",
    ),
)

ENDPOINT_CONFIG = AwsKind(
    name="aws.sagemaker.endpoint_config",
    description="A SageMaker endpoint configuration (its production variants and storage key)",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(types=("aws_sagemaker_endpoint_configuration",)),
    cloudformation=Writers(types=("AWS::SageMaker::EndpointConfig",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="EndpointConfigName",
            default=Chosen("AWS generates the name"),
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="EndpointConfigName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="EndpointConfigArn",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The key of the endpoint's storage volumes; null = an AWS managed key.",
            terraform="kms_key_arn",
            cloudformation="KmsKeyId",
            api="DescribeEndpointConfig:KmsKeyId",
        ),
        Field(
            "production_variants",
            items(OBJECT),
            [],
            ordered=True,
            fields=(
                Field(
                    "variant_name",
                    OPT_STR,
                    terraform="variant_name",
                    cloudformation="VariantName",
                    api="VariantName",
                ),
                Field(
                    "initial_instance_count",
                    {"type": ["integer", "null"]},
                    description="null for serverless variants (no instances).",
                    terraform="initial_instance_count",
                    cloudformation="InitialInstanceCount",
                    api="InitialInstanceCount",
                ),
            ),
            key=("variant_name",),
            terraform="production_variants",
            cloudformation="ProductionVariants",
            api="DescribeEndpointConfig:ProductionVariants",
        ),
    ),
    edges=(Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="sagemaker",
        calls=(
            call("sagemaker", "ListEndpointConfigs", paginated=True, items="EndpointConfigs"),
            call(
                "sagemaker",
                "DescribeEndpointConfig",
                gone=("ValidationException",),
                params=(("EndpointConfigName", "EndpointConfigName"),),
            ),
        ),
        id_field="EndpointConfigName",
        arn="arn:{partition}:sagemaker:{region}:{account}:endpoint-config/{id}",
    ),
)

_DOMAIN = "DescribeDomain:"

DOMAIN = AwsKind(
    name="aws.sagemaker.domain",
    description="A SageMaker (Studio) domain",
    physical_id="domain_id",
    identifiers=("domain_id", "arn"),
    terraform=Writers(types=("aws_sagemaker_domain",)),
    cloudformation=Writers(types=("AWS::SageMaker::Domain",)),
    fields=(
        Field(
            "domain_id",
            STR,
            description="d-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="DomainId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="DomainArn",
        ),
        Field(
            "domain_name",
            STR,
            terraform="domain_name",
            cloudformation="DomainName",
            default=REQUIRED,
            api="DomainName",
        ),
        Field(
            "auth_mode",
            enum("SSO", "IAM"),
            terraform="auth_mode",
            cloudformation="AuthMode",
            default=REQUIRED,
            api=f"{_DOMAIN}AuthMode",
        ),
        Field(
            "app_network_access_type",
            enum("PublicInternetOnly", "VpcOnly"),
            "PublicInternetOnly",
            description="Studio apps reach the internet through SageMaker unless VpcOnly.",
            terraform="app_network_access_type",
            cloudformation="AppNetworkAccessType",
            api=f"{_DOMAIN}AppNetworkAccessType",
        ),
        Field(
            "kms_key_id",
            OPT_STR,
            description="The key of the domain's EFS volume; null = an AWS managed key.",
            terraform="kms_key_id",
            cloudformation="KmsKeyId",
            api=f"{_DOMAIN}KmsKeyId",
        ),
        Field(
            "vpc_id",
            OPT_STR,
            terraform="vpc_id",
            cloudformation="VpcId",
            api=f"{_DOMAIN}VpcId",
        ),
        Field(
            "subnet_ids",
            STRINGS,
            [],
            terraform="subnet_ids",
            cloudformation="SubnetIds",
            api=f"{_DOMAIN}SubnetIds",
        ),
        Field(
            "execution_role",
            OPT_STR,
            description="The default execution role of the domain's users.",
            terraform="default_user_settings.0.execution_role",
            cloudformation="DefaultUserSettings.ExecutionRole",
            api=f"{_DOMAIN}DefaultUserSettings.ExecutionRole",
        ),
    ),
    edges=(
        Edge("kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("vpc_id", EdgeType.IN_VPC, ("aws.ec2.vpc",)),
        Edge("subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
        Edge("execution_role", EdgeType.USES_ROLE, ("aws.iam.role",)),
    ),
    collector=Collector(
        service="sagemaker",
        calls=(
            call("sagemaker", "ListDomains", paginated=True, items="Domains"),
            call(
                "sagemaker",
                "DescribeDomain",
                gone=("ResourceNotFound",),
                params=(("DomainId", "DomainId"),),
            ),
        ),
        id_field="DomainId",
        arn="arn:{partition}:sagemaker:{region}:{account}:domain/{id}",
    ),
)

KINDS = (NOTEBOOK_INSTANCE, ENDPOINT_CONFIG, DOMAIN)
