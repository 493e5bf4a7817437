"""AWS Backup: vaults (their access policy and lock folded in) and plans."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    CLOUDFORMATION,
    NAMED_BY_CLOUDFORMATION,
    OBJECT,
    OPT_INT,
    OPT_POLICY,
    OPT_STR,
    REQUIRED,
    STR,
    TAGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Fold,
    Writers,
    items,
)
from iacgate.model.edges import EdgeType

VAULT = AwsKind(
    name="aws.backup.vault",
    description="An AWS Backup vault with its access policy and its vault lock",
    physical_id="name",
    identifiers=("name", "arn"),
    terraform=Writers(
        types=("aws_backup_vault",),
        folds=(
            Fold("aws_backup_vault_policy", "backup_vault_name", ("name",), "policy", "policy"),
            "aws_backup_vault_lock_configuration",
        ),
    ),
    cloudformation=Writers(types=("AWS::Backup::BackupVault",)),
    note="The lock (aws_backup_vault_lock_configuration, LockConfiguration) is folded in.",
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="BackupVaultName",
            default=REQUIRED,
            api="BackupVaultName",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="BackupVaultArn",
        ),
        Field(
            "kms_key_arn",
            OPT_STR,
            description=(
                "The KMS key of the vault's recovery points; null = the AWS managed key "
                "aws/backup (code that names no key). A live collection names the key AWS "
                "used, the AWS managed one included."
            ),
            terraform="kms_key_arn",
            cloudformation="EncryptionKeyArn",
            api="EncryptionKeyArn",
        ),
        Field(
            "policy",
            OPT_POLICY,
            description=(
                "The vault access policy (aws_backup_vault_policy, AccessPolicy, "
                "GetBackupVaultAccessPolicy); null when none (the account's IAM alone decides)."
            ),
            cloudformation="AccessPolicy",
            api="GetBackupVaultAccessPolicy:Policy",
        ),
        Field(
            "locked",
            BOOL,
            False,
            description=(
                "A vault lock applies (aws_backup_vault_lock_configuration, LockConfiguration, "
                "the API's Locked): recovery points cannot be deleted before their retention."
            ),
            api="Locked",
        ),
        Field(
            "lock_min_retention_days",
            OPT_INT,
            description="The lock's minimum retention; null when unlocked or unset.",
            cloudformation="LockConfiguration.MinRetentionDays",
            api="MinRetentionDays",
        ),
        Field(
            "lock_max_retention_days",
            OPT_INT,
            description="The lock's maximum retention; null when unlocked or unset.",
            cloudformation="LockConfiguration.MaxRetentionDays",
            api="MaxRetentionDays",
        ),
        Field(
            "tags",
            TAGS,
            terraform="tags",
            cloudformation="BackupVaultTags",
            api="ListTags:Tags",
        ),
    ),
    edges=(Edge("kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),),
    collector=Collector(
        service="backup",
        calls=(
            call("backup", "ListBackupVaults", paginated=True, items="BackupVaultList"),
            call(
                "backup",
                "GetBackupVaultAccessPolicy",
                absent=("ResourceNotFoundException",),
                params=(("BackupVaultName", "BackupVaultName"),),
            ),
            call(
                "backup",
                "ListTags",
                gone=("ResourceNotFoundException",),
                params=(("ResourceArn", "BackupVaultArn"),),
            ),
        ),
        id_field="BackupVaultName",
        arn="arn:{partition}:backup:{region}:{account}:backup-vault:{id}",
    ),
)

_RULE = (
    Field("name", STR, terraform="rule_name", cloudformation="RuleName", api="RuleName"),
    Field(
        "target_vault_name",
        STR,
        terraform="target_vault_name",
        cloudformation="TargetBackupVault",
        api="TargetBackupVaultName",
    ),
    Field(
        "schedule",
        OPT_STR,
        description="A cron or rate expression; null = AWS's default (daily, 05:00 UTC).",
        terraform="schedule",
        cloudformation="ScheduleExpression",
        api="ScheduleExpression",
    ),
    Field(
        "delete_after_days",
        OPT_INT,
        description="Days a recovery point is kept; null = kept until deleted by hand.",
        terraform="lifecycle.0.delete_after",
        cloudformation="Lifecycle.DeleteAfterDays",
        api="Lifecycle.DeleteAfterDays",
    ),
)

PLAN = AwsKind(
    name="aws.backup.plan",
    description="An AWS Backup plan and its rules",
    physical_id="id",
    identifiers=("id", "arn"),
    terraform=Writers(types=("aws_backup_plan",)),
    cloudformation=Writers(types=("AWS::Backup::BackupPlan",)),
    fields=(
        Field(
            "id",
            STR,
            description="The plan id (physical id); assigned by AWS.",
            terraform="id",
            default=ASSIGNED,
            api="BackupPlanId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="BackupPlanArn",
        ),
        Field(
            "name",
            STR,
            terraform="name",
            cloudformation="BackupPlan.BackupPlanName",
            default=REQUIRED,
            defaults={CLOUDFORMATION: NAMED_BY_CLOUDFORMATION},
            api="BackupPlanName",
        ),
        Field(
            "rules",
            items(OBJECT),
            description="The plan's rules, sorted by name.",
            key=("name",),
            fields=_RULE,
            terraform="rule",
            cloudformation="BackupPlan.BackupPlanRule",
            api="GetBackupPlan:BackupPlan.Rules",
        ),
        Field("tags", TAGS, terraform="tags", cloudformation="BackupPlanTags"),
    ),
    edges=(Edge("rules.*.target_vault_name", EdgeType.REFERENCES, ("aws.backup.vault",)),),
    collector=Collector(
        service="backup",
        calls=(
            call("backup", "ListBackupPlans", paginated=True, items="BackupPlansList"),
            call(
                "backup",
                "GetBackupPlan",
                gone=("ResourceNotFoundException",),
                params=(("BackupPlanId", "BackupPlanId"),),
            ),
        ),
        id_field="BackupPlanId",
        arn="arn:{partition}:backup:{region}:{account}:backup-plan:{id}",
    ),
)


KINDS = (VAULT, PLAN)
