"""AWS Backup: vaults encrypted with a key the account controls and locked against deletion;
plans that keep recovery points long enough to recover from."""

from __future__ import annotations

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

from ._aws import reason, summarize

VAULT = "aws.backup.vault"
PLAN = "aws.backup.plan"
MIN_RETENTION_DAYS = 7


@rule(
    code="AWS-BACKUP-001",
    name="backup-vault-not-encrypted-with-cmk",
    kind=VAULT,
    severity=Severity.LOW,
    tags=["backup", "encryption-at-rest"],
)
def backup_vault_not_encrypted_with_cmk(vault: Resource, ctx: Context) -> Verdict:
    """A Backup vault encrypts its recovery points with the AWS managed key.

    What it checks
        The vault names a KMS key of the account's own (``kms_key_arn``). No key, or the
        ``aws/backup`` alias, is the AWS managed key. A key that is not among the scanned
        resources cannot be told apart: unknown.
    Why it matters
        Every backup of every protected resource sits in the vault. A customer-managed key adds
        a key policy that decides, independently of IAM, who may restore them, logs every use,
        and can be disabled to cut access to stolen copies.
    How to fix
        Create the vault with a customer-managed key (the key cannot be changed later).

        Terraform:

        ```hcl
        resource "aws_backup_vault" "main" {
          name        = "main"
          kms_key_arn = aws_kms_key.backup.arn
        }
        ```

        CloudFormation:

        ```yaml
        Vault:
          Type: AWS::Backup::BackupVault
          Properties:
            BackupVaultName: main
            EncryptionKeyArn: !GetAtt BackupKey.Arn
        ```
    """
    if ctx.related(vault, "aws.kms.key", EdgeType.ENCRYPTED_BY, "out"):
        return ok()
    key = vault.get("kms_key_arn")
    if is_unknown(key):
        return unknown(reason(key, "the KMS key"), "kms_key_arn")
    if key is None or "alias/aws/" in str(key):
        return fail(
            "the vault encrypts with the AWS managed aws/backup key, not a customer-managed key",
            "kms_key_arn" if key is not None else (),
        )
    return unknown(
        "the KMS key is not among the scanned resources: whether the account manages it is "
        "not known",
        "kms_key_arn",
    )


@rule(
    code="AWS-BACKUP-002",
    name="backup-vault-without-lock",
    kind=VAULT,
    severity=Severity.MEDIUM,
    tags=["backup", "deletion-protection"],
)
def backup_vault_without_lock(vault: Resource, ctx: Context) -> Verdict:
    """A Backup vault has no vault lock: its recovery points can be deleted at any time.

    What it checks
        ``locked`` must be true: an ``aws_backup_vault_lock_configuration`` (Terraform), a
        ``LockConfiguration`` (CloudFormation), or a lock the API reports.
    Why it matters
        Ransomware and a compromised administrator delete the backups before the data. A vault
        lock (write-once-read-many) refuses to delete recovery points before their retention
        ends, whoever asks, and in compliance mode even the root user cannot remove it.
    How to fix
        Lock the vault with a minimum retention.

        Terraform:

        ```hcl
        resource "aws_backup_vault_lock_configuration" "main" {
          backup_vault_name  = aws_backup_vault.main.name
          min_retention_days = 7
        }
        ```

        CloudFormation:

        ```yaml
        Vault:
          Type: AWS::Backup::BackupVault
          Properties:
            BackupVaultName: main
            LockConfiguration:
              MinRetentionDays: 7
        ```
    """
    locked = vault.get("locked")
    if is_unknown(locked):
        return unknown(reason(locked, "the vault lock"), "locked")
    if locked is not True:
        return fail("the vault has no vault lock: its recovery points can be deleted", ())
    return ok()


@rule(
    code="AWS-BACKUP-003",
    name="backup-plan-retention-too-short",
    kind=PLAN,
    severity=Severity.LOW,
    tags=["backup"],
)
def backup_plan_retention_too_short(plan: Resource, ctx: Context) -> list[Verdict]:
    """A Backup plan rule deletes its recovery points after less than a week.

    What it checks
        Every rule of the plan keeps its recovery points at least 7 days
        (``lifecycle.delete_after`` in Terraform, ``Lifecycle.DeleteAfterDays`` in
        CloudFormation); a rule without a lifecycle keeps them until they are deleted.
    Why it matters
        Corruption, a bad deployment or an intrusion is often noticed days later. Recovery
        points that expire within days are gone by then, and the plan protects nothing.
    How to fix
        Keep recovery points at least a week (most policies ask for 30 days or more).

        Terraform:

        ```hcl
        rule {
          rule_name         = "daily"
          target_vault_name = aws_backup_vault.main.name
          lifecycle {
            delete_after = 35
          }
        }
        ```

        CloudFormation:

        ```yaml
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: !Ref Vault
            Lifecycle:
              DeleteAfterDays: 35
        ```
    """
    rules = plan.get("rules")
    if is_unknown(rules):
        return [unknown(reason(rules, "the plan's rules"), "rules")]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, item in enumerate(rules or []):
        if is_unknown(item):
            unknowns.append(unknown(reason(item, f"rule {index}"), ("rules", index)))
            continue
        days = item.get("delete_after_days")
        name = item.get("name")
        label = f"rule {name!r}" if isinstance(name, str) else f"rule {index}"
        if is_unknown(days):
            unknowns.append(unknown(reason(days, f"the retention of {label}"), ("rules", index)))
        elif isinstance(days, int) and days < MIN_RETENTION_DAYS:
            fails.append(
                fail(
                    f"{label} deletes recovery points after {days} day(s) "
                    f"(at least {MIN_RETENTION_DAYS} expected)",
                    ("rules", index),
                )
            )
    return summarize(fails, unknowns)
