"""S3: public access blocks, public ACLs and policies, TLS, encryption, versioning, logging.

Every rule reads the canonical bucket (``aws.s3.bucket``): the public access block, default
encryption, versioning, logging, policy, ACL grants and ownership controls are folded into it
whatever wrote them (docs/model.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.model import aws
from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
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
    matches,
    public_policy_verdicts,
    reason,
    statements,
    summarize,
    tri_any,
    unknown_statements,
)

BUCKET = "aws.s3.bucket"
BUCKET_POLICY = "aws.s3.bucket_policy"
ACCOUNT_BLOCK = "aws.s3.account_public_access_block"
BLOCK_FLAGS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


def _block_flags(resource: Resource, prefix: tuple[str, ...]) -> Iterator[Verdict]:
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for flag in BLOCK_FLAGS:
        value = resource.get((*prefix, flag))
        if is_unknown(value):
            unknowns.append(unknown(reason(value, flag), (*prefix, flag)))
        elif value is not True:
            fails.append(fail(f"{flag} is not enabled", (*prefix, flag)))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-S3-001",
    name="s3-bucket-public-access-block-disabled",
    kind=BUCKET,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.1.4"], FSBP: ["S3.8"]},
    tags=["s3", "public-access"],
)
def bucket_public_access_block_disabled(bucket: Resource, ctx: Context) -> Iterator[Verdict]:
    """A bucket's public access block leaves one of its four settings off.

    What it checks
        The bucket-level public access block, when the bucket has one: ``block_public_acls``,
        ``block_public_policy``, ``ignore_public_acls`` and ``restrict_public_buckets`` must
        all be true. A bucket that declares no block at all is AWS-S3-010's finding (it may
        still be covered by the account-level block).
    Why it matters
        Each setting that is off lets one path to public exposure through: a public ACL, a
        public bucket policy, or existing public grants being honoured. Turning a setting off
        explicitly is how most accidental public buckets start.
    How to fix
        Turn all four settings on.

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
        yield unknown(reason(block, "the public access block"), "public_access_block")
        return
    if block is None:
        yield ok()
        return
    yield from _block_flags(bucket, ("public_access_block",))


@rule(
    code="AWS-S3-002",
    name="s3-account-public-access-block-disabled",
    kind=ACCOUNT_BLOCK,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.1.4"], FSBP: ["S3.1"]},
    tags=["s3", "public-access"],
)
def account_public_access_block_disabled(block: Resource, ctx: Context) -> Iterator[Verdict]:
    """The account-level S3 public access block leaves one of its settings off.

    What it checks
        ``block_public_acls``, ``block_public_policy``, ``ignore_public_acls`` and
        ``restrict_public_buckets`` of the account-level block must all be true.
    Why it matters
        The account-level block is the safety net under every bucket of the account, the ones
        created later by hand included. A setting left off there lets any single bucket's ACL
        or policy make data public.
    How to fix
        Turn all four settings on (CloudFormation has no resource type for the account-level
        block; set it with Terraform, the AWS CLI ``s3control put-public-access-block`` or an
        organization-wide control).

        Terraform:

        ```hcl
        resource "aws_s3_account_public_access_block" "account" {
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
        ```
    """
    yield from _block_flags(block, ())


def _neutralized(bucket: Resource, ctx: Context, flag: str) -> bool:
    """A public access block setting in force on the bucket or on the account."""
    if bucket.get(("public_access_block", flag)) is True:
        return True
    return any(b.get(flag) is True for b in ctx.resources(ACCOUNT_BLOCK))


@rule(
    code="AWS-S3-003",
    name="s3-bucket-acl-public",
    kind=BUCKET,
    severity=Severity.HIGH,
    frameworks={FSBP: ["S3.2", "S3.3"]},
    tags=["s3", "public-access"],
)
def bucket_acl_public(bucket: Resource, ctx: Context) -> Iterator[Verdict]:
    """A bucket ACL grants access to everyone or to every AWS user.

    What it checks
        The bucket's ACL grants (a canned ACL such as ``public-read`` or explicit grants) to
        the ``AllUsers`` or ``AuthenticatedUsers`` groups, unless a public access block with
        ``ignore_public_acls`` is in force on the bucket or the account.
    Why it matters
        ``AllUsers`` is anyone on the internet; ``AuthenticatedUsers`` is anyone with any AWS
        account. Either one lists, reads or writes the bucket, depending on the permission.
    How to fix
        Remove the public grants (use ``private``) and keep ACLs disabled with
        ``BucketOwnerEnforced`` object ownership; serve public content through CloudFront.

        Terraform:

        ```hcl
        resource "aws_s3_bucket_ownership_controls" "data" {
          bucket = aws_s3_bucket.data.id
          rule {
            object_ownership = "BucketOwnerEnforced"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::S3::Bucket
          Properties:
            OwnershipControls:
              Rules:
                - ObjectOwnership: BucketOwnerEnforced
        ```
    """
    if _neutralized(bucket, ctx, "ignore_public_acls"):
        yield ok()  # public grants are ignored: whatever the ACL holds
        return
    grants = bucket.get("grants")
    if is_unknown(grants):
        yield unknown(reason(grants, "the bucket ACL"), "grants")
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, grant in enumerate(grants if isinstance(grants, list) else []):
        if not isinstance(grant, Mapping):
            continue
        uri = grant.get("grantee_uri")
        if is_unknown(uri):
            unknowns.append(unknown(reason(uri, "a grantee"), ("grants", index)))
        elif uri in aws.PUBLIC_GRANTEES:
            who = "everyone" if uri == aws.ALL_USERS else "every AWS account"
            fails.append(fail(f"ACL grants {grant.get('permission')} to {who}", ("grants", index)))
    yield from summarize(fails, unknowns)


@rule(
    code="AWS-S3-004",
    name="s3-bucket-policy-public",
    kind=(BUCKET, "aws.s3.bucket_policy"),
    severity=Severity.HIGH,
    frameworks={FSBP: ["S3.2", "S3.3"]},
    tags=["s3", "public-access", "iam"],
)
def bucket_policy_public(resource: Resource, ctx: Context) -> list[Verdict]:
    """A bucket policy allows any principal without a condition that confines it.

    What it checks
        Allow statements of the bucket policy whose principal is ``*`` (or ``{"AWS": "*"}``)
        and that no condition limits to known callers (``aws:SourceArn``,
        ``aws:SourceAccount``, ``aws:PrincipalOrgID``, ``aws:SourceVpce``, ``aws:SourceIp``,
        ...). ``NotPrincipal`` with Allow counts as every principal. Each statement is judged
        on what it shows: an unknown resource does not hide a ``*`` principal, a principal
        such as ``arn:aws:iam::${AccountId}:root`` is never everyone, an exact test
        (``StringEquals``, ``ArnEquals``) on a confining key confines whatever its value, and
        a pattern test (``StringLike``, ``IpAddress``) confines unless its value is ``*`` or a
        range that admits the whole internet. A bucket policy declared for a bucket outside
        the scanned code is judged on its own. A bucket whose public access block (bucket or
        account) restricts public buckets passes: AWS then ignores the public statements.
    Why it matters
        Such a statement hands the listed actions to anyone on the internet: the classic
        public-bucket data leak.
    How to fix
        Name the principals that need access (roles, accounts, the CloudFront origin access
        control service principal with an ``AWS:SourceArn`` condition), or add a confining
        condition.

        Terraform:

        ```hcl
        data "aws_iam_policy_document" "data" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["${aws_s3_bucket.data.arn}/*"]
            principals {
              type        = "Service"
              identifiers = ["cloudfront.amazonaws.com"]
            }
            condition {
              test     = "StringEquals"
              variable = "AWS:SourceArn"
              values   = [aws_cloudfront_distribution.site.arn]
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Data
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: cloudfront.amazonaws.com}
                  Action: s3:GetObject
                  Resource: !Sub "${Data.Arn}/*"
                  Condition:
                    StringEquals:
                      AWS:SourceArn: !Ref SiteDistributionArn
        ```
    """
    if resource.kind == "aws.s3.bucket_policy":
        if ctx.related(resource, BUCKET, EdgeType.ATTACHED_TO, "out"):
            return [ok()]  # judged on its bucket, which holds the same policy
        return public_policy_verdicts(resource, ("policy",), "bucket policy")
    if _neutralized(resource, ctx, "restrict_public_buckets"):
        return [ok()]
    return public_policy_verdicts(resource, ("policy",), "bucket policy")


def _denies_insecure_transport(statement_body: Mapping[str, Any]) -> Any:
    effect = statement_body.get("Effect")
    if effect != "Deny":
        return effect if is_unknown(effect) else False
    actions = statement_body.get("Action")
    if is_unknown(actions):
        return actions
    if not isinstance(actions, list):
        return False
    covers = tri_any(matches(a, "s3:GetObject") for a in actions)
    if covers is not True:
        return covers
    condition = statement_body.get("Condition")
    if is_unknown(condition):
        return condition
    if not isinstance(condition, Mapping):
        return False
    for operator in ("Bool", "BoolIfExists"):
        tests = condition.get(operator)
        if is_unknown(tests):
            return tests
        if not isinstance(tests, Mapping):
            continue
        for key, values in tests.items():
            if str(key).lower() != "aws:securetransport":
                continue
            items = values if isinstance(values, list) else [values]
            for value in items:
                if is_unknown(value):
                    return value
                if str(value).lower() == "false":
                    return True
    return False


def _unplaced_policy(bucket: Resource, ctx: Context) -> Resource | None:
    """A bucket policy of the same stack or module whose bucket is not known (a parameter, a
    name built from one): it may be ``bucket``'s, which then holds no policy of its own."""
    for candidate in ctx.resources(BUCKET_POLICY):
        if candidate.scope != bucket.scope or not is_unknown(candidate.get("bucket")):
            continue
        if not ctx.related(candidate, BUCKET, EdgeType.ATTACHED_TO, "out"):
            return candidate
    return None


@rule(
    code="AWS-S3-005",
    name="s3-bucket-tls-not-enforced",
    kind=BUCKET,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.1.1"], FSBP: ["S3.5"]},
    tags=["s3", "encryption-in-transit"],
)
def bucket_tls_not_enforced(bucket: Resource, ctx: Context) -> Verdict:
    """No bucket policy statement denies requests made without TLS.

    What it checks
        The bucket policy must hold a ``Deny`` statement for S3 actions (``s3:*``) with the
        condition ``Bool: {aws:SecureTransport: "false"}``. A bucket without a policy is
        unknown while a bucket policy of the same stack or module names a bucket that is not
        known (it may be this one).
    Why it matters
        S3 answers plain HTTP too. Without the deny, a misconfigured client or an SDK pointed
        at an ``http://`` endpoint sends data and credentials-signed requests in clear text.
    How to fix
        Add the deny statement to the bucket policy.

        Terraform:

        ```hcl
        data "aws_iam_policy_document" "tls" {
          statement {
            effect    = "Deny"
            actions   = ["s3:*"]
            resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
            principals {
              type        = "*"
              identifiers = ["*"]
            }
            condition {
              test     = "Bool"
              variable = "aws:SecureTransport"
              values   = ["false"]
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Data
            PolicyDocument:
              Statement:
                - Effect: Deny
                  Principal: "*"
                  Action: s3:*
                  Resource: [!GetAtt Data.Arn, !Sub "${Data.Arn}/*"]
                  Condition:
                    Bool: {aws:SecureTransport: "false"}
        ```
    """
    policy = bucket.get("policy")
    if is_unknown(policy):
        return unknown(reason(policy, "the bucket policy"), "policy")
    if policy is None:
        stray = _unplaced_policy(bucket, ctx)
        if stray is not None:
            what = f"the bucket of {stray.address}"
            return unknown(
                f"{reason(stray.get('bucket'), what)}; it may be this bucket's policy", "policy"
            )
        return fail("no bucket policy denies requests without TLS (aws:SecureTransport)", "policy")
    pending = None
    document = Document(("policy",), "bucket policy", policy)
    for statement in statements(document):
        enforced = _denies_insecure_transport(statement.body)
        if enforced is True:
            return ok()
        if is_unknown(enforced) and pending is None:
            pending = unknown(reason(enforced, statement.where()), statement.path)
    for where, value in unknown_statements(document):  # may be the statement that denies
        if pending is None:
            pending = unknown(reason(value, "a statement of the bucket policy"), where)
    if pending is not None:
        return pending
    return fail(
        "the bucket policy does not deny requests without TLS (aws:SecureTransport)", "policy"
    )


@rule(
    code="AWS-S3-006",
    name="s3-bucket-not-encrypted-with-kms",
    kind=BUCKET,
    severity=Severity.LOW,
    tags=["s3", "encryption-at-rest"],
)
def bucket_not_encrypted_with_kms(bucket: Resource, ctx: Context) -> Verdict:
    """A bucket's default encryption does not use a KMS key.

    What it checks
        The bucket's default encryption algorithm must be ``aws:kms`` or ``aws:kms:dsse``.
        Every bucket is encrypted with S3-managed keys (SSE-S3, ``AES256``) by default; this
        rule asks for KMS, which data of any sensitivity should use.
    Why it matters
        With SSE-S3, anyone allowed to read an object reads it in clear: there is no second,
        separately audited permission. A KMS key adds one (``kms:Decrypt``), logs every use in
        CloudTrail, and can be disabled to cut off access at once.
    How to fix
        Set SSE-KMS as the default encryption, with a customer-managed key and bucket keys on.

        Terraform:

        ```hcl
        resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
          bucket = aws_s3_bucket.data.id
          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm     = "aws:kms"
              kms_master_key_id = aws_kms_key.data.arn
            }
            bucket_key_enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault:
                    SSEAlgorithm: aws:kms
                    KMSMasterKeyID: !GetAtt DataKey.Arn
                  BucketKeyEnabled: true
        ```
    """
    encryption = bucket.get("encryption")
    if is_unknown(encryption):
        return unknown(reason(encryption, "the default encryption"), "encryption")
    if encryption is None:
        return fail("the bucket has no default encryption", "encryption")
    algorithm = bucket.get(("encryption", "sse_algorithm"))
    if is_unknown(algorithm):
        return unknown(
            reason(algorithm, "the encryption algorithm"), ("encryption", "sse_algorithm")
        )
    if algorithm in ("aws:kms", "aws:kms:dsse"):
        return ok()
    return fail(
        f"default encryption is {algorithm} (S3-managed keys), not a KMS key",
        ("encryption", "sse_algorithm"),
    )


@rule(
    code="AWS-S3-007",
    name="s3-bucket-versioning-disabled",
    kind=BUCKET,
    severity=Severity.MEDIUM,
    tags=["s3", "data-protection"],
)
def bucket_versioning_disabled(bucket: Resource, ctx: Context) -> Verdict:
    """A bucket does not keep object versions.

    What it checks
        The bucket's versioning status must be ``Enabled`` (not ``Suspended`` or never
        enabled).
    Why it matters
        Without versions, an overwrite or a delete, by mistake, by a bug or by ransomware, is
        final. Versioning is also what replication and Object Lock need.
    How to fix
        Enable versioning (and a lifecycle rule that expires old versions).

        Terraform:

        ```hcl
        resource "aws_s3_bucket_versioning" "data" {
          bucket = aws_s3_bucket.data.id
          versioning_configuration {
            status = "Enabled"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::S3::Bucket
          Properties:
            VersioningConfiguration:
              Status: Enabled
        ```
    """
    status = bucket.get(("versioning", "status"))
    if is_unknown(status):
        return unknown(reason(status, "the versioning status"), ("versioning", "status"))
    if status == "Enabled":
        return ok()
    state = "suspended" if status == "Suspended" else "not enabled"
    return fail(f"versioning is {state}", ("versioning", "status"))


LOG_SOURCES = (
    BUCKET,
    "aws.cloudtrail.trail",
    "aws.elbv2.load_balancer",
    "aws.cloudfront.distribution",
    "aws.ec2.flow_log",
)


@rule(
    code="AWS-S3-008",
    name="s3-bucket-access-logging-disabled",
    kind=BUCKET,
    severity=Severity.LOW,
    frameworks={FSBP: ["S3.9"]},
    tags=["s3", "logging"],
)
def bucket_access_logging_disabled(bucket: Resource, ctx: Context) -> Verdict:
    """A bucket does not record server access logs.

    What it checks
        The bucket must send server access logs to a target bucket. Buckets that receive logs
        themselves (the target of another bucket's access logs, a trail, a load balancer, a
        CloudFront distribution or a flow log in the scanned code) are left out: logging a log
        bucket only logs the log deliveries.
    Why it matters
        Access logs are the record of who read or changed which object, from where: what an
        investigation of a leak starts from. CloudTrail data events are the costlier
        alternative.
    How to fix
        Enable server access logging to a dedicated log bucket.

        Terraform:

        ```hcl
        resource "aws_s3_bucket_logging" "data" {
          bucket        = aws_s3_bucket.data.id
          target_bucket = aws_s3_bucket.logs.id
          target_prefix = "data/"
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::S3::Bucket
          Properties:
            LoggingConfiguration:
              DestinationBucketName: !Ref Logs
              LogFilePrefix: data/
        ```
    """
    for source in LOG_SOURCES:
        if ctx.related(bucket, source, EdgeType.LOGS_TO, "in"):
            return ok()  # a log bucket: whatever its own logging says
    logging = bucket.get("logging")
    if is_unknown(logging):
        return unknown(reason(logging, "the access logging configuration"), "logging")
    if logging is not None:
        return ok()
    return fail("server access logging is not enabled", "logging")


@rule(
    code="AWS-S3-009",
    name="s3-bucket-acls-enabled",
    kind=BUCKET,
    severity=Severity.LOW,
    frameworks={FSBP: ["S3.12"]},
    tags=["s3", "access-control"],
)
def bucket_acls_enabled(bucket: Resource, ctx: Context) -> Verdict:
    """A bucket still uses ACLs instead of enforcing bucket-owner object ownership.

    What it checks
        Object ownership must be ``BucketOwnerEnforced`` (ACLs disabled), or left undeclared
        (the default of every bucket created since April 2023), and the bucket must hold no
        ACL grants besides its owner's. A bucket a CloudFront distribution writes its standard
        logs to passes: that delivery needs ACLs.
    Why it matters
        With ACLs enabled, access is decided in two places: the policies reviewers read, and
        per-object ACLs nobody reviews. Objects uploaded by other accounts may also stay owned
        by the uploader.
    How to fix
        Enforce bucket-owner ownership and grant access with policies only.

        Terraform:

        ```hcl
        resource "aws_s3_bucket_ownership_controls" "data" {
          bucket = aws_s3_bucket.data.id
          rule {
            object_ownership = "BucketOwnerEnforced"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::S3::Bucket
          Properties:
            OwnershipControls:
              Rules:
                - ObjectOwnership: BucketOwnerEnforced
        ```
    """
    if ctx.related(bucket, "aws.cloudfront.distribution", EdgeType.LOGS_TO, "in"):
        return ok()  # CloudFront standard logging writes through the bucket ACL
    ownership = bucket.get("object_ownership")
    if is_unknown(ownership):
        return unknown(reason(ownership, "the object ownership"), "object_ownership")
    if ownership in ("ObjectWriter", "BucketOwnerPreferred"):
        return fail(f"object ownership is {ownership}: ACLs are enabled", "object_ownership")
    grants = bucket.get("grants")
    if is_unknown(grants):
        return unknown(reason(grants, "the bucket ACL"), "grants")
    if isinstance(grants, list) and grants:
        return fail("the bucket ACL grants access besides the owner's", ("grants", 0))
    return ok()
