"""S3: buckets (their settings folded in), bucket policies, the account's public access block."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_OBJECT,
    OPT_POLICY,
    OPT_STR,
    STR,
    TAGS,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
    enum,
    items,
    nullable,
    ref,
)
from iacgate.model.edges import EdgeType

BUCKET = AwsKind(
    name="aws.s3.bucket",
    description="An S3 bucket, with its bucket-level settings folded in",
    physical_id="name",
    terraform=Writers(
        types=("aws_s3_bucket",),
        folds=(
            "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_logging",
            "aws_s3_bucket_policy",
            "aws_s3_bucket_acl",
            Fold(
                "aws_s3_bucket_ownership_controls",
                "bucket",
                ("name",),
                "object_ownership",
                "rule.0.object_ownership",
            ),
        ),
    ),
    cloudformation=Writers(types=("AWS::S3::Bucket",), folds=("AWS::S3::BucketPolicy",)),
    regional=False,
    identifiers=("name", "arn"),
    note=(
        "An S3 bucket. Terraform folds aws_s3_bucket_public_access_block, "
        "_server_side_encryption_configuration, _versioning, _logging, _policy, _acl and "
        "_ownership_controls into it; CloudFormation keeps most inline; the live collector reads "
        "one call per setting."
    ),
    fields=(
        Field(
            "name",
            STR,
            description="The bucket name (physical id).",
            terraform="bucket",
            cloudformation="BucketName",
            default=Chosen("AWS generates the name (bucket_prefix)"),
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="Name",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="Tags", api="GetBucketTagging:TagSet"),
        Field(
            "public_access_block",
            nullable(ref("publicAccessBlock")),
            description=(
                "The bucket-level public access block, or null when none is configured (no "
                "aws_s3_bucket_public_access_block, no PublicAccessBlockConfiguration, "
                "GetPublicAccessBlock answers NoSuchPublicAccessBlockConfiguration). AWS turns "
                "all four on for buckets created since April 2023; code that does not declare "
                "them leaves that to AWS, so null here means 'not declared'. The account-level "
                "block is the aws.s3.account_public_access_block kind."
            ),
            cloudformation="PublicAccessBlockConfiguration",
            absent=None,
            fields=(
                Field(
                    "block_public_acls",
                    BOOL,
                    False,
                    "block_public_acls",
                    "BlockPublicAcls",
                    api="BlockPublicAcls",
                ),
                Field(
                    "block_public_policy",
                    BOOL,
                    False,
                    "block_public_policy",
                    "BlockPublicPolicy",
                    api="BlockPublicPolicy",
                ),
                Field(
                    "ignore_public_acls",
                    BOOL,
                    False,
                    "ignore_public_acls",
                    "IgnorePublicAcls",
                    api="IgnorePublicAcls",
                ),
                Field(
                    "restrict_public_buckets",
                    BOOL,
                    False,
                    "restrict_public_buckets",
                    "RestrictPublicBuckets",
                    api="RestrictPublicBuckets",
                ),
            ),
            api="GetPublicAccessBlock:PublicAccessBlockConfiguration",
        ),
        Field(
            "encryption",
            OBJECT,
            description=(
                "Default encryption. Since January 2023 every bucket encrypts with SSE-S3 when "
                "nothing else is configured, so the default is {sse_algorithm: AES256, "
                "kms_master_key_id: null, bucket_key_enabled: false} (moto reports none after "
                "DeleteBucketEncryption; real AWS does not)."
            ),
            fields=(
                Field(
                    "sse_algorithm",
                    STR,
                    "AES256",
                    description="AES256, aws:kms or aws:kms:dsse.",
                    terraform="apply_server_side_encryption_by_default.0.sse_algorithm",
                    cloudformation="ServerSideEncryptionByDefault.SSEAlgorithm",
                    api="ApplyServerSideEncryptionByDefault.SSEAlgorithm",
                ),
                Field(
                    "kms_master_key_id",
                    OPT_STR,
                    description=(
                        "KMS key id or ARN; null = the AWS managed key (aws/s3) when "
                        "sse_algorithm is aws:kms."
                    ),
                    terraform="apply_server_side_encryption_by_default.0.kms_master_key_id",
                    cloudformation="ServerSideEncryptionByDefault.KMSMasterKeyID",
                    api="ApplyServerSideEncryptionByDefault.KMSMasterKeyID",
                ),
                Field(
                    "bucket_key_enabled",
                    BOOL,
                    False,
                    terraform="bucket_key_enabled",
                    cloudformation="BucketKeyEnabled",
                    api="BucketKeyEnabled",
                ),
            ),
            api="GetBucketEncryption:ServerSideEncryptionConfiguration.Rules.0",
        ),
        Field(
            "versioning",
            OBJECT,
            fields=(
                Field(
                    "status",
                    enum("Enabled", "Suspended", "Disabled"),
                    "Disabled",
                    description="Enabled, Suspended, or Disabled (never enabled).",
                    cloudformation="Status",
                    api="Status",
                ),
                Field("mfa_delete", BOOL, False),
            ),
            cloudformation="VersioningConfiguration",
            api="GetBucketVersioning:",
        ),
        Field(
            "logging",
            OPT_OBJECT,
            description="Server access logging; null when off.",
            fields=(
                Field(
                    "target_bucket",
                    OPT_STR,
                    terraform="target_bucket",
                    cloudformation="DestinationBucketName",
                    api="TargetBucket",
                ),
                Field(
                    "target_prefix",
                    STR,
                    "",
                    terraform="target_prefix",
                    cloudformation="LogFilePrefix",
                    api="TargetPrefix",
                ),
            ),
            terraform="logging",
            cloudformation="LoggingConfiguration",
            absent=None,
            api="GetBucketLogging:LoggingEnabled",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description="The bucket policy; null when the bucket has none.",
            terraform="policy",
            api="GetBucketPolicy:Policy",
        ),
        Field(
            "grants",
            items(ref("grant")),
            [],
            description=(
                "ACL grants besides the owner's own FULL_CONTROL. A canned ACL is expanded into "
                "its grants (private: none; public-read: AllUsers READ; ...). Default [] "
                "(private). Sorted."
            ),
        ),
        Field(
            "object_ownership",
            OPT_STR,
            description=(
                "BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter; null when no "
                "ownership controls are configured (AWS applies BucketOwnerEnforced to buckets "
                "created since April 2023)."
            ),
            cloudformation="OwnershipControls.Rules.0.ObjectOwnership",
            api="GetBucketOwnershipControls:OwnershipControls.Rules.0.ObjectOwnership",
        ),
        Field("object_lock_enabled", BOOL, False, cloudformation="ObjectLockEnabled"),
    ),
    edges=(
        Edge("encryption.kms_master_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("logging.target_bucket", EdgeType.LOGS_TO, ("aws.s3.bucket",)),
    ),
    collector=Collector(
        service="s3",
        calls=(
            call("s3", "ListBuckets", "s3:ListAllMyBuckets", paginated=True),
            call("s3", "GetBucketLocation", gone=("NoSuchBucket",)),
            call("s3", "GetBucketTagging", absent=("NoSuchTagSet",), gone=("NoSuchBucket",)),
            call(
                "s3",
                "GetPublicAccessBlock",
                "s3:GetBucketPublicAccessBlock",
                absent=("NoSuchPublicAccessBlockConfiguration",),
                gone=("NoSuchBucket",),
            ),
            call(
                "s3",
                "GetBucketEncryption",
                "s3:GetEncryptionConfiguration",
                absent=("ServerSideEncryptionConfigurationNotFoundError",),
                gone=("NoSuchBucket",),
            ),
            call("s3", "GetBucketVersioning", gone=("NoSuchBucket",)),
            call("s3", "GetBucketLogging", gone=("NoSuchBucket",)),
            call("s3", "GetBucketPolicy", absent=("NoSuchBucketPolicy",), gone=("NoSuchBucket",)),
            call("s3", "GetBucketAcl", gone=("NoSuchBucket",)),
            call(
                "s3",
                "GetBucketOwnershipControls",
                absent=("OwnershipControlsNotFoundError",),
                gone=("NoSuchBucket",),
            ),
            call(
                "s3",
                "GetObjectLockConfiguration",
                "s3:GetBucketObjectLockConfiguration",
                absent=("ObjectLockConfigurationNotFoundError",),
                gone=("NoSuchBucket",),
            ),
        ),
        id_field="Name",
        arn="arn:{partition}:s3:::{id}",
        produces=("aws.s3.bucket", "aws.s3.bucket_policy"),
        note="listed once for the account; details asked in each bucket's own region",
    ),
)


BUCKET_POLICY = AwsKind(
    name="aws.s3.bucket_policy",
    description="A bucket policy (also folded into its bucket)",
    physical_id="bucket",
    terraform=Writers(types=("aws_s3_bucket_policy",)),
    cloudformation=Writers(types=("AWS::S3::BucketPolicy",)),
    regional=False,
    note=(
        "A bucket policy as its own node (aws_s3_bucket_policy, AWS::S3::BucketPolicy, "
        "GetBucketPolicy), with an attached-to edge to its bucket; the same document is folded "
        "into the bucket's policy attribute, which rules should prefer. This node lets rules "
        "judge a policy whose bucket is declared elsewhere."
    ),
    fields=(
        Field("bucket", STR, description="The bucket name (physical id)."),
        Field("policy", OPT_POLICY),
    ),
    edges=(Edge("bucket", EdgeType.ATTACHED_TO, ("aws.s3.bucket",)),),
)


ACCOUNT_PUBLIC_ACCESS_BLOCK = AwsKind(
    name="aws.s3.account_public_access_block",
    description="The account-level S3 public access block",
    physical_id="account_id",
    terraform=Writers(types=("aws_s3_account_public_access_block",)),
    regional=False,
    note="The account-wide S3 public access block (s3control).",
    fields=(
        Field(
            "account_id",
            STR,
            description=(
                "The account id (physical id); UNKNOWN in code when it is the provider's account."
            ),
            terraform="account_id",
            default=Chosen("the provider's account"),
            api="AccountId",
        ),
        Field(
            "block_public_acls",
            BOOL,
            False,
            terraform="block_public_acls",
            api="GetPublicAccessBlock:PublicAccessBlockConfiguration.BlockPublicAcls",
        ),
        Field(
            "block_public_policy",
            BOOL,
            False,
            terraform="block_public_policy",
            api="GetPublicAccessBlock:PublicAccessBlockConfiguration.BlockPublicPolicy",
        ),
        Field(
            "ignore_public_acls",
            BOOL,
            False,
            terraform="ignore_public_acls",
            api="GetPublicAccessBlock:PublicAccessBlockConfiguration.IgnorePublicAcls",
        ),
        Field(
            "restrict_public_buckets",
            BOOL,
            False,
            terraform="restrict_public_buckets",
            api="GetPublicAccessBlock:PublicAccessBlockConfiguration.RestrictPublicBuckets",
        ),
    ),
    collector=Collector(
        service="s3control",
        calls=(
            call(
                "s3control",
                "GetPublicAccessBlock",
                "s3:GetAccountPublicAccessBlock",
                absent=("NoSuchPublicAccessBlockConfiguration",),
            ),
        ),
        id_field="AccountId",
        arn="{account}",
        address="{account_id}",
    ),
)


KINDS = (BUCKET, BUCKET_POLICY, ACCOUNT_PUBLIC_ACCESS_BLOCK)
