"""Lambda: functions, their URL and permissions folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    CLOUDFORMATION,
    INT,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_INT,
    OPT_OBJECT,
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
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

FUNCTION = AwsKind(
    name="aws.lambda.function",
    description="A Lambda function",
    physical_id="function_name",
    terraform=Writers(
        types=("aws_lambda_function",), folds=("aws_lambda_function_url", "aws_lambda_permission")
    ),
    cloudformation=Writers(
        types=("AWS::Lambda::Function",), folds=("AWS::Lambda::Url", "AWS::Lambda::Permission")
    ),
    identifiers=("arn", "function_name"),
    fields=(
        Field(
            "function_name",
            STR,
            description="Physical id.",
            terraform="function_name",
            cloudformation="FunctionName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="FunctionName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="FunctionArn",
        ),
        Field(
            "role",
            STR,
            description="The execution role ARN.",
            terraform="role",
            cloudformation="Role",
            default=REQUIRED,
            api="Role",
        ),
        Field("runtime", OPT_STR, terraform="runtime", cloudformation="Runtime", api="Runtime"),
        Field("handler", OPT_STR, terraform="handler", cloudformation="Handler", api="Handler"),
        Field(
            "package_type",
            STR,
            "Zip",
            terraform="package_type",
            cloudformation="PackageType",
            api="PackageType",
        ),
        Field(
            "memory_size",
            INT,
            128,
            terraform="memory_size",
            cloudformation="MemorySize",
            api="MemorySize",
        ),
        Field("timeout", INT, 3, terraform="timeout", cloudformation="Timeout", api="Timeout"),
        Field(
            "kms_key_arn",
            OPT_STR,
            terraform="kms_key_arn",
            cloudformation="KmsKeyArn",
            api="KMSKeyArn",
        ),
        Field(
            "code_signing_config_arn",
            OPT_STR,
            terraform="code_signing_config_arn",
            cloudformation="CodeSigningConfigArn",
            api="GetFunctionCodeSigningConfig:CodeSigningConfigArn",
        ),
        Field(
            "environment_variables",
            OBJECT,
            {},
            description="Sensitive: reporters redact values.",
            terraform="environment.0.variables",
            cloudformation="Environment.Variables",
            api="Environment.Variables",
        ),
        Field(
            "tracing_mode",
            STR,
            "PassThrough",
            terraform="tracing_config.0.mode",
            cloudformation="TracingConfig.Mode",
            api="TracingConfig.Mode",
        ),
        Field(
            "vpc_config",
            OPT_OBJECT,
            description="null when the function is not in a VPC.",
            fields=(
                Field(
                    "subnet_ids",
                    STRINGS,
                    terraform="subnet_ids",
                    cloudformation="SubnetIds",
                    default=[],
                    api="SubnetIds",
                ),
                Field(
                    "security_group_ids",
                    STRINGS,
                    terraform="security_group_ids",
                    cloudformation="SecurityGroupIds",
                    default=[],
                    api="SecurityGroupIds",
                ),
            ),
            terraform="vpc_config",
            cloudformation="VpcConfig",
            absent=None,
            api="VpcConfig",
        ),
        Field(
            "dead_letter_target_arn",
            OPT_STR,
            terraform="dead_letter_config.0.target_arn",
            cloudformation="DeadLetterConfig.TargetArn",
            api="DeadLetterConfig.TargetArn",
        ),
        Field(
            "reserved_concurrent_executions",
            OPT_INT,
            description="null = unreserved (Terraform -1).",
            terraform="reserved_concurrent_executions",
            cloudformation="ReservedConcurrentExecutions",
            api="GetFunctionConcurrency:ReservedConcurrentExecutions",
        ),
        Field(
            "layers",
            STRINGS,
            description="Layer ARNs in order.",
            terraform="layers",
            cloudformation="Layers",
            default=[],
            ordered=True,
            api="Layers.*.Arn",
        ),
        Field(
            "architectures",
            STRINGS,
            ["x86_64"],
            terraform="architectures",
            cloudformation="Architectures",
            api="Architectures",
        ),
        Field(
            "url",
            OPT_OBJECT,
            description=(
                "The function URL (aws_lambda_function_url, AWS::Lambda::Url, "
                "GetFunctionUrlConfig); null when none."
            ),
            fields=(
                Field(
                    "authorization_type",
                    enum("NONE", "AWS_IAM"),
                    terraform="authorization_type",
                    cloudformation="AuthType",
                    default=REQUIRED,
                    api="AuthType",
                ),
            ),
            absent=None,
            api="GetFunctionUrlConfig:",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The function's resource policy: one statement per permission "
                "(aws_lambda_permission, AWS::Lambda::Permission folded in; GetPolicy), without "
                "the generated Sid; null when none. Code sources always set it; a live "
                "collection fills it from GetPolicy."
            ),
            required=False,
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="ListTags:Tags"),
    ),
    edges=(
        Edge("role", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("dead_letter_target_arn", EdgeType.REFERENCES, ("aws.sqs.queue", "aws.sns.topic")),
        Edge(
            "vpc_config.security_group_ids.*",
            EdgeType.USES_SECURITY_GROUP,
            ("aws.ec2.security_group",),
        ),
        Edge("vpc_config.subnet_ids.*", EdgeType.IN_SUBNET, ("aws.ec2.subnet",)),
    ),
    collector=Collector(
        service="lambda",
        calls=(
            call("lambda", "ListFunctions", paginated=True),
            call("lambda", "ListTags", gone=("ResourceNotFoundException",)),
            call("lambda", "GetFunctionConcurrency", gone=("ResourceNotFoundException",)),
            call("lambda", "GetFunctionUrlConfig", absent=("ResourceNotFoundException",)),
            call("lambda", "GetFunctionCodeSigningConfig", gone=("ResourceNotFoundException",)),
        ),
        id_field="FunctionName",
        arn="arn:{partition}:lambda:{region}:{account}:function:{id}",
        note="configuration only: the code location is never requested",
    ),
)


KINDS = (FUNCTION,)
