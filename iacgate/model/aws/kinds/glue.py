"""Glue: the Data Catalog's encryption settings (one per catalog: the account, per region) and
security configurations (the encryption of what jobs, crawlers and endpoints write)."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    BOOL,
    NAMED_BY_CLOUDFORMATION,
    OPT_STR,
    REQUIRED,
    STR,
    AwsKind,
    Chosen,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_CATALOG_MODES = enum("DISABLED", "SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE")

CATALOG_ENCRYPTION = AwsKind(
    name="aws.glue.data_catalog_encryption_settings",
    description="A Glue Data Catalog's encryption settings (metadata, connection passwords)",
    physical_id="catalog_id",
    identifiers=("catalog_id",),
    terraform=Writers(types=("aws_glue_data_catalog_encryption_settings",)),
    cloudformation=Writers(types=("AWS::Glue::DataCatalogEncryptionSettings",)),
    note=(
        "A per-account, per-region setting: a catalog that no code declares is unencrypted "
        "(AWS's default), and a live collection reads it in every region."
    ),
    fields=(
        Field(
            "catalog_id",
            STR,
            description="The catalog: the account id (physical id).",
            terraform="catalog_id",
            cloudformation="CatalogId",
            default=Chosen("the provider's account"),
            defaults={"cloudformation": REQUIRED},
            api="CatalogId",
        ),
        Field(
            "arn",
            STR,
            description="The catalog's ARN: a live collection's (code does not write it).",
            default=ASSIGNED,
        ),
        Field(
            "encryption_mode",
            _CATALOG_MODES,
            "DISABLED",
            description="Encryption at rest of the catalog's metadata; DISABLED unless asked for.",
            terraform=(
                "data_catalog_encryption_settings.0.encryption_at_rest.0.catalog_encryption_mode"
            ),
            cloudformation="DataCatalogEncryptionSettings.EncryptionAtRest.CatalogEncryptionMode",
            api=(
                "GetDataCatalogEncryptionSettings:DataCatalogEncryptionSettings."
                "EncryptionAtRest.CatalogEncryptionMode"
            ),
        ),
        Field(
            "sse_kms_key_id",
            OPT_STR,
            description="The key of the metadata; null = the AWS managed key aws/glue.",
            terraform="data_catalog_encryption_settings.0.encryption_at_rest.0.sse_aws_kms_key_id",
            cloudformation="DataCatalogEncryptionSettings.EncryptionAtRest.SseAwsKmsKeyId",
            api=(
                "GetDataCatalogEncryptionSettings:DataCatalogEncryptionSettings."
                "EncryptionAtRest.SseAwsKmsKeyId"
            ),
        ),
        Field(
            "return_connection_password_encrypted",
            BOOL,
            False,
            description=(
                "Connection passwords encrypted with a KMS key; off unless asked for "
                "(passwords are then readable by anyone who may read the connection)."
            ),
            terraform=(
                "data_catalog_encryption_settings.0.connection_password_encryption.0."
                "return_connection_password_encrypted"
            ),
            cloudformation=(
                "DataCatalogEncryptionSettings.ConnectionPasswordEncryption."
                "ReturnConnectionPasswordEncrypted"
            ),
            api=(
                "GetDataCatalogEncryptionSettings:DataCatalogEncryptionSettings."
                "ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted"
            ),
        ),
        Field(
            "connection_password_kms_key_id",
            OPT_STR,
            terraform=(
                "data_catalog_encryption_settings.0.connection_password_encryption.0.aws_kms_key_id"
            ),
            cloudformation=("DataCatalogEncryptionSettings.ConnectionPasswordEncryption.KmsKeyId"),
            api=(
                "GetDataCatalogEncryptionSettings:DataCatalogEncryptionSettings."
                "ConnectionPasswordEncryption.AwsKmsKeyId"
            ),
        ),
    ),
    edges=(
        Edge("sse_kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("connection_password_kms_key_id", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="glue",
        calls=(call("glue", "GetDataCatalogEncryptionSettings"),),
        id_field="CatalogId",
        arn="arn:{partition}:glue:{region}:{account}:catalog",
        note="One record per region: the account's catalog there.",
    ),
)


SECURITY_CONFIGURATION = AwsKind(
    name="aws.glue.security_configuration",
    description="A Glue security configuration (encryption of S3 data, logs and job bookmarks)",
    physical_id="name",
    identifiers=("name",),
    terraform=Writers(types=("aws_glue_security_configuration",)),
    cloudformation=Writers(types=("AWS::Glue::SecurityConfiguration",)),
    fields=(
        Field(
            "name",
            STR,
            description="Physical id.",
            terraform="name",
            cloudformation="Name",
            default=REQUIRED,
            defaults={"cloudformation": NAMED_BY_CLOUDFORMATION},
            api="Name",
        ),
        Field(
            "arn",
            STR,
            description="ARN: a live collection's (Terraform and CloudFormation do not give it).",
            default=ASSIGNED,
        ),
        Field(
            "s3_encryption_mode",
            enum("DISABLED", "SSE-KMS", "SSE-S3"),
            "DISABLED",
            description="What jobs write to S3; DISABLED unless asked for.",
            terraform="encryption_configuration.0.s3_encryption.0.s3_encryption_mode",
            cloudformation="EncryptionConfiguration.S3Encryptions.0.S3EncryptionMode",
            api="EncryptionConfiguration.S3Encryption.0.S3EncryptionMode",
        ),
        Field(
            "s3_kms_key_arn",
            OPT_STR,
            terraform="encryption_configuration.0.s3_encryption.0.kms_key_arn",
            cloudformation="EncryptionConfiguration.S3Encryptions.0.KmsKeyArn",
            api="EncryptionConfiguration.S3Encryption.0.KmsKeyArn",
        ),
        Field(
            "cloudwatch_encryption_mode",
            enum("DISABLED", "SSE-KMS"),
            "DISABLED",
            description="The CloudWatch logs jobs write; DISABLED unless asked for.",
            terraform=(
                "encryption_configuration.0.cloudwatch_encryption.0.cloudwatch_encryption_mode"
            ),
            cloudformation="EncryptionConfiguration.CloudWatchEncryption.CloudWatchEncryptionMode",
            api="EncryptionConfiguration.CloudWatchEncryption.CloudWatchEncryptionMode",
        ),
        Field(
            "cloudwatch_kms_key_arn",
            OPT_STR,
            terraform="encryption_configuration.0.cloudwatch_encryption.0.kms_key_arn",
            cloudformation="EncryptionConfiguration.CloudWatchEncryption.KmsKeyArn",
            api="EncryptionConfiguration.CloudWatchEncryption.KmsKeyArn",
        ),
        Field(
            "job_bookmarks_encryption_mode",
            enum("DISABLED", "CSE-KMS"),
            "DISABLED",
            description="Job bookmarks; DISABLED unless asked for.",
            terraform=(
                "encryption_configuration.0.job_bookmarks_encryption.0."
                "job_bookmarks_encryption_mode"
            ),
            cloudformation=(
                "EncryptionConfiguration.JobBookmarksEncryption.JobBookmarksEncryptionMode"
            ),
            api="EncryptionConfiguration.JobBookmarksEncryption.JobBookmarksEncryptionMode",
        ),
        Field(
            "job_bookmarks_kms_key_arn",
            OPT_STR,
            terraform="encryption_configuration.0.job_bookmarks_encryption.0.kms_key_arn",
            cloudformation="EncryptionConfiguration.JobBookmarksEncryption.KmsKeyArn",
            api="EncryptionConfiguration.JobBookmarksEncryption.KmsKeyArn",
        ),
    ),
    edges=(
        Edge("s3_kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("cloudwatch_kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
        Edge("job_bookmarks_kms_key_arn", EdgeType.ENCRYPTED_BY, ("aws.kms.key",)),
    ),
    collector=Collector(
        service="glue",
        calls=(
            call(
                "glue",
                "GetSecurityConfigurations",
                paginated=True,
                items="SecurityConfigurations",
            ),
        ),
        id_field="Name",
        arn="arn:{partition}:glue:{region}:{account}:securityConfiguration/{id}",
    ),
)

KINDS = (CATALOG_ENCRYPTION, SECURITY_CONFIGURATION)
