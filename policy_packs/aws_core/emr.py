"""EMR: security configurations (encryption at rest and in transit), clusters (a security
configuration, Kerberos, logs) and the region's block public access setting."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import FSBP, is_set, reason

CLUSTER = "aws.emr.cluster"
SECURITY_CONFIGURATION = "aws.emr.security_configuration"
BLOCK_PUBLIC_ACCESS = "aws.emr.block_public_access_configuration"


def _required_flag(resource: Resource, name: str, message: str) -> Verdict:
    value = resource.get(name)
    if value is True:
        return ok()
    if is_unknown(value):
        return unknown(reason(value, name), name)
    return fail(message, name)


@rule(
    code="AWS-EMR-001",
    name="emr-cluster-without-security-configuration",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    tags=["emr", "encryption-at-rest"],
)
def emr_cluster_without_security_configuration(cluster: Resource, ctx: Context) -> Verdict:
    """An EMR cluster runs without a security configuration.

    What it checks
        ``security_configuration`` must name one (a reference counts even before apply).
    Why it matters
        Without one, the cluster encrypts nothing of its own (local disks, EBS volumes, EMRFS
        data, traffic between nodes) and authenticates no user: every node trusts every
        caller on its network.
    How to fix
        Create a security configuration (encryption at rest and in transit, Kerberos) and
        launch the cluster with it.

        Terraform:

        ```hcl
        resource "aws_emr_cluster" "analytics" {
          name                   = "analytics"
          release_label          = "emr-7.2.0"
          service_role           = aws_iam_role.emr.arn
          security_configuration = aws_emr_security_configuration.strict.name
        }
        ```

        CloudFormation:

        ```yaml
        Analytics:
          Type: AWS::EMR::Cluster
          Properties:
            Name: analytics
            ReleaseLabel: emr-7.2.0
            SecurityConfiguration: !Ref Strict
        ```
    """
    found = is_set(cluster, ("security_configuration",), ctx)
    if found is True:
        return ok()
    if is_unknown(found):
        return unknown(reason(found, "the security configuration"), "security_configuration")
    return fail("the cluster has no security configuration", "security_configuration")


@rule(
    code="AWS-EMR-002",
    name="emr-cluster-without-kerberos",
    kind=CLUSTER,
    severity=Severity.LOW,
    tags=["emr", "authentication"],
)
def emr_cluster_without_kerberos(cluster: Resource, ctx: Context) -> Verdict:
    """An EMR cluster does not authenticate its users with Kerberos.

    What it checks
        ``kerberos_attributes`` (a realm) must be set.
    Why it matters
        Without Kerberos, Hadoop, YARN and Spark services take the user name a client claims:
        anyone who reaches the cluster's ports can act as any user, the hadoop superuser
        included.
    How to fix
        Use a security configuration with Kerberos authentication and give the cluster its
        realm.

        Terraform:

        ```hcl
        resource "aws_emr_cluster" "analytics" {
          name                   = "analytics"
          security_configuration = aws_emr_security_configuration.kerberos.name
          kerberos_attributes {
            realm                             = "EC2.INTERNAL"
            kdc_admin_password                = var.kdc_admin_password
          }
        }
        ```

        CloudFormation:

        ```yaml
        Analytics:
          Type: AWS::EMR::Cluster
          Properties:
            SecurityConfiguration: !Ref Kerberos
            KerberosAttributes:
              Realm: EC2.INTERNAL
              KdcAdminPassword: !Ref KdcAdminPassword
        ```
    """
    found = is_set(cluster, ("kerberos_realm",), ctx)
    if found is True:
        return ok()
    if is_unknown(found):
        return unknown(reason(found, "the Kerberos realm"), "kerberos_realm")
    return fail("the cluster does not use Kerberos", "kerberos_realm")


@rule(
    code="AWS-EMR-003",
    name="emr-cluster-logging-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    tags=["emr", "logging"],
)
def emr_cluster_logging_disabled(cluster: Resource, ctx: Context) -> Verdict:
    """An EMR cluster does not archive its logs to S3.

    What it checks
        ``log_uri`` must name an S3 location.
    Why it matters
        Step, application and node logs live on the cluster's instances and vanish when it
        terminates: failures and misuse leave nothing to investigate.
    How to fix
        Give the cluster a log location.

        Terraform:

        ```hcl
        resource "aws_emr_cluster" "analytics" {
          name    = "analytics"
          log_uri = "s3://${aws_s3_bucket.logs.id}/emr/"
        }
        ```

        CloudFormation:

        ```yaml
        Analytics:
          Type: AWS::EMR::Cluster
          Properties:
            LogUri: !Sub s3://${Logs}/emr/
        ```
    """
    found = is_set(cluster, ("log_uri",), ctx)
    if found is True:
        return ok()
    if is_unknown(found):
        return unknown(reason(found, "the log location"), "log_uri")
    return fail("the cluster archives no logs", "log_uri")


@rule(
    code="AWS-EMR-004",
    name="emr-security-configuration-at-rest-encryption-disabled",
    kind=SECURITY_CONFIGURATION,
    severity=Severity.HIGH,
    frameworks={FSBP: ["EMR.3"]},
    tags=["emr", "encryption-at-rest"],
)
def emr_security_configuration_at_rest_encryption_disabled(
    config: Resource, ctx: Context
) -> Verdict:
    """An EMR security configuration does not encrypt data at rest.

    What it checks
        ``EncryptionConfiguration.EnableAtRestEncryption`` must be true.
    Why it matters
        The clusters' HDFS blocks, spill files and EMRFS objects are written in clear on
        their disks and in S3.
    How to fix
        Enable encryption at rest (EMRFS S3 and local disks).

        Terraform:

        ```hcl
        resource "aws_emr_security_configuration" "strict" {
          name = "strict"
          configuration = jsonencode({
            EncryptionConfiguration = {
              EnableAtRestEncryption    = true
              EnableInTransitEncryption = true
              AtRestEncryptionConfiguration = {
                S3EncryptionConfiguration = { EncryptionMode = "SSE-S3" }
                LocalDiskEncryptionConfiguration = {
                  EncryptionKeyProviderType = "AwsKms"
                  AwsKmsKey                 = aws_kms_key.emr.arn
                  EnableEbsEncryption       = true
                }
              }
            }
          })
        }
        ```

        CloudFormation:

        ```yaml
        Strict:
          Type: AWS::EMR::SecurityConfiguration
          Properties:
            SecurityConfiguration:
              EncryptionConfiguration:
                EnableAtRestEncryption: true
                AtRestEncryptionConfiguration:
                  S3EncryptionConfiguration:
                    EncryptionMode: SSE-S3
        ```
    """
    return _required_flag(
        config, "at_rest_encryption_enabled", "the configuration does not encrypt data at rest"
    )


@rule(
    code="AWS-EMR-005",
    name="emr-security-configuration-in-transit-encryption-disabled",
    kind=SECURITY_CONFIGURATION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EMR.4"]},
    tags=["emr", "encryption-in-transit"],
)
def emr_security_configuration_in_transit_encryption_disabled(
    config: Resource, ctx: Context
) -> Verdict:
    """An EMR security configuration does not encrypt data in transit.

    What it checks
        ``EncryptionConfiguration.EnableInTransitEncryption`` must be true.
    Why it matters
        Shuffle data, HDFS block transfers and application traffic between nodes travel in
        clear on the VPC.
    How to fix
        Enable encryption in transit (with a TLS certificate provider).

        Terraform:

        ```hcl
        resource "aws_emr_security_configuration" "strict" {
          name = "strict"
          configuration = jsonencode({
            EncryptionConfiguration = {
              EnableAtRestEncryption    = false
              EnableInTransitEncryption = true
              InTransitEncryptionConfiguration = {
                TLSCertificateConfiguration = {
                  CertificateProviderType = "PEM"
                  S3Object                = "s3://certs/emr.zip"
                }
              }
            }
          })
        }
        ```

        CloudFormation:

        ```yaml
        Strict:
          Type: AWS::EMR::SecurityConfiguration
          Properties:
            SecurityConfiguration:
              EncryptionConfiguration:
                EnableInTransitEncryption: true
        ```
    """
    return _required_flag(
        config,
        "in_transit_encryption_enabled",
        "the configuration does not encrypt data in transit",
    )


@rule(
    code="AWS-EMR-006",
    name="emr-security-configuration-local-disks-unencrypted",
    kind=SECURITY_CONFIGURATION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EMR.3"]},
    tags=["emr", "encryption-at-rest", "ebs"],
)
def emr_security_configuration_local_disks_unencrypted(config: Resource, ctx: Context) -> Verdict:
    """An EMR security configuration encrypts at rest but leaves EBS volumes in clear.

    What it checks
        A configuration that enables encryption at rest must configure local disk encryption
        with ``EnableEbsEncryption`` (otherwise only instance store volumes, or only S3, are
        encrypted). Configurations without encryption at rest are AWS-EMR-004's.
    Why it matters
        The root and EBS data volumes of every node hold HDFS data and spill files: an
        at-rest setting that skips them leaves most of the data in clear.
    How to fix
        Add local disk encryption with EBS encryption.

        Terraform:

        ```hcl
        resource "aws_emr_security_configuration" "strict" {
          name = "strict"
          configuration = jsonencode({
            EncryptionConfiguration = {
              EnableAtRestEncryption    = true
              EnableInTransitEncryption = false
              AtRestEncryptionConfiguration = {
                LocalDiskEncryptionConfiguration = {
                  EncryptionKeyProviderType = "AwsKms"
                  AwsKmsKey                 = aws_kms_key.emr.arn
                  EnableEbsEncryption       = true
                }
              }
            }
          })
        }
        ```

        CloudFormation:

        ```yaml
        Strict:
          Type: AWS::EMR::SecurityConfiguration
          Properties:
            SecurityConfiguration:
              EncryptionConfiguration:
                EnableAtRestEncryption: true
                AtRestEncryptionConfiguration:
                  LocalDiskEncryptionConfiguration:
                    EncryptionKeyProviderType: AwsKms
                    AwsKmsKey: !GetAtt EmrKey.Arn
                    EnableEbsEncryption: true
        ```
    """
    enabled = config.get("at_rest_encryption_enabled")
    if is_unknown(enabled):
        return unknown(reason(enabled, "encryption at rest"), "at_rest_encryption_enabled")
    if enabled is not True:
        return ok()
    return _required_flag(
        config,
        "ebs_encryption_enabled",
        "encryption at rest leaves the nodes' EBS volumes unencrypted",
    )


@rule(
    code="AWS-EMR-007",
    name="emr-block-public-access-disabled",
    kind=BLOCK_PUBLIC_ACCESS,
    severity=Severity.HIGH,
    frameworks={FSBP: ["EMR.2"]},
    tags=["emr", "public-exposure"],
)
def emr_block_public_access_disabled(setting: Resource, ctx: Context) -> Verdict:
    """EMR block public access is turned off for the region.

    What it checks
        ``block_public_security_group_rules`` must be true.
    Why it matters
        With it off, clusters launch with security groups open to the whole internet, and
        EMR's web interfaces and services have no authentication of their own.
    How to fix
        Keep block public access on (allow only port 22, or nothing, as exceptions).

        Terraform:

        ```hcl
        resource "aws_emr_block_public_access_configuration" "this" {
          block_public_security_group_rules = true
        }
        ```
    """
    return _required_flag(
        setting,
        "block_public_security_group_rules",
        "clusters may launch with security groups open to the world",
    )


@rule(
    code="AWS-EMR-008",
    name="emr-cluster-termination-protection-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    tags=["emr", "resilience"],
)
def emr_cluster_termination_protection_disabled(cluster: Resource, ctx: Context) -> Verdict:
    """An EMR cluster can be terminated by a single API call.

    What it checks
        ``termination_protection`` must be true (off unless asked for).
    Why it matters
        Terminating a cluster deletes its instances and everything in HDFS and on local
        disks; a mistaken call, an errant script or an intruder ends long-running work with
        no way back.
    How to fix
        Turn termination protection on for long-running clusters.

        Terraform:

        ```hcl
        resource "aws_emr_cluster" "analytics" {
          name                   = "analytics"
          termination_protection = true
        }
        ```

        CloudFormation:

        ```yaml
        Analytics:
          Type: AWS::EMR::Cluster
          Properties:
            Instances:
              TerminationProtected: true
        ```
    """
    return _required_flag(
        cluster, "termination_protection", "the cluster is not protected from termination"
    )
