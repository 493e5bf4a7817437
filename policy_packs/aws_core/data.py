"""Data stores: RDS, EBS, DynamoDB, SQS, SNS, Secrets Manager and KMS.

Where AWS picks a value the code leaves unset (EBS encryption by default, an AMI's snapshot
settings), the model says so (``Unknown("not set: ...")``). Rules that require a protection
require it to be *declared*: leaving it to an account or AMI default that the scanned code does
not show is reported as a failure that says so, while a value the code computes but the scanner
cannot resolve (a variable, a parameter, a value known after apply) is reported as unknown.
"""

from __future__ import annotations

from typing import Any

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

from ._aws import CIS, FSBP, chosen_by_aws, is_set, public_policy_verdicts, reason

DB_INSTANCE = "aws.rds.db_instance"
DB_CLUSTER = "aws.rds.db_cluster"


def _member(instance: Resource) -> bool:
    """An Aurora (or Multi-AZ cluster) member: its storage, backups and protection are the
    cluster's, judged on the cluster."""
    cluster = instance.get("db_cluster_identifier")
    return cluster is not None


def _replica(instance: Resource) -> bool:
    """A read replica: its storage encryption comes from its source; its own backups are
    optional (AWS Config's backup rule skips replicas by default)."""
    return instance.get("source_db_instance_identifier") is not None


def _replica_encryption(instance: Resource, ctx: Context) -> Verdict:
    """A replica that leaves ``storage_encrypted`` unset inherits its source's."""
    value = instance.get("storage_encrypted")
    if not is_unknown(value):
        return _require_true(instance, "storage_encrypted", "storage encryption is not enabled")
    sources = ctx.related(instance, DB_INSTANCE, EdgeType.REFERENCES, "out")
    if not sources:
        return unknown(
            "the read replica inherits encryption from a source DB instance outside the scan",
            "source_db_instance_identifier",
        )
    inherited = sources[0].get("storage_encrypted")
    if is_unknown(inherited):
        return unknown(reason(inherited, "the source's storage_encrypted"), "storage_encrypted")
    if inherited is True:
        return ok()
    return fail(
        "the read replica inherits unencrypted storage from its source",
        "source_db_instance_identifier",
    )


def _require_true(resource: Resource, path: str, message: str) -> Verdict:
    value = resource.get(path)
    if is_unknown(value):
        return unknown(reason(value, path), path)
    if value is True:
        return ok()
    return fail(message, path)


@rule(
    code="AWS-RDS-001",
    name="rds-instance-storage-unencrypted",
    kind=DB_INSTANCE,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.3.1"], FSBP: ["RDS.3"]},
    tags=["rds", "encryption-at-rest"],
)
def rds_instance_storage_unencrypted(instance: Resource, ctx: Context) -> Verdict:
    """An RDS DB instance stores its data unencrypted.

    What it checks
        ``storage_encrypted`` must be true. Aurora cluster members inherit the cluster's
        encryption and are judged on the cluster (AWS-RDS-002); a member whose cluster is not
        in the scanned code is unknown. A read replica that leaves it unset inherits its
        source's: judged on the source when the source is in the scanned code, unknown
        otherwise; so is an instance restored from a snapshot.
    Why it matters
        Unencrypted storage leaves the data, its automated backups, snapshots and read
        replicas readable to anyone who gets hold of a snapshot (shared by mistake, or copied
        by a compromised principal). Encryption cannot be turned on later without a restore.
    How to fix
        Create the instance encrypted, with a customer-managed KMS key.

        Terraform:

        ```hcl
        resource "aws_db_instance" "app" {
          engine            = "postgres"
          instance_class    = "db.t4g.micro"
          allocated_storage = 20
          storage_encrypted = true
          kms_key_id        = aws_kms_key.db.arn
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t4g.micro
            AllocatedStorage: "20"
            StorageEncrypted: true
            KmsKeyId: !Ref DbKey
        ```
    """
    if _member(instance):
        if ctx.related(instance, DB_CLUSTER, EdgeType.MEMBER_OF, "out"):
            return ok()
        value = instance.get("storage_encrypted")
        if value is True or value is False:
            return ok() if value else fail("the member's storage is not encrypted")
        return unknown("the instance inherits encryption from a DB cluster outside the scan")
    if _replica(instance):
        return _replica_encryption(instance, ctx)
    return _require_true(instance, "storage_encrypted", "storage encryption is not enabled")


@rule(
    code="AWS-RDS-002",
    name="rds-cluster-storage-unencrypted",
    kind=DB_CLUSTER,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.3.1"], FSBP: ["RDS.27"]},
    tags=["rds", "encryption-at-rest"],
)
def rds_cluster_storage_unencrypted(cluster: Resource, ctx: Context) -> Verdict:
    """An RDS/Aurora DB cluster stores its data unencrypted.

    What it checks
        ``storage_encrypted`` must be true (Aurora Serverless v1 clusters, always encrypted,
        pass).
    Why it matters
        The cluster volume, its backups and snapshots are readable to whoever obtains a
        snapshot; encryption can only be added by restoring into a new cluster.
    How to fix
        Create the cluster encrypted, with a customer-managed KMS key.

        Terraform:

        ```hcl
        resource "aws_rds_cluster" "app" {
          cluster_identifier = "app"
          engine             = "aurora-postgresql"
          storage_encrypted  = true
          kms_key_id         = aws_kms_key.db.arn
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBCluster
          Properties:
            Engine: aurora-postgresql
            StorageEncrypted: true
            KmsKeyId: !Ref DbKey
        ```
    """
    if cluster.get("engine_mode") == "serverless":
        return ok()
    return _require_true(cluster, "storage_encrypted", "storage encryption is not enabled")


@rule(
    code="AWS-RDS-003",
    name="rds-instance-publicly-accessible",
    kind=DB_INSTANCE,
    severity=Severity.HIGH,
    frameworks={CIS: ["2.3.3"], FSBP: ["RDS.2"]},
    tags=["rds", "exposure"],
)
def rds_publicly_accessible(instance: Resource, ctx: Context) -> Verdict:
    """An RDS DB instance is publicly accessible.

    What it checks
        ``publicly_accessible`` must be false.
    Why it matters
        A publicly accessible instance gets a public DNS name and address; only its security
        groups stand between the database port and the internet, and the database itself
        then faces password spraying and engine vulnerabilities.
    How to fix
        Keep the instance private and reach it from inside the VPC (a bastion through
        Session Manager, or a VPN).

        Terraform:

        ```hcl
        resource "aws_db_instance" "app" {
          engine              = "postgres"
          instance_class      = "db.t4g.micro"
          allocated_storage   = 20
          publicly_accessible = false
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t4g.micro
            AllocatedStorage: "20"
            PubliclyAccessible: false
        ```
    """
    value = instance.get("publicly_accessible")
    if is_unknown(value):
        return unknown(reason(value, "publicly_accessible"), "publicly_accessible")
    if value is True:
        return fail("the instance is publicly accessible", "publicly_accessible")
    return ok()


MIN_BACKUP_DAYS = 7


@rule(
    code="AWS-RDS-004",
    name="rds-backup-retention-too-short",
    kind=(DB_INSTANCE, DB_CLUSTER),
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["RDS.11"]},
    tags=["rds", "backup"],
)
def rds_backup_retention_too_short(db: Resource, ctx: Context) -> Verdict:
    """Automated backups of an RDS instance or cluster are kept fewer than 7 days (or are off).

    What it checks
        ``backup_retention_period`` must be at least 7 (0 turns backups off; AWS's default is
        1). Cluster members are judged on their cluster; read replicas pass (their source keeps
        the backups; some engines do not back replicas up at all).
    Why it matters
        Point-in-time recovery only reaches back as far as the retention period: a corruption
        or a destructive change noticed after the weekend is past recovery with one day.
    How to fix
        Keep automated backups at least 7 days (35 at most).

        Terraform:

        ```hcl
        resource "aws_db_instance" "app" {
          engine                  = "postgres"
          instance_class          = "db.t4g.micro"
          allocated_storage       = 20
          backup_retention_period = 14
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t4g.micro
            AllocatedStorage: "20"
            BackupRetentionPeriod: 14
        ```
    """
    if db.kind == DB_INSTANCE and (_member(db) or _replica(db)):
        return ok()
    days = db.get("backup_retention_period")
    if is_unknown(days):
        return unknown(reason(days, "backup_retention_period"), "backup_retention_period")
    if not isinstance(days, int) or days >= MIN_BACKUP_DAYS:
        return ok()
    what = "automated backups are off" if days == 0 else f"backups are kept {days} day(s)"
    return fail(f"{what}; keep them at least {MIN_BACKUP_DAYS}", "backup_retention_period")


@rule(
    code="AWS-RDS-005",
    name="rds-deletion-protection-disabled",
    kind=(DB_INSTANCE, DB_CLUSTER),
    severity=Severity.LOW,
    frameworks={FSBP: ["RDS.7", "RDS.8"]},
    tags=["rds", "data-protection"],
)
def rds_deletion_protection_disabled(db: Resource, ctx: Context) -> Verdict:
    """An RDS instance or cluster can be deleted without first turning protection off.

    What it checks
        ``deletion_protection`` must be true. Cluster members are judged on their cluster.
    Why it matters
        One mistaken ``terraform destroy``, stack deletion or API call removes the database;
        deletion protection makes that a deliberate two-step change.
    How to fix
        Turn deletion protection on.

        Terraform:

        ```hcl
        resource "aws_rds_cluster" "app" {
          cluster_identifier  = "app"
          engine              = "aurora-postgresql"
          deletion_protection = true
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBCluster
          Properties:
            Engine: aurora-postgresql
            DeletionProtection: true
        ```
    """
    if db.kind == DB_INSTANCE and _member(db):
        return ok()
    return _require_true(db, "deletion_protection", "deletion protection is off")


# Where AWS supports IAM database authentication (RDS User Guide and Aurora User Guide,
# "Supported Regions and DB engines for IAM database authentication", and the availability
# notes of "IAM database authentication"):
#
# | engine               | versions                                   | not on classes           |
# |----------------------|--------------------------------------------|--------------------------|
# | mysql                | 5.6.34+, 5.7.16+, 8.0.16+, every later one | db.m1.small              |
# | mariadb              | 10.11 and later (not 10.6, 10.5, 10.4)     |                          |
# | postgres             | 9.5.15+, 9.6.11+, 10.6+, every later one   |                          |
# | aurora, aurora-mysql | every version (Aurora MySQL 1, 2 and 3)    | db.t2.small, db.t3.small |
# | aurora-postgresql    | every version                              |                          |
# | oracle-*, sqlserver-*, db2-*, custom-* (RDS Custom): not supported                         |
#
# Aurora Serverless v1 clusters (``engine_mode: serverless``) do not support it. An unset
# version is AWS's default, the latest, which supports it; an unknown one is judged only when
# a version AWS still offers lacks it (MariaDB 10.6 and older). A few Regions lack it for some
# engine versions; the rule does not know the Region and assumes availability.
IAM_AUTH_MINIMUM: dict[str, dict[tuple[int, int], tuple[int, ...]]] = {
    # engine -> {major.minor: first supporting version}; later majors all support it, earlier
    # ones none.
    "mysql": {(5, 6): (5, 6, 34), (5, 7): (5, 7, 16), (8, 0): (8, 0, 16)},
    "mariadb": {(10, 11): (10, 11)},
    "postgres": {(9, 5): (9, 5, 15), (9, 6): (9, 6, 11), (10, 0): (10, 6)},
}
IAM_AUTH_AURORA = frozenset({"aurora", "aurora-mysql", "aurora-postgresql"})
IAM_AUTH_UNSUPPORTED_CLASSES = {
    "mysql": frozenset({"db.m1.small"}),
    "aurora": frozenset({"db.t2.small", "db.t3.small"}),
    "aurora-mysql": frozenset({"db.t2.small", "db.t3.small"}),
}
# Versions of these engines that AWS still offers all support it: an unknown one decides nothing.
IAM_AUTH_EVERY_OFFERED_VERSION = frozenset({"mysql", "postgres", *IAM_AUTH_AURORA})


def _version(text: str) -> tuple[int, ...] | None:
    """``8.0.35`` -> (8, 0, 35); ``5.7.mysql_aurora.2.11.2`` -> (5, 7); ``16`` -> (16,)."""
    parts: list[int] = []
    for piece in text.split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts) or None


def _version_supports(engine: str, version: tuple[int, ...]) -> bool:
    table = IAM_AUTH_MINIMUM.get(engine)
    if table is None:
        return True
    # PostgreSQL numbers majors with one figure since 10: 10.6 is major 10, minor 6.
    major = (version[0], 0) if engine == "postgres" and version[0] >= 10 else version[:2]
    if major in table:
        minimum = table[major]
        # "8.0" (no patch level) is the newest 8.0 release AWS offers, which supports it.
        return len(version) < len(minimum) or version >= minimum
    return major > max(table)


def iam_auth_supported(db: Resource, engine: str, ctx: Context) -> Any:
    """Whether the engine, version, instance class and engine mode of an RDS instance or
    cluster support IAM database authentication: True, False, or the Unknown that decides."""
    engine = engine.lower()  # AWS spells engines in lower case; templates often do not
    if engine not in IAM_AUTH_MINIMUM and engine not in IAM_AUTH_AURORA:
        return False
    if db.kind == DB_CLUSTER:
        mode = db.get("engine_mode")
        if is_unknown(mode):
            return mode
        if isinstance(mode, str) and mode.lower() == "serverless":
            return False  # Aurora Serverless v1
    excluded = IAM_AUTH_UNSUPPORTED_CLASSES.get(engine, frozenset())
    if excluded:
        if db.kind == DB_CLUSTER:
            members = ctx.related(db, DB_INSTANCE, EdgeType.MEMBER_OF, "in")
            classes = [m.get("instance_class") for m in members]
        else:
            classes = [db.get("instance_class")]
        if classes and all(isinstance(c, str) and c.lower() in excluded for c in classes):
            return False
    version = db.get("engine_version")
    if version is None or engine in IAM_AUTH_AURORA:
        return True
    if is_unknown(version):
        return True if engine in IAM_AUTH_EVERY_OFFERED_VERSION else version
    parsed = _version(str(version))
    return True if parsed is None else _version_supports(engine, parsed)


@rule(
    code="AWS-RDS-006",
    name="rds-iam-authentication-disabled",
    kind=(DB_INSTANCE, DB_CLUSTER),
    severity=Severity.LOW,
    frameworks={FSBP: ["RDS.10", "RDS.12"]},
    tags=["rds", "authentication"],
)
def rds_iam_authentication_disabled(db: Resource, ctx: Context) -> Verdict:
    """IAM database authentication is off on an RDS instance or cluster that supports it.

    What it checks
        ``iam_database_authentication_enabled`` must be true where AWS supports it: MySQL
        (5.6.34, 5.7.16, 8.0.16 and later), MariaDB (10.11 and later), PostgreSQL (9.5.15,
        9.6.11, 10.6 and later), Aurora MySQL (not on db.t2.small or db.t3.small) and Aurora
        PostgreSQL, not Aurora Serverless v1. Other engines (Oracle, SQL Server, Db2, RDS
        Custom), older versions and those classes do not support it and pass. An unset
        version is AWS's latest; an unknown MariaDB version is unknown (10.6 and older lack
        it), unknown MySQL and PostgreSQL versions are judged (every version AWS still offers
        has it). Cluster members are judged on their cluster; an Aurora cluster whose every
        member is of an unsupported class passes.
    Why it matters
        Without it, every client holds a long-lived database password; with it, clients use
        short-lived tokens tied to IAM principals, revoked and audited like any other access.
    How to fix
        Turn IAM database authentication on and grant ``rds-db:connect`` to the roles that
        connect.

        Terraform:

        ```hcl
        resource "aws_db_instance" "app" {
          engine                              = "postgres"
          instance_class                      = "db.t4g.micro"
          allocated_storage                   = 20
          iam_database_authentication_enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t4g.micro
            AllocatedStorage: "20"
            EnableIAMDatabaseAuthentication: true
        ```
    """
    if db.kind == DB_INSTANCE and _member(db):
        return ok()
    if db.get("iam_database_authentication_enabled") is True:
        return ok()  # on: whether the engine could do without it does not matter
    engine = db.get("engine")
    if is_unknown(engine) and db.kind == DB_INSTANCE and _replica(db):
        sources = ctx.related(db, DB_INSTANCE, EdgeType.REFERENCES, "out")
        engine = sources[0].get("engine") if sources else engine  # a replica's is its source's
    if is_unknown(engine):
        return unknown(reason(engine, "the engine"), "engine")
    if not isinstance(engine, str):
        return ok()
    supported = iam_auth_supported(db, engine, ctx)
    if supported is False:
        return ok()
    if is_unknown(supported):
        path = "engine_mode" if is_unknown(db.get("engine_mode")) else "engine_version"
        return unknown(reason(supported, "whether the engine supports IAM authentication"), path)
    return _require_true(
        db, "iam_database_authentication_enabled", "IAM database authentication is off"
    )


@rule(
    code="AWS-RDS-007",
    name="rds-auto-minor-version-upgrade-disabled",
    kind=DB_INSTANCE,
    severity=Severity.LOW,
    frameworks={CIS: ["2.3.2"], FSBP: ["RDS.13"]},
    tags=["rds", "patching"],
)
def rds_auto_minor_version_upgrade_disabled(instance: Resource, ctx: Context) -> Verdict:
    """An RDS DB instance does not take minor engine upgrades automatically.

    What it checks
        ``auto_minor_version_upgrade`` must be true (AWS's default).
    Why it matters
        Minor versions carry the engine's security fixes; with automatic upgrades off they
        wait for someone to remember them.
    How to fix
        Leave automatic minor upgrades on, with a maintenance window that suits the workload.

        Terraform:

        ```hcl
        resource "aws_db_instance" "app" {
          engine                     = "postgres"
          instance_class             = "db.t4g.micro"
          allocated_storage          = 20
          auto_minor_version_upgrade = true
          maintenance_window         = "sun:03:00-sun:04:00"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t4g.micro
            AllocatedStorage: "20"
            AutoMinorVersionUpgrade: true
        ```
    """
    return _require_true(
        instance, "auto_minor_version_upgrade", "automatic minor version upgrades are off"
    )


def _account_default_encryption(ctx: Context) -> Any:
    """True/False from an EBS encryption-by-default setting in the graph; None when the scanned
    code has none."""
    settings = ctx.resources("aws.ec2.ebs_encryption_by_default")
    if not settings:
        return None
    values = [s.get("enabled") for s in settings]
    if any(v is True for v in values):
        return True
    pending = next((v for v in values if is_unknown(v)), None)
    return pending if pending is not None else False


def ebs_encryption_verdict(value: Any, path: Any, ctx: Context, what: str) -> Verdict:
    """The verdict on one EBS ``encrypted`` value (a volume, a block device)."""
    if value is True:
        return ok()
    if chosen_by_aws(value) or value is False:
        default = _account_default_encryption(ctx)
        if default is True:
            return ok()  # AWS encrypts new volumes whatever the launch says
        if is_unknown(default):
            return unknown(reason(default, "EBS encryption by default"), path)
        if value is False:
            return fail(f"{what} is not encrypted", path)
        return fail(
            f"{what} does not ask for encryption: it is left to the account's EBS "
            "encryption-by-default setting, which the scanned code does not enable",
            path,
        )
    if is_unknown(value):
        return unknown(reason(value, f"encryption of {what}"), path)
    return fail(f"{what} is not encrypted", path)


@rule(
    code="AWS-EC2-010",
    name="ebs-volume-unencrypted",
    kind="aws.ec2.volume",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.2.1"], FSBP: ["EC2.3"]},
    tags=["ebs", "encryption-at-rest", "graph"],
)
def ebs_volume_unencrypted(volume: Resource, ctx: Context) -> Verdict:
    """An EBS volume is not encrypted.

    What it checks
        ``encrypted`` must be true, or EBS encryption by default must be enabled by the
        scanned code (``aws.ec2.ebs_encryption_by_default``): AWS then encrypts every new
        volume. A volume that leaves encryption unset, with no such setting in the code,
        fails: its encryption is up to an account setting nobody declared.
    Why it matters
        Unencrypted volumes and their snapshots hold data in clear; a snapshot shared by
        mistake or copied to another account is readable there.
    How to fix
        Ask for encryption on the volume, or turn on encryption by default for the region.

        Terraform:

        ```hcl
        resource "aws_ebs_volume" "data" {
          availability_zone = "us-east-1a"
          size              = 100
          encrypted         = true
          kms_key_id        = aws_kms_key.ebs.arn
        }
        ```

        CloudFormation:

        ```yaml
        Data:
          Type: AWS::EC2::Volume
          Properties:
            AvailabilityZone: us-east-1a
            Size: 100
            Encrypted: true
            KmsKeyId: !Ref EbsKey
        ```
    """
    return ebs_encryption_verdict(volume.get("encrypted"), "encrypted", ctx, "the volume")


@rule(
    code="AWS-EC2-011",
    name="ebs-encryption-by-default-disabled",
    kind="aws.ec2.ebs_encryption_by_default",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.2.1"], FSBP: ["EC2.7"]},
    tags=["ebs", "encryption-at-rest"],
)
def ebs_encryption_by_default_disabled(setting: Resource, ctx: Context) -> Verdict:
    """EBS encryption by default is turned off for the region.

    What it checks
        ``enabled`` of the region's EBS encryption-by-default setting must be true
        (CloudFormation has no resource type for this setting).
    Why it matters
        With encryption by default on, every new volume and snapshot copy is encrypted
        whatever the launch asks for; off, each launch template and volume must remember.
    How to fix
        Turn it on in every region used (and set a customer-managed default key).

        Terraform:

        ```hcl
        resource "aws_ebs_encryption_by_default" "on" {
          enabled = true
        }
        ```
    """
    return _require_true(setting, "enabled", "EBS encryption by default is off")


@rule(
    code="AWS-DYNAMODB-001",
    name="dynamodb-point-in-time-recovery-disabled",
    kind="aws.dynamodb.table",
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["DynamoDB.2"]},
    tags=["dynamodb", "backup"],
)
def dynamodb_pitr_disabled(table: Resource, ctx: Context) -> Verdict:
    """A DynamoDB table has point-in-time recovery off.

    What it checks
        ``point_in_time_recovery_enabled`` must be true.
    Why it matters
        Without continuous backups, a bad deployment or a deleting script destroys items for
        good; with them, the table restores to any second of the last 35 days.
    How to fix
        Turn point-in-time recovery on.

        Terraform:

        ```hcl
        resource "aws_dynamodb_table" "orders" {
          name         = "orders"
          billing_mode = "PAY_PER_REQUEST"
          hash_key     = "id"
          attribute {
            name = "id"
            type = "S"
          }
          point_in_time_recovery {
            enabled = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
            KeySchema: [{AttributeName: id, KeyType: HASH}]
            AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            PointInTimeRecoverySpecification:
              PointInTimeRecoveryEnabled: true
        ```
    """
    return _require_true(
        table, "point_in_time_recovery_enabled", "point-in-time recovery is not enabled"
    )


@rule(
    code="AWS-DYNAMODB-002",
    name="dynamodb-not-encrypted-with-cmk",
    kind="aws.dynamodb.table",
    severity=Severity.LOW,
    tags=["dynamodb", "encryption-at-rest"],
)
def dynamodb_not_encrypted_with_cmk(table: Resource, ctx: Context) -> Verdict:
    """A DynamoDB table is encrypted with an AWS-owned or AWS-managed key, not a customer one.

    What it checks
        ``server_side_encryption`` must be enabled with a customer-managed KMS key
        (``kms_key_arn``). DynamoDB always encrypts; the default AWS-owned key and the
        ``aws/dynamodb`` managed key give no control over who may decrypt.
    Why it matters
        A customer-managed key adds a key policy that decides, independently of IAM, who can
        read the table and its backups and exports, logs every use, and can be disabled.
    How to fix
        Encrypt the table with a customer-managed key.

        Terraform:

        ```hcl
        resource "aws_dynamodb_table" "orders" {
          name         = "orders"
          billing_mode = "PAY_PER_REQUEST"
          hash_key     = "id"
          attribute {
            name = "id"
            type = "S"
          }
          server_side_encryption {
            enabled     = true
            kms_key_arn = aws_kms_key.orders.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            SSESpecification:
              SSEEnabled: true
              SSEType: KMS
              KMSMasterKeyId: !Ref OrdersKey
        ```
    """
    enabled = table.get(("server_side_encryption", "enabled"))
    if is_unknown(enabled):
        return unknown(reason(enabled, "server-side encryption"), "server_side_encryption")
    if enabled is not True:
        return fail("the table uses the AWS-owned key", "server_side_encryption")
    key = table.get(("server_side_encryption", "kms_key_arn"))
    if key is None:
        return fail(
            "the table uses the AWS-managed aws/dynamodb key, not a customer-managed key",
            ("server_side_encryption", "kms_key_arn"),
        )
    return ok()


@rule(
    code="AWS-SQS-001",
    name="sqs-queue-unencrypted",
    kind="aws.sqs.queue",
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["SQS.1"]},
    tags=["sqs", "encryption-at-rest"],
)
def sqs_queue_unencrypted(queue: Resource, ctx: Context) -> Verdict:
    """An SQS queue stores messages unencrypted.

    What it checks
        The queue must use SQS-managed encryption (``sqs_managed_sse_enabled``, the default
        since 2022) or a KMS key (``kms_master_key_id``).
    Why it matters
        Messages carry order details, personal data and tokens; unencrypted they sit in clear
        on the service's storage until consumed.
    How to fix
        Keep SQS-managed encryption on, or use a KMS key.

        Terraform:

        ```hcl
        resource "aws_sqs_queue" "jobs" {
          name                    = "jobs"
          sqs_managed_sse_enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        Jobs:
          Type: AWS::SQS::Queue
          Properties:
            SqsManagedSseEnabled: true
        ```
    """
    key = is_set(queue, ("kms_master_key_id",), ctx)
    if key is True:
        return ok()
    managed = queue.get("sqs_managed_sse_enabled")
    if managed is True:
        return ok()  # SQS-managed encryption: whether a key is set too does not matter
    if is_unknown(key):
        return unknown(reason(key, "the KMS key"), "kms_master_key_id")
    if is_unknown(managed):
        return unknown(reason(managed, "SQS-managed encryption"), "sqs_managed_sse_enabled")
    if managed is True:
        return ok()
    return fail("the queue is not encrypted", "sqs_managed_sse_enabled")


@rule(
    code="AWS-SQS-002",
    name="sqs-queue-policy-public",
    kind="aws.sqs.queue",
    severity=Severity.HIGH,
    frameworks={FSBP: ["SQS.3"]},
    tags=["sqs", "public-access"],
)
def sqs_queue_policy_public(queue: Resource, ctx: Context) -> list[Verdict]:
    """An SQS queue policy allows any principal.

    What it checks
        Allow statements of the queue policy whose principal is ``*`` and that no condition
        (``aws:SourceArn``, ``aws:SourceAccount``, ``aws:PrincipalOrgID`` ...) confines.
    Why it matters
        Anyone could send messages into the queue (feeding forged work to its consumers) or
        read and delete them, depending on the actions granted.
    How to fix
        Grant the producing service or account only, with an ``aws:SourceArn`` condition for
        service principals.

        Terraform:

        ```hcl
        resource "aws_sqs_queue_policy" "jobs" {
          queue_url = aws_sqs_queue.jobs.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Service = "sns.amazonaws.com" }
              Action    = "sqs:SendMessage"
              Resource  = aws_sqs_queue.jobs.arn
              Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.events.arn } }
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        JobsPolicy:
          Type: AWS::SQS::QueuePolicy
          Properties:
            Queues: [!Ref Jobs]
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: sns.amazonaws.com}
                  Action: sqs:SendMessage
                  Resource: !GetAtt Jobs.Arn
                  Condition:
                    ArnEquals: {aws:SourceArn: !Ref Events}
        ```
    """
    return public_policy_verdicts(queue, ("policy",), "queue policy")


@rule(
    code="AWS-SNS-001",
    name="sns-topic-unencrypted",
    kind="aws.sns.topic",
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["SNS.1"]},
    tags=["sns", "encryption-at-rest"],
)
def sns_topic_unencrypted(topic: Resource, ctx: Context) -> Verdict:
    """An SNS topic is not encrypted at rest with KMS.

    What it checks
        ``kms_master_key_id`` must name a KMS key (the ``alias/aws/sns`` managed key counts).
    Why it matters
        SNS stores messages until delivered; without server-side encryption they sit in clear,
        and without a key policy nothing but IAM decides who can publish and read.
    How to fix
        Encrypt the topic with a KMS key.

        Terraform:

        ```hcl
        resource "aws_sns_topic" "events" {
          name              = "events"
          kms_master_key_id = aws_kms_key.events.id
        }
        ```

        CloudFormation:

        ```yaml
        Events:
          Type: AWS::SNS::Topic
          Properties:
            KmsMasterKeyId: !Ref EventsKey
        ```
    """
    key = is_set(topic, ("kms_master_key_id",), ctx)
    if is_unknown(key):
        return unknown(reason(key, "the KMS key"), "kms_master_key_id")
    if key is True:
        return ok()
    return fail("the topic is not encrypted with a KMS key", "kms_master_key_id")


@rule(
    code="AWS-SNS-002",
    name="sns-topic-policy-public",
    kind="aws.sns.topic",
    severity=Severity.HIGH,
    frameworks={FSBP: ["SNS.4"]},
    tags=["sns", "public-access"],
)
def sns_topic_policy_public(topic: Resource, ctx: Context) -> list[Verdict]:
    """An SNS topic policy allows any principal.

    What it checks
        Allow statements of the topic policy whose principal is ``*`` and that no condition
        (``aws:SourceOwner``, ``aws:SourceArn``, ``aws:PrincipalOrgID`` ...) confines. A topic
        without a policy keeps SNS's default, which admits the owner account only.
    Why it matters
        Anyone could publish to the topic (spoofing alerts and events its subscribers act on)
        or subscribe an endpoint of theirs and receive every message.
    How to fix
        Name the publishing services or accounts and confine service principals with a
        source condition.

        Terraform:

        ```hcl
        resource "aws_sns_topic_policy" "events" {
          arn = aws_sns_topic.events.arn
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Service = "events.amazonaws.com" }
              Action    = "sns:Publish"
              Resource  = aws_sns_topic.events.arn
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        EventsPolicy:
          Type: AWS::SNS::TopicPolicy
          Properties:
            Topics: [!Ref Events]
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: events.amazonaws.com}
                  Action: sns:Publish
                  Resource: !Ref Events
        ```
    """
    return public_policy_verdicts(topic, ("policy",), "topic policy")


@rule(
    code="AWS-SECRETSMANAGER-001",
    name="secret-rotation-disabled",
    kind="aws.secretsmanager.secret",
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["SecretsManager.1"]},
    tags=["secrets", "rotation"],
)
def secret_rotation_disabled(secret: Resource, ctx: Context) -> Verdict:
    """A Secrets Manager secret is not rotated automatically.

    What it checks
        ``rotation_enabled`` must be true: a rotation schedule with a rotation function
        (``aws_secretsmanager_secret_rotation``, ``AWS::SecretsManager::RotationSchedule``).
    Why it matters
        A credential that never changes stays valid in every copy that leaked: old laptops,
        logs, former colleagues' shell histories.
    How to fix
        Attach a rotation schedule.

        Terraform:

        ```hcl
        resource "aws_secretsmanager_secret_rotation" "db" {
          secret_id           = aws_secretsmanager_secret.db.id
          rotation_lambda_arn = aws_lambda_function.rotate.arn
          rotation_rules {
            automatically_after_days = 30
          }
        }
        ```

        CloudFormation:

        ```yaml
        DbRotation:
          Type: AWS::SecretsManager::RotationSchedule
          Properties:
            SecretId: !Ref DbSecret
            RotationLambdaARN: !GetAtt Rotate.Arn
            RotationRules:
              AutomaticallyAfterDays: 30
        ```
    """
    return _require_true(secret, "rotation_enabled", "automatic rotation is not configured")


@rule(
    code="AWS-KMS-001",
    name="kms-key-rotation-disabled",
    kind="aws.kms.key",
    severity=Severity.MEDIUM,
    frameworks={CIS: ["3.6"]},
    tags=["kms"],
)
def kms_key_rotation_disabled(key: Resource, ctx: Context) -> Verdict:
    """A symmetric customer-managed KMS key does not rotate its key material.

    What it checks
        ``key_rotation_enabled`` must be true for symmetric encryption keys
        (``SYMMETRIC_DEFAULT``, ``ENCRYPT_DECRYPT``); asymmetric and HMAC keys cannot rotate
        automatically and pass.
    Why it matters
        Rotation limits how much data one key version protects and how long a compromised
        version stays useful; it is transparent to callers.
    How to fix
        Turn automatic rotation on.

        Terraform:

        ```hcl
        resource "aws_kms_key" "data" {
          description         = "data"
          enable_key_rotation = true
        }
        ```

        CloudFormation:

        ```yaml
        DataKey:
          Type: AWS::KMS::Key
          Properties:
            EnableKeyRotation: true
        ```
    """
    spec, usage = key.get("key_spec"), key.get("key_usage")
    if key.get("key_rotation_enabled") is True:
        return ok()  # rotating: whether the key could rotate does not matter
    if is_unknown(spec):
        return unknown(reason(spec, "the key spec"), "key_spec")
    if spec != "SYMMETRIC_DEFAULT" or usage != "ENCRYPT_DECRYPT":
        return ok()
    return _require_true(key, "key_rotation_enabled", "automatic key rotation is off")


@rule(
    code="AWS-KMS-002",
    name="kms-key-policy-public",
    kind="aws.kms.key",
    severity=Severity.HIGH,
    frameworks={FSBP: ["KMS.5"]},
    tags=["kms", "public-access"],
)
def kms_key_policy_public(key: Resource, ctx: Context) -> list[Verdict]:
    """A KMS key policy allows any principal.

    What it checks
        Allow statements of the key policy whose principal is ``*`` and that no condition
        (``kms:CallerAccount``, ``kms:ViaService``, ``aws:PrincipalOrgID`` ...) confines. A
        key without an explicit policy gets KMS's default policy, which trusts the account
        only, and passes.
    Why it matters
        A key anyone may use decrypts everything it protects for anyone who obtains the
        ciphertext: snapshots, objects, secrets.
    How to fix
        Grant the account root (to delegate to IAM) and named roles only.

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
    return public_policy_verdicts(key, ("policy",), "key policy")
