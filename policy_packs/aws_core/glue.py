"""Glue: the Data Catalog and what jobs write (S3 data, logs, job bookmarks) encrypted."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, rule

from ._settings import setting

CATALOG = "aws.glue.data_catalog_encryption_settings"
CONFIGURATION = "aws.glue.security_configuration"


@rule(
    code="AWS-GLUE-001",
    name="glue-data-catalog-metadata-unencrypted",
    kind=CATALOG,
    severity=Severity.MEDIUM,
    tags=["glue", "encryption-at-rest"],
)
def glue_data_catalog_metadata_unencrypted(catalog: Resource, ctx: Context) -> Verdict:
    """A Glue Data Catalog stores its metadata unencrypted.

    What it checks
        ``encryption_mode`` must be ``SSE-KMS`` or ``SSE-KMS-WITH-SERVICE-ROLE``; AWS leaves
        catalog metadata unencrypted (``DISABLED``) unless asked.
    Why it matters
        Table definitions, schemas, partitions and connection definitions describe where the
        account's data is and how to reach it; unencrypted, they are readable by anyone who
        reaches the storage behind the catalog.
    How to fix
        Turn on encryption at rest with a KMS key.

        Terraform:

        ```hcl
        resource "aws_glue_data_catalog_encryption_settings" "this" {
          data_catalog_encryption_settings {
            connection_password_encryption {
              return_connection_password_encrypted = true
              aws_kms_key_id                       = aws_kms_key.glue.arn
            }
            encryption_at_rest {
              catalog_encryption_mode = "SSE-KMS"
              sse_aws_kms_key_id      = aws_kms_key.glue.arn
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Catalog:
          Type: AWS::Glue::DataCatalogEncryptionSettings
          Properties:
            CatalogId: !Ref AWS::AccountId
            DataCatalogEncryptionSettings:
              EncryptionAtRest:
                CatalogEncryptionMode: SSE-KMS
        ```
    """
    return setting(
        catalog,
        "encryption_mode",
        lambda mode: mode == "DISABLED",
        "the Data Catalog's metadata is not encrypted at rest",
    )


@rule(
    code="AWS-GLUE-002",
    name="glue-connection-passwords-unencrypted",
    kind=CATALOG,
    severity=Severity.HIGH,
    tags=["glue", "encryption-at-rest", "secrets"],
)
def glue_connection_passwords_unencrypted(catalog: Resource, ctx: Context) -> Verdict:
    """A Glue Data Catalog returns connection passwords in clear.

    What it checks
        ``return_connection_password_encrypted`` must be true (off unless asked).
    Why it matters
        Without it, ``GetConnection`` answers the database passwords of the catalog's
        connections in clear to anyone allowed to read connections: read access to the
        catalog becomes access to the databases.
    How to fix
        Encrypt connection passwords with a KMS key.

        Terraform:

        ```hcl
        connection_password_encryption {
          return_connection_password_encrypted = true
          aws_kms_key_id                       = aws_kms_key.glue.arn
        }
        ```

        CloudFormation:

        ```yaml
        DataCatalogEncryptionSettings:
          ConnectionPasswordEncryption:
            ReturnConnectionPasswordEncrypted: true
            KmsKeyId: !Ref GlueKey
        ```
    """
    return setting(
        catalog,
        "return_connection_password_encrypted",
        lambda on: on is not True,
        "connection passwords are returned unencrypted",
    )


def _mode_rule(attribute: str, what: str) -> str:
    return f"{what} are not encrypted by the security configuration ({attribute} is DISABLED)"


@rule(
    code="AWS-GLUE-003",
    name="glue-security-configuration-s3-unencrypted",
    kind=CONFIGURATION,
    severity=Severity.MEDIUM,
    tags=["glue", "encryption-at-rest"],
)
def glue_security_configuration_s3_unencrypted(config: Resource, ctx: Context) -> Verdict:
    """A Glue security configuration leaves the data jobs write to S3 unencrypted.

    What it checks
        ``s3_encryption_mode`` must be ``SSE-KMS`` or ``SSE-S3`` (``DISABLED`` unless set).
    Why it matters
        Jobs, crawlers and development endpoints that use the configuration write their
        output without the encryption the configuration exists to enforce.
    How to fix
        Terraform:

        ```hcl
        s3_encryption {
          s3_encryption_mode = "SSE-KMS"
          kms_key_arn        = aws_kms_key.glue.arn
        }
        ```

        CloudFormation:

        ```yaml
        EncryptionConfiguration:
          S3Encryptions:
            - S3EncryptionMode: SSE-KMS
              KmsKeyArn: !GetAtt GlueKey.Arn
        ```
    """
    return setting(
        config,
        "s3_encryption_mode",
        lambda mode: mode == "DISABLED",
        _mode_rule("s3_encryption_mode", "S3 data"),
    )


@rule(
    code="AWS-GLUE-004",
    name="glue-security-configuration-cloudwatch-unencrypted",
    kind=CONFIGURATION,
    severity=Severity.LOW,
    tags=["glue", "encryption-at-rest", "logging"],
)
def glue_security_configuration_cloudwatch_unencrypted(config: Resource, ctx: Context) -> Verdict:
    """A Glue security configuration leaves the jobs' CloudWatch logs unencrypted by KMS.

    What it checks
        ``cloudwatch_encryption_mode`` must be ``SSE-KMS`` (``DISABLED`` unless set).
    Why it matters
        Job logs often carry records, queries and connection details; encrypted with a key
        of the account, reading them also needs the key's policy to allow it.
    How to fix
        Terraform:

        ```hcl
        cloudwatch_encryption {
          cloudwatch_encryption_mode = "SSE-KMS"
          kms_key_arn                = aws_kms_key.glue.arn
        }
        ```

        CloudFormation:

        ```yaml
        EncryptionConfiguration:
          CloudWatchEncryption:
            CloudWatchEncryptionMode: SSE-KMS
            KmsKeyArn: !GetAtt GlueKey.Arn
        ```
    """
    return setting(
        config,
        "cloudwatch_encryption_mode",
        lambda mode: mode == "DISABLED",
        _mode_rule("cloudwatch_encryption_mode", "CloudWatch logs"),
    )


@rule(
    code="AWS-GLUE-005",
    name="glue-security-configuration-job-bookmarks-unencrypted",
    kind=CONFIGURATION,
    severity=Severity.LOW,
    tags=["glue", "encryption-at-rest"],
)
def glue_security_configuration_job_bookmarks_unencrypted(
    config: Resource, ctx: Context
) -> Verdict:
    """A Glue security configuration leaves job bookmarks unencrypted.

    What it checks
        ``job_bookmarks_encryption_mode`` must be ``CSE-KMS`` (``DISABLED`` unless set).
    Why it matters
        Job bookmarks record what each job has processed (paths, keys, offsets); they are
        encrypted only when the configuration says so.
    How to fix
        Terraform:

        ```hcl
        job_bookmarks_encryption {
          job_bookmarks_encryption_mode = "CSE-KMS"
          kms_key_arn                   = aws_kms_key.glue.arn
        }
        ```

        CloudFormation:

        ```yaml
        EncryptionConfiguration:
          JobBookmarksEncryption:
            JobBookmarksEncryptionMode: CSE-KMS
            KmsKeyArn: !GetAtt GlueKey.Arn
        ```
    """
    return setting(
        config,
        "job_bookmarks_encryption_mode",
        lambda mode: mode == "DISABLED",
        _mode_rule("job_bookmarks_encryption_mode", "job bookmarks"),
    )
