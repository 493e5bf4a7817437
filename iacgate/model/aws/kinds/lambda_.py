"""Lambda: functions, their URL and permissions folded in."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    INT,
    OBJECT,
    OPT_INT,
    OPT_OBJECT,
    OPT_POLICY,
    OPT_STR,
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
        Field("function_name", STR, description="Physical id."),
        Field("arn", STR, description="ARN; assigned by AWS (UNKNOWN before apply)."),
        Field("role", STR, description="The execution role ARN."),
        Field("runtime", OPT_STR),
        Field("handler", OPT_STR),
        Field("package_type", STR, "Zip"),
        Field("memory_size", INT, 128),
        Field("timeout", INT, 3),
        Field("kms_key_arn", OPT_STR),
        Field("code_signing_config_arn", OPT_STR),
        Field(
            "environment_variables", OBJECT, {}, description="Sensitive: reporters redact values."
        ),
        Field("tracing_mode", STR, "PassThrough"),
        Field(
            "vpc_config",
            OPT_OBJECT,
            description="null when the function is not in a VPC.",
            fields=(
                Field("subnet_ids", STRINGS),
                Field("security_group_ids", STRINGS),
            ),
        ),
        Field("dead_letter_target_arn", OPT_STR),
        Field(
            "reserved_concurrent_executions",
            OPT_INT,
            description="null = unreserved (Terraform -1).",
        ),
        Field("layers", STRINGS, description="Layer ARNs in order."),
        Field("architectures", STRINGS, ["x86_64"]),
        Field(
            "url",
            OPT_OBJECT,
            description=(
                "The function URL (aws_lambda_function_url, AWS::Lambda::Url, "
                "GetFunctionUrlConfig); null when none."
            ),
            fields=(Field("authorization_type", enum("NONE", "AWS_IAM")),),
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
        Field("tags", TAGS),
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
