"""Every collected AWS kind, declared as data: the visible registry of what the collector calls.

Each entry names the canonical kind, the service whose thread pool runs it, whether it is
regional, every call it makes (list call first; IAM action; "not configured" and "deleted
meanwhile" answers), the list item's id field, the ARN form, and the fetch function. The IAM
policy of ``iacgate drift --print-permissions aws`` is derived from this table alone (see
``permissions``); the call gate refuses anything not listed here.

``aws.ec2.security_group_rule`` is not collected: it models rules of a group declared in another
input, and live groups always carry all their rules (docs/model.md).
"""

from __future__ import annotations

from iacgate.live.aws.calls import AwsKind, Call, call
from iacgate.live.aws.services import apps, data, ec2, iam, s3

_NO_BUCKET = ("NoSuchBucket",)
_NO_IAM = ("NoSuchEntity",)
_KMS_GONE = ("NotFoundException",)


def _s3(operation: str, action: str, *, absent: tuple[str, ...] = ()) -> Call:
    return Call("s3", operation, action, absent=absent, gone=_NO_BUCKET)


def _iam(operation: str, *, paginated: bool = False, absent: tuple[str, ...] = ()) -> Call:
    return call("iam", operation, paginated=paginated, absent=absent, gone=_NO_IAM)


def _ec2(operation: str, *, paginated: bool = False) -> Call:
    return call("ec2", operation, paginated=paginated)


_APIGW_APIS = "arn:{partition}:apigateway:*::/restapis"

AWS_KINDS: tuple[AwsKind, ...] = (
    # -- S3 ----------------------------------------------------------------------------------
    AwsKind(
        kind="aws.s3.bucket",
        produces=("aws.s3.bucket", "aws.s3.bucket_policy"),
        service="s3",
        regional=False,
        calls=(
            Call("s3", "ListBuckets", "s3:ListAllMyBuckets", paginated=True),
            _s3("GetBucketLocation", "s3:GetBucketLocation"),
            _s3("GetBucketTagging", "s3:GetBucketTagging", absent=("NoSuchTagSet",)),
            _s3(
                "GetPublicAccessBlock",
                "s3:GetBucketPublicAccessBlock",
                absent=("NoSuchPublicAccessBlockConfiguration",),
            ),
            _s3(
                "GetBucketEncryption",
                "s3:GetEncryptionConfiguration",
                absent=("ServerSideEncryptionConfigurationNotFoundError",),
            ),
            _s3("GetBucketVersioning", "s3:GetBucketVersioning"),
            _s3("GetBucketLogging", "s3:GetBucketLogging"),
            _s3("GetBucketPolicy", "s3:GetBucketPolicy", absent=("NoSuchBucketPolicy",)),
            _s3("GetBucketAcl", "s3:GetBucketAcl"),
            _s3(
                "GetBucketOwnershipControls",
                "s3:GetBucketOwnershipControls",
                absent=("OwnershipControlsNotFoundError",),
            ),
            _s3(
                "GetObjectLockConfiguration",
                "s3:GetBucketObjectLockConfiguration",
                absent=("ObjectLockConfigurationNotFoundError",),
            ),
        ),
        id_field="Name",
        arn="arn:{partition}:s3:::{id}",
        fetch=s3.buckets,
        note="listed once for the account; details asked in each bucket's own region",
    ),
    AwsKind(
        kind="aws.s3.account_public_access_block",
        service="s3control",
        regional=False,
        calls=(
            Call(
                "s3control",
                "GetPublicAccessBlock",
                "s3:GetAccountPublicAccessBlock",
                absent=("NoSuchPublicAccessBlockConfiguration",),
            ),
        ),
        id_field="AccountId",
        arn="{account}",
        fetch=s3.account_public_access_block,
    ),
    # -- EC2 ---------------------------------------------------------------------------------
    AwsKind(
        kind="aws.ec2.security_group",
        service="ec2",
        regional=True,
        calls=(_ec2("DescribeSecurityGroups", paginated=True),),
        id_field="GroupId",
        arn="arn:{partition}:ec2:{region}:{account}:security-group/{id}",
        fetch=ec2.security_groups,
    ),
    AwsKind(
        kind="aws.ec2.instance",
        service="ec2",
        regional=True,
        calls=(
            _ec2("DescribeInstances", paginated=True),
            _ec2("DescribeVolumes", paginated=True),
        ),
        id_field="InstanceId",
        arn="arn:{partition}:ec2:{region}:{account}:instance/{id}",
        fetch=ec2.instances,
        note="attached volumes are described for the root and EBS block devices",
    ),
    AwsKind(
        kind="aws.ec2.volume",
        service="ec2",
        regional=True,
        calls=(_ec2("DescribeVolumes", paginated=True),),
        id_field="VolumeId",
        arn="arn:{partition}:ec2:{region}:{account}:volume/{id}",
        fetch=ec2.volumes,
    ),
    AwsKind(
        kind="aws.ec2.ebs_encryption_by_default",
        service="ec2",
        regional=True,
        calls=(_ec2("GetEbsEncryptionByDefault"), _ec2("GetEbsDefaultKmsKeyId")),
        id_field="Region",
        arn="ebs-encryption-by-default/{region}",
        fetch=ec2.ebs_encryption_by_default,
    ),
    AwsKind(
        kind="aws.ec2.vpc",
        service="ec2",
        regional=True,
        calls=(_ec2("DescribeVpcs", paginated=True), _ec2("DescribeVpcAttribute")),
        id_field="VpcId",
        arn="arn:{partition}:ec2:{region}:{account}:vpc/{id}",
        fetch=ec2.vpcs,
    ),
    AwsKind(
        kind="aws.ec2.subnet",
        service="ec2",
        regional=True,
        calls=(_ec2("DescribeSubnets", paginated=True),),
        id_field="SubnetId",
        arn="arn:{partition}:ec2:{region}:{account}:subnet/{id}",
        fetch=ec2.subnets,
    ),
    AwsKind(
        kind="aws.ec2.flow_log",
        service="ec2",
        regional=True,
        calls=(_ec2("DescribeFlowLogs", paginated=True),),
        id_field="FlowLogId",
        arn="arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}",
        fetch=ec2.flow_logs,
    ),
    # -- IAM (global) ------------------------------------------------------------------------
    AwsKind(
        kind="aws.iam.role",
        service="iam",
        regional=False,
        calls=(
            _iam("ListRoles", paginated=True),
            _iam("GetRole"),
            _iam("ListRolePolicies", paginated=True),
            _iam("GetRolePolicy"),
            _iam("ListAttachedRolePolicies", paginated=True),
        ),
        id_field="RoleName",
        arn="arn:{partition}:iam::{account}:role/{id}",
        fetch=iam.roles,
    ),
    AwsKind(
        kind="aws.iam.user",
        service="iam",
        regional=False,
        calls=(
            _iam("ListUsers", paginated=True),
            _iam("GetUser"),
            _iam("ListUserPolicies", paginated=True),
            _iam("GetUserPolicy"),
            _iam("ListAttachedUserPolicies", paginated=True),
            _iam("ListGroupsForUser", paginated=True),
            _iam("GetLoginProfile", absent=("NoSuchEntity",)),
        ),
        id_field="UserName",
        arn="arn:{partition}:iam::{account}:user/{id}",
        fetch=iam.users,
    ),
    AwsKind(
        kind="aws.iam.group",
        service="iam",
        regional=False,
        calls=(
            _iam("ListGroups", paginated=True),
            _iam("ListGroupPolicies", paginated=True),
            _iam("GetGroupPolicy"),
            _iam("ListAttachedGroupPolicies", paginated=True),
        ),
        id_field="GroupName",
        arn="arn:{partition}:iam::{account}:group/{id}",
        fetch=iam.groups,
    ),
    AwsKind(
        kind="aws.iam.policy",
        service="iam",
        regional=False,
        calls=(_iam("ListPolicies", paginated=True), _iam("GetPolicy"), _iam("GetPolicyVersion")),
        id_field="Arn",
        arn="{id}",
        fetch=iam.policies,
        note="customer managed policies only (Scope=Local)",
    ),
    AwsKind(
        kind="aws.iam.access_key",
        service="iam",
        regional=False,
        calls=(_iam("ListUsers", paginated=True), _iam("ListAccessKeys", paginated=True)),
        id_field="AccessKeyId",
        arn="{id}",
        fetch=iam.access_keys,
        note="key metadata only; secrets are never readable",
    ),
    AwsKind(
        kind="aws.iam.instance_profile",
        service="iam",
        regional=False,
        calls=(
            _iam("ListInstanceProfiles", paginated=True),
            _iam("GetInstanceProfile"),
        ),
        id_field="InstanceProfileName",
        arn="arn:{partition}:iam::{account}:instance-profile/{id}",
        fetch=iam.instance_profiles,
    ),
    # -- RDS ---------------------------------------------------------------------------------
    AwsKind(
        kind="aws.rds.db_instance",
        service="rds",
        regional=True,
        calls=(call("rds", "DescribeDBInstances", paginated=True),),
        id_field="DBInstanceIdentifier",
        arn="arn:{partition}:rds:{region}:{account}:db:{id}",
        fetch=data.db_instances,
    ),
    AwsKind(
        kind="aws.rds.db_cluster",
        service="rds",
        regional=True,
        calls=(call("rds", "DescribeDBClusters", paginated=True),),
        id_field="DBClusterIdentifier",
        arn="arn:{partition}:rds:{region}:{account}:cluster:{id}",
        fetch=data.db_clusters,
    ),
    # -- KMS ---------------------------------------------------------------------------------
    AwsKind(
        kind="aws.kms.key",
        service="kms",
        regional=True,
        calls=(
            call("kms", "ListKeys", paginated=True),
            call("kms", "ListAliases", paginated=True),
            call("kms", "DescribeKey", gone=_KMS_GONE),
            call("kms", "GetKeyRotationStatus", gone=_KMS_GONE),
            call("kms", "GetKeyPolicy", gone=_KMS_GONE),
            call("kms", "ListResourceTags", paginated=True, gone=_KMS_GONE),
        ),
        id_field="KeyId",
        arn="arn:{partition}:kms:{region}:{account}:key/{id}",
        fetch=data.keys,
        note="customer managed keys; AWS managed keys and keys pending deletion are left out",
    ),
    # -- CloudTrail --------------------------------------------------------------------------
    AwsKind(
        kind="aws.cloudtrail.trail",
        service="cloudtrail",
        regional=True,
        calls=(
            call("cloudtrail", "DescribeTrails"),
            call("cloudtrail", "GetTrailStatus", gone=("TrailNotFoundException",)),
            call("cloudtrail", "ListTags", paginated=True),
        ),
        id_field="Name",
        arn="arn:{partition}:cloudtrail:{region}:{account}:trail/{id}",
        fetch=apps.trails,
    ),
    # -- Lambda ------------------------------------------------------------------------------
    AwsKind(
        kind="aws.lambda.function",
        service="lambda",
        regional=True,
        calls=(
            call("lambda", "ListFunctions", paginated=True),
            call("lambda", "ListTags", gone=("ResourceNotFoundException",)),
            call("lambda", "GetFunctionConcurrency", gone=("ResourceNotFoundException",)),
            call("lambda", "GetFunctionUrlConfig", absent=("ResourceNotFoundException",)),
            call("lambda", "GetFunctionCodeSigningConfig", gone=("ResourceNotFoundException",)),
        ),
        id_field="FunctionName",
        arn="arn:{partition}:lambda:{region}:{account}:function:{id}",
        fetch=apps.functions,
        note="configuration only: the code location is never requested",
    ),
    # -- DynamoDB ----------------------------------------------------------------------------
    AwsKind(
        kind="aws.dynamodb.table",
        service="dynamodb",
        regional=True,
        calls=(
            call("dynamodb", "ListTables", paginated=True),
            call("dynamodb", "DescribeTable", gone=("ResourceNotFoundException",)),
            call("dynamodb", "DescribeContinuousBackups", gone=("TableNotFoundException",)),
            call("dynamodb", "ListTagsOfResource", paginated=True),
            call("kms", "DescribeKey"),
        ),
        id_field="TableName",
        arn="arn:{partition}:dynamodb:{region}:{account}:table/{id}",
        fetch=data.tables,
        note="kms:DescribeKey tells the AWS managed key from a customer key",
    ),
    # -- SQS / SNS ---------------------------------------------------------------------------
    AwsKind(
        kind="aws.sqs.queue",
        service="sqs",
        regional=True,
        calls=(
            call("sqs", "ListQueues", paginated=True),
            call(
                "sqs",
                "GetQueueAttributes",
                gone=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
            ),
            call(
                "sqs",
                "ListQueueTags",
                gone=("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
            ),
        ),
        id_field="QueueUrl",
        arn="arn:{partition}:sqs:{region}:{account}:{id}",
        fetch=apps.queues,
    ),
    AwsKind(
        kind="aws.sns.topic",
        service="sns",
        regional=True,
        calls=(
            call("sns", "ListTopics", paginated=True),
            call("sns", "GetTopicAttributes", gone=("NotFound", "NotFoundException")),
            call("sns", "ListTagsForResource", gone=("ResourceNotFound",)),
        ),
        id_field="TopicArn",
        arn="{id}",
        fetch=apps.topics,
    ),
    # -- EKS ---------------------------------------------------------------------------------
    AwsKind(
        kind="aws.eks.cluster",
        service="eks",
        regional=True,
        calls=(
            call("eks", "ListClusters", paginated=True),
            call("eks", "DescribeCluster", gone=("ResourceNotFoundException",)),
        ),
        id_field="name",
        arn="arn:{partition}:eks:{region}:{account}:cluster/{id}",
        fetch=apps.clusters,
    ),
    # -- ELBv2 -------------------------------------------------------------------------------
    AwsKind(
        kind="aws.elbv2.load_balancer",
        service="elbv2",
        regional=True,
        calls=(
            call("elbv2", "DescribeLoadBalancers", paginated=True, prefix="elasticloadbalancing"),
            call(
                "elbv2",
                "DescribeLoadBalancerAttributes",
                prefix="elasticloadbalancing",
                gone=("LoadBalancerNotFound",),
            ),
            call("elbv2", "DescribeTags", prefix="elasticloadbalancing"),
        ),
        id_field="LoadBalancerArn",
        arn="{id}",
        fetch=apps.load_balancers,
    ),
    AwsKind(
        kind="aws.elbv2.listener",
        service="elbv2",
        regional=True,
        calls=(
            call("elbv2", "DescribeLoadBalancers", paginated=True, prefix="elasticloadbalancing"),
            call(
                "elbv2",
                "DescribeListeners",
                paginated=True,
                prefix="elasticloadbalancing",
                gone=("LoadBalancerNotFound",),
            ),
            call("elbv2", "DescribeTags", prefix="elasticloadbalancing"),
        ),
        id_field="ListenerArn",
        arn="{id}",
        fetch=apps.listeners,
    ),
    # -- ECR ---------------------------------------------------------------------------------
    AwsKind(
        kind="aws.ecr.repository",
        service="ecr",
        regional=True,
        calls=(
            call("ecr", "DescribeRepositories", paginated=True),
            call(
                "ecr",
                "GetRepositoryPolicy",
                absent=("RepositoryPolicyNotFoundException",),
                gone=("RepositoryNotFoundException",),
            ),
            call("ecr", "ListTagsForResource", gone=("RepositoryNotFoundException",)),
        ),
        id_field="repositoryName",
        arn="arn:{partition}:ecr:{region}:{account}:repository/{id}",
        fetch=apps.repositories,
    ),
    # -- Secrets Manager ---------------------------------------------------------------------
    AwsKind(
        kind="aws.secretsmanager.secret",
        service="secretsmanager",
        regional=True,
        calls=(
            call("secretsmanager", "ListSecrets", paginated=True),
            call("secretsmanager", "GetResourcePolicy", gone=("ResourceNotFoundException",)),
        ),
        id_field="ARN",
        arn="{id}",
        fetch=data.secrets,
        note="metadata and resource policy only: secret values are never requested",
    ),
    # -- CloudWatch Logs ---------------------------------------------------------------------
    AwsKind(
        kind="aws.logs.log_group",
        service="logs",
        regional=True,
        calls=(
            call("logs", "DescribeLogGroups", paginated=True),
            call("logs", "ListTagsForResource", gone=("ResourceNotFoundException",)),
        ),
        id_field="logGroupName",
        arn="arn:{partition}:logs:{region}:{account}:log-group:{id}",
        fetch=apps.log_groups,
    ),
    # -- API Gateway -------------------------------------------------------------------------
    AwsKind(
        kind="aws.apigateway.stage",
        service="apigateway",
        regional=True,
        calls=(
            Call(
                "apigateway",
                "GetRestApis",
                "apigateway:GET",
                paginated=True,
                resource=_APIGW_APIS,
            ),
            Call(
                "apigateway",
                "GetStages",
                "apigateway:GET",
                gone=("NotFoundException",),
                resource=_APIGW_APIS + "/*/stages",
            ),
        ),
        id_field="stageName",
        arn="arn:{partition}:apigateway:{region}::/restapis/{id}",
        fetch=apps.stages,
        note="REST API stages; the ARN id is <rest api id>/stages/<stage name>",
    ),
    # -- CloudFront (global) -----------------------------------------------------------------
    AwsKind(
        kind="aws.cloudfront.distribution",
        service="cloudfront",
        regional=False,
        calls=(
            call("cloudfront", "ListDistributions", paginated=True),
            call("cloudfront", "GetDistribution", gone=("NoSuchDistribution",)),
            call("cloudfront", "ListTagsForResource", gone=("NoSuchResource",)),
        ),
        id_field="Id",
        arn="arn:{partition}:cloudfront::{account}:distribution/{id}",
        fetch=apps.distributions,
    ),
)

BY_KIND: dict[str, AwsKind] = {item.kind: item for item in AWS_KINDS}
# Every canonical kind the collector produces (a bucket's records also give bucket policies).
PRODUCED: frozenset[str] = frozenset(kind for item in AWS_KINDS for kind in item.kinds)

# Calls made once per collection, whatever the kinds: who the caller is (the account) and
# which regions are enabled. CloudFormation calls are made by drift with ``--stack`` only.
SESSION_CALLS: tuple[Call, ...] = (
    call("sts", "GetCallerIdentity"),
    call("ec2", "DescribeRegions"),
)
STACK_CALLS: tuple[Call, ...] = (
    call("cloudformation", "DescribeStacks", paginated=True),
    call("cloudformation", "DescribeStackResources"),
)


def select(names: tuple[str, ...]) -> tuple[AwsKind, ...]:
    """Kinds by canonical name (``aws.s3.bucket``) or its last part (``bucket``, ``role``);
    an unknown name raises ``KeyError`` naming it."""
    chosen: list[AwsKind] = []
    for name in names:
        lowered = name.lower()
        matches = [
            item
            for item in AWS_KINDS
            if lowered == item.kind
            or lowered in (k.rsplit(".", 1)[-1] for k in item.kinds)
            or lowered in item.kinds
        ]
        if not matches:
            raise KeyError(name)
        chosen.extend(m for m in matches if m not in chosen)
    return tuple(item for item in AWS_KINDS if item in chosen)
