"""Graph rules: findings no single resource can answer.

Each rule follows typed edges of the resource graph (``iacgate/graph/aws.py``): instance ->
security groups, instance -> instance profile -> role, role -> managed policies, function ->
role, resource -> KMS key, database -> security groups, trail -> bucket. Where an edge's target
is not in the scanned code, the answer is unknown, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from iacgate.rules import (
    AttrPath,
    Context,
    EdgeType,
    Resource,
    Severity,
    Unknown,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import (
    CIS,
    FSBP,
    Document,
    Permissions,
    Statement,
    allows,
    allows_literally,
    aws_managed_name,
    chosen_by_aws,
    grants_everything,
    groups_with_rules,
    is_admin_managed_arn,
    on_every_resource,
    on_resources,
    permissions,
    public_statement,
    reason,
    roles_of,
    statements,
    tri_all,
    tri_any,
    unknown_statements,
    world_open_ingress,
)
from .iam import SENSITIVE_SERVICES
from .network import instance_public_ip

# -- shared reasoning --------------------------------------------------------------------------


def _edge_paths(resource: Resource, ctx: Context, edge: EdgeType, kind: str) -> dict[str, AttrPath]:
    """Target key -> the attribute path on ``resource`` where the edge was written."""
    found: dict[str, AttrPath] = {}
    for item in ctx.edges(resource, edge, kind):
        found.setdefault(item.target.key, item.path)
    return found


def _grant(
    perms: Permissions, statement_test: Callable[[Statement], Any], arn_test: Callable[[str], bool]
) -> Any:
    """True when a statement or an AWS-managed ARN grants it; else the first unknown (a
    statement the test cannot decide, or a policy that is not known); else False."""
    for arn in perms.managed_arns:
        if arn_test(arn):
            return True
    pending: Unknown | None = None
    for statement in perms.statements:
        answer = statement_test(statement)
        if answer is True:
            return True
        if is_unknown(answer) and pending is None:
            pending = answer
    if pending is None and perms.unknowns:
        pending = perms.unknowns[0]
    return pending if pending is not None else False


def _over_roles(roles: Iterable[Resource], ctx: Context, test: Callable[[Permissions], Any]) -> Any:
    return tri_any(test(permissions(role, ctx)) for role in roles)


def _admin_like(perms: Permissions) -> Any:
    """Every action on every resource, ``iam:*`` on every resource, or an AWS-managed
    administrator policy: any of these makes the holder an administrator."""

    def statement_test(statement: Statement) -> Any:
        return tri_any(
            (
                grants_everything(statement),
                tri_all(allows_literally(statement, "iam:*"), on_every_resource(statement)),
            )
        )

    return _grant(perms, statement_test, is_admin_managed_arn)


def _verdict(answer: Any, message: str, path: AttrPath, what: str) -> Verdict:
    if answer is True:
        return fail(message, path)
    if is_unknown(answer):
        return unknown(reason(answer, what), path)
    return ok()


def _role_path(resource: Resource, ctx: Context) -> AttrPath:
    for item in ctx.edges(resource, EdgeType.USES_ROLE):
        return item.path
    return ()


def _roles_or_unknown(resource: Resource, ctx: Context, attribute: str) -> list[Resource] | Unknown:
    """The roles a resource runs as; an Unknown when it names one the graph cannot find."""
    roles = roles_of(resource, ctx)
    if roles:
        return roles
    value = resource.get(attribute)
    if value is None or chosen_by_aws(value):
        return []
    if is_unknown(value):
        return value
    return Unknown(f"role {value} is not in the scanned code")


# -- internet-reachable instance with an administrator role ------------------------------------


def _world_open(resource: Resource, ctx: Context) -> Any:
    """Some security group of the resource admits traffic from the whole internet."""
    groups = ctx.related(resource, "aws.ec2.security_group", EdgeType.USES_SECURITY_GROUP, "out")
    answers: list[Any] = []
    for group in groups:
        for holder in groups_with_rules(group, ctx):
            found, pending = world_open_ingress(holder)
            answers.append(True if found else pending if pending is not None else False)
    if not groups:
        ids = resource.get("security_group_ids")
        if chosen_by_aws(ids):
            return False  # the VPC's default group, which admits only its own members
        if is_unknown(ids):
            answers.append(ids)
        elif isinstance(ids, list) and ids:
            answers.append(Unknown("the security groups are not in the scanned code"))
    return tri_any(answers)


@rule(
    code="AWS-EC2-014",
    name="internet-reachable-instance-with-admin-role",
    kind="aws.ec2.instance",
    severity=Severity.CRITICAL,
    tags=["graph", "exposure", "iam"],
)
def internet_reachable_admin_instance(instance: Resource, ctx: Context) -> Verdict:
    """An instance reachable from the internet runs with administrator permissions.

    What it checks
        Three facts, each through the graph: the instance gets a public IP (asked for, or from
        its subnet); one of its security groups (or a rule attached to one) admits traffic
        from the whole internet (any prefix-0 range such as ``0.0.0.0/0`` or ``::/0``, or
        ranges that together cover every internet address); and the role of its instance
        profile is admin-like
        (``*`` on ``*``, ``iam:*`` on ``*``, or ``AdministratorAccess``/``IAMFullAccess``
        attached).
    Why it matters
        Any remote-code-execution or server-side request forgery in anything listening on the
        instance hands the attacker the role's credentials from the metadata service: with an
        administrator role, one web bug is a lost account.
    How to fix
        Break the chain at any link: give the role only what the application calls, keep the
        instance private behind a load balancer, and close the security group to the world.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "app" {
          role = aws_iam_role.app.id
          policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["s3:GetObject"]
              Resource = "${aws_s3_bucket.assets.arn}/*"
            }]
          })
        }

        resource "aws_instance" "app" {
          ami                         = "ami-0abcdef1234567890"
          instance_type               = "t3.micro"
          subnet_id                   = aws_subnet.private.id
          associate_public_ip_address = false
          iam_instance_profile        = aws_iam_instance_profile.app.name
        }
        ```

        CloudFormation:

        ```yaml
        AppRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {...}
            Policies:
              - PolicyName: app
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: !Sub "${Assets.Arn}/*"
        ```
    """
    public = instance_public_ip(instance, ctx)
    if public is False:
        return ok()
    roles = _roles_or_unknown(instance, ctx, "iam_instance_profile")
    if isinstance(roles, list) and not roles:
        return ok()
    admin = roles if isinstance(roles, Unknown) else _over_roles(roles, ctx, _admin_like)
    if admin is False:
        return ok()
    open_to_world = _world_open(instance, ctx)
    answer = tri_all(public, open_to_world, admin)
    return _verdict(
        answer,
        "reachable from the internet (public IP, security group open to the world) with an "
        "administrator role",
        _role_path(instance, ctx) or ("iam_instance_profile",),
        "whether the instance is an internet-reachable administrator",
    )


# -- buckets without any public access block ---------------------------------------------------

BLOCK_FLAGS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


@rule(
    code="AWS-S3-010",
    name="s3-bucket-without-public-access-block",
    kind="aws.s3.bucket",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.1.4"], FSBP: ["S3.8"]},
    tags=["graph", "s3", "public-access"],
)
def bucket_without_public_access_block(bucket: Resource, ctx: Context) -> Verdict:
    """A bucket has no public access block, neither its own nor an account-level one.

    What it checks
        The bucket declares no bucket-level public access block, and no account-level block
        (``aws.s3.account_public_access_block``) in the scanned code turns all four settings
        on. AWS-S3-001 judges buckets that declare a block with settings off.
    Why it matters
        Nothing in the code then stops a later ACL or bucket policy change, by hand or by
        another stack, from making the bucket public. (Buckets created since April 2023 start
        with the block on, but a setting the code does not declare is not enforced by it:
        drift and older buckets go unnoticed.)
    How to fix
        Declare the block on the bucket (or once for the whole account).

        Terraform:

        ```hcl
        resource "aws_s3_bucket_public_access_block" "data" {
          bucket                  = aws_s3_bucket.data.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::S3::Bucket
          Properties:
            PublicAccessBlockConfiguration:
              BlockPublicAcls: true
              BlockPublicPolicy: true
              IgnorePublicAcls: true
              RestrictPublicBuckets: true
        ```
    """
    block = bucket.get("public_access_block")
    if is_unknown(block):
        return unknown(reason(block, "the public access block"), "public_access_block")
    if block is not None:
        return ok()  # AWS-S3-001 judges its settings
    pending: Unknown | None = None
    for account in ctx.resources("aws.s3.account_public_access_block"):
        values = [account.get(flag) for flag in BLOCK_FLAGS]
        if all(v is True for v in values):
            return ok()
        if pending is None:
            pending = next((v for v in values if is_unknown(v)), None)
    if pending is not None:
        return unknown(
            reason(pending, "the account-level public access block"), "public_access_block"
        )
    return fail(
        "no public access block applies: none on the bucket, none in force for the account",
        "public_access_block",
    )


# -- encrypted resources whose key anyone may use ----------------------------------------------

ENCRYPTED_KINDS = (
    "aws.s3.bucket",
    "aws.ec2.volume",
    "aws.ec2.instance",
    "aws.rds.db_instance",
    "aws.rds.db_cluster",
    "aws.lambda.function",
    "aws.dynamodb.table",
    "aws.sqs.queue",
    "aws.sns.topic",
    "aws.secretsmanager.secret",
    "aws.logs.log_group",
    "aws.eks.cluster",
    "aws.ecr.repository",
    "aws.cloudtrail.trail",
)


def _key_is_public(key: Resource) -> Any:
    policy = key.get("policy")
    if chosen_by_aws(policy) or policy is None:
        return False  # KMS's default key policy trusts the owning account only
    if is_unknown(policy):
        return policy
    document = Document(("policy",), "key policy", policy)
    return tri_any(
        [
            *(public_statement(s) for s in statements(document)),
            *(value for _, value in unknown_statements(document)),
        ]
    )


@rule(
    code="AWS-KMS-003",
    name="encrypted-with-publicly-usable-key",
    kind=ENCRYPTED_KINDS,
    severity=Severity.HIGH,
    tags=["graph", "kms", "encryption-at-rest"],
)
def encrypted_with_public_key(resource: Resource, ctx: Context) -> Iterator[Verdict]:
    """A resource is encrypted with a KMS key whose policy lets any principal use it.

    What it checks
        For every KMS key a resource is encrypted with (an ``encrypted-by`` edge: a bucket's
        default encryption key, a volume's, a database's, a queue's ...), the key policy must
        not hold an Allow statement for ``*`` that no condition confines. The key itself is
        reported by AWS-KMS-002; this rule names what the key exposes.
    Why it matters
        Encryption at rest protects nothing when anyone may call ``kms:Decrypt`` with the
        key: whoever obtains the ciphertext (a shared snapshot, a copied object) reads it.
    How to fix
        Restrict the key policy to the account and the roles that use the key.

        Terraform:

        ```hcl
        resource "aws_kms_key" "data" {
          enable_key_rotation = true
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { AWS = "arn:aws:iam::111122223333:root" }
              Action    = "kms:*"
              Resource  = "*"
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        DataKey:
          Type: AWS::KMS::Key
          Properties:
            KeyPolicy:
              Statement:
                - Effect: Allow
                  Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
                  Action: kms:*
                  Resource: "*"
        ```
    """
    paths = _edge_paths(resource, ctx, EdgeType.ENCRYPTED_BY, "aws.kms.key")
    found = False
    for key in ctx.related(resource, "aws.kms.key", EdgeType.ENCRYPTED_BY, "out"):
        answer = _key_is_public(key)
        path = paths.get(key.key, ())
        if answer is True:
            found = True
            yield fail(f"encrypted with {key.address}, whose key policy allows any principal", path)
        elif is_unknown(answer):
            found = True
            yield unknown(reason(answer, f"the policy of {key.address}"), path)
    if not found:
        yield ok()


# -- databases behind security groups open to the world ----------------------------------------


@rule(
    code="AWS-RDS-008",
    name="database-security-group-open-to-world",
    kind=("aws.rds.db_instance", "aws.rds.db_cluster"),
    severity=Severity.CRITICAL,
    tags=["graph", "rds", "exposure"],
)
def database_security_group_open(db: Resource, ctx: Context) -> Iterator[Verdict]:
    """A database uses a security group that admits traffic from the whole internet.

    What it checks
        Every security group a DB instance or cluster uses (``uses-security-group`` edges),
        with the standalone rules attached to it, must admit no ingress from the whole
        internet (any prefix-0 range such as ``0.0.0.0/0``, ``10.0.0.0/0`` or ``::/0``, or
        ranges that together cover every internet address), on any port. Cluster members
        use their cluster's groups and are judged there. A database without security groups
        uses the VPC's default group.
    Why it matters
        A security group open to the world on a database is one step from exposure: the
        ``publicly_accessible`` flag or a routing change away from the database port facing
        the internet, and open today to everything inside any peered network.
    How to fix
        Give the database its own group admitting the database port from the application's
        security group only.

        Terraform:

        ```hcl
        resource "aws_security_group" "db" {
          name   = "db"
          vpc_id = aws_vpc.main.id
          ingress {
            protocol        = "tcp"
            from_port       = 5432
            to_port         = 5432
            security_groups = [aws_security_group.app.id]
          }
        }
        ```

        CloudFormation:

        ```yaml
        DbSecurityGroup:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: database
            VpcId: !Ref Vpc
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 5432
                ToPort: 5432
                SourceSecurityGroupId: !Ref AppSecurityGroup
        ```
    """
    if db.kind == "aws.rds.db_instance" and db.get("db_cluster_identifier") is not None:
        yield ok()
        return
    paths = _edge_paths(db, ctx, EdgeType.USES_SECURITY_GROUP, "aws.ec2.security_group")
    groups = ctx.related(db, "aws.ec2.security_group", EdgeType.USES_SECURITY_GROUP, "out")
    verdicts: list[Verdict] = []
    for group in groups:
        path = paths.get(group.key, ("vpc_security_group_ids",))
        for holder in groups_with_rules(group, ctx):
            found, pending = world_open_ingress(holder)
            if found:
                peer = found[0].peer
                verdicts.append(fail(f"security group {group.address} admits {peer}", path))
                break
            if pending is not None:
                verdicts.append(unknown(reason(pending, f"the rules of {group.address}"), path))
    if not groups:
        ids = db.get("vpc_security_group_ids")
        if is_unknown(ids) and not chosen_by_aws(ids):
            verdicts.append(unknown(reason(ids, "the security groups"), "vpc_security_group_ids"))
    yield from verdicts or [ok()]


# -- Lambda roles ------------------------------------------------------------------------------


WILDCARDS = ("*", *(f"{service}:*" for service in SENSITIVE_SERVICES))

# AWS-managed policies that allow every action of a sensitive service (``s3:*``, ...), or
# every action but IAM's.
SERVICE_WIDE_MANAGED = frozenset(
    {
        "AmazonS3FullAccess",
        "AmazonEC2FullAccess",
        "AmazonDynamoDBFullAccess",
        "AmazonRDSFullAccess",
        "AmazonSSMFullAccess",
        "AWSLambda_FullAccess",
        "AWSLambdaFullAccess",
        "SecretsManagerReadWrite",
        "AWSCloudTrail_FullAccess",
        "AWSOrganizationsFullAccess",
        "PowerUserAccess",
    }
)


def _wildcard_managed(arn: str) -> bool:
    return is_admin_managed_arn(arn) or aws_managed_name(arn) in SERVICE_WIDE_MANAGED


def _wildcard_grant(perms: Permissions) -> Any:
    def statement_test(statement: Statement) -> Any:
        return tri_any(allows_literally(statement, pattern) for pattern in WILDCARDS)

    return _grant(perms, statement_test, _wildcard_managed)


@rule(
    code="AWS-LAMBDA-004",
    name="lambda-role-grants-wildcard-actions",
    kind="aws.lambda.function",
    severity=Severity.HIGH,
    tags=["graph", "lambda", "iam", "least-privilege"],
)
def lambda_role_wildcard(function: Resource, ctx: Context) -> Verdict:
    """A Lambda function runs with a role that grants every action, or every action of a
    sensitive service.

    What it checks
        The function's execution role (a ``uses-role`` edge), through its inline policies, the
        customer-managed policies the graph attaches to it and its AWS-managed policies, must
        not allow ``*``, nor ``<service>:*`` for IAM, STS, KMS, S3, EC2, Lambda, Secrets
        Manager, SSM, DynamoDB, RDS, Organizations or CloudTrail, nor hold an AWS-managed
        policy that does the same (``AdministratorAccess``, ``IAMFullAccess``,
        ``PowerUserAccess``, ``AmazonS3FullAccess``, ``AmazonEC2FullAccess``,
        ``AmazonDynamoDBFullAccess``, ``AmazonRDSFullAccess``, ``AmazonSSMFullAccess``,
        ``AWSLambda_FullAccess``, ``SecretsManagerReadWrite``, ``AWSCloudTrail_FullAccess``,
        ``AWSOrganizationsFullAccess``). (Wildcards over low-risk services, such as ``logs:*``
        for the function's own logs, are left alone.)
    Why it matters
        Functions run code triggered from the outside (HTTP requests, queue messages, file
        uploads); a dependency vulnerability or an injection in the handler executes with the
        role's permissions. A wildcard role turns every such bug into the power to change and
        delete whole services.
    How to fix
        Give each function its own role listing the actions it calls on its own resources.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "worker" {
          role = aws_iam_role.worker.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
              Resource = aws_sqs_queue.jobs.arn
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        WorkerRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {...}
            Policies:
              - PolicyName: worker
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: [sqs:ReceiveMessage, sqs:DeleteMessage]
                      Resource: !GetAtt Jobs.Arn
        ```
    """
    roles = _roles_or_unknown(function, ctx, "role")
    if isinstance(roles, Unknown):
        return unknown(reason(roles, "the execution role"), "role")
    answer = _over_roles(roles, ctx, _wildcard_grant)
    return _verdict(
        answer,
        "the execution role allows wildcard actions",
        _role_path(function, ctx) or ("role",),
        "the execution role's permissions",
    )


BUCKET_WIDE = ("arn:aws:s3:::*", "arn:aws:s3:::*/*")
S3_WRITE_MANAGED = ("AmazonS3FullAccess", "PowerUserAccess")


def _writes_every_bucket(perms: Permissions) -> Any:
    def statement_test(statement: Statement) -> Any:
        return tri_all(allows(statement, "s3:PutObject"), on_resources(statement, BUCKET_WIDE))

    def arn_test(arn: str) -> bool:
        return is_admin_managed_arn(arn) or aws_managed_name(arn) in S3_WRITE_MANAGED

    return _grant(perms, statement_test, arn_test)


@rule(
    code="AWS-LAMBDA-005",
    name="lambda-role-can-write-every-bucket",
    kind="aws.lambda.function",
    severity=Severity.HIGH,
    tags=["graph", "lambda", "iam", "s3"],
)
def lambda_role_writes_every_bucket(function: Resource, ctx: Context) -> Verdict:
    """A Lambda function's role may write objects into every bucket of the account.

    What it checks
        The execution role (through its inline, attached customer-managed and AWS-managed
        policies) must not allow ``s3:PutObject`` (directly or through ``s3:*``, ``s3:Put*``
        or ``*``) on ``*``, ``arn:aws:s3:::*`` or ``arn:aws:s3:::*/*``;
        ``AmazonS3FullAccess``, ``PowerUserAccess`` and administrator policies count too.
    Why it matters
        A compromised function could overwrite any object in any bucket: website content,
        deployment artifacts other pipelines trust, CloudTrail logs, data lakes.
    How to fix
        Allow writes only to the bucket (and prefix) the function produces.

        Terraform:

        ```hcl
        resource "aws_iam_role_policy" "thumbnailer" {
          role = aws_iam_role.thumbnailer.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = "s3:PutObject"
              Resource = "${aws_s3_bucket.thumbnails.arn}/*"
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        ThumbnailerRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {...}
            Policies:
              - PolicyName: write-thumbnails
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: s3:PutObject
                      Resource: !Sub "${Thumbnails.Arn}/*"
        ```
    """
    roles = _roles_or_unknown(function, ctx, "role")
    if isinstance(roles, Unknown):
        return unknown(reason(roles, "the execution role"), "role")
    answer = _over_roles(roles, ctx, _writes_every_bucket)
    return _verdict(
        answer,
        "the execution role may write objects into every bucket",
        _role_path(function, ctx) or ("role",),
        "the execution role's permissions",
    )


# -- CloudTrail bucket logging -----------------------------------------------------------------


@rule(
    code="AWS-CLOUDTRAIL-005",
    name="cloudtrail-bucket-access-logging-disabled",
    kind="aws.cloudtrail.trail",
    severity=Severity.LOW,
    frameworks={CIS: ["3.4"]},
    tags=["graph", "cloudtrail", "s3", "logging"],
)
def cloudtrail_bucket_access_logging(trail: Resource, ctx: Context) -> Verdict:
    """The bucket a CloudTrail trail writes to does not log who accesses it.

    What it checks
        The trail's S3 bucket (a ``logs-to`` edge) must have server access logging on. A
        bucket outside the scanned code cannot be judged: the answer is unknown.
    Why it matters
        The trail bucket is where an intruder goes to cover their tracks; its access log
        records who read, overwrote or deleted the evidence.
    How to fix
        Log the trail bucket's access to another bucket.

        Terraform:

        ```hcl
        resource "aws_s3_bucket_logging" "trail" {
          bucket        = aws_s3_bucket.trail.id
          target_bucket = aws_s3_bucket.access_logs.id
          target_prefix = "trail/"
        }
        ```

        CloudFormation:

        ```yaml
        TrailBucket:
          Type: AWS::S3::Bucket
          Properties:
            LoggingConfiguration:
              DestinationBucketName: !Ref AccessLogs
              LogFilePrefix: trail/
        ```
    """
    buckets = ctx.related(trail, "aws.s3.bucket", EdgeType.LOGS_TO, "out")
    if not buckets:
        name = trail.get("s3_bucket_name")
        if is_unknown(name):
            return unknown(reason(name, "the trail's bucket"), "s3_bucket_name")
        return unknown(f"the trail's bucket {name} is not in the scanned code", "s3_bucket_name")
    answers = []
    for bucket in buckets:
        logging = bucket.get("logging")
        answers.append(logging if is_unknown(logging) else logging is None)
    answer = tri_any(answers)
    return _verdict(
        answer,
        "the trail's bucket has no server access logging",
        ("s3_bucket_name",),
        "the trail bucket's logging",
    )
