"""DMS replication instances and endpoints: public exposure, upgrades, TLS to the databases."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, is_unknown, ok, rule, unknown

from ._aws import FSBP, reason
from ._checks import not_setting, setting

REPLICATION_INSTANCE = "aws.dms.replication_instance"
ENDPOINT = "aws.dms.endpoint"
# Engines whose endpoints take no SSL mode (AWS services reached over HTTPS).
NO_SSL_MODE = frozenset(
    {
        "s3",
        "kinesis",
        "dynamodb",
        "kafka",
        "opensearch",
        "elasticsearch",
        "neptune",
        "redshift-serverless",
    }
)


@rule(
    code="AWS-DMS-001",
    name="dms-replication-instance-publicly-accessible",
    kind=REPLICATION_INSTANCE,
    severity=Severity.HIGH,
    frameworks={FSBP: ["DMS.1"]},
    tags=["dms", "public-exposure"],
)
def dms_replication_instance_publicly_accessible(instance: Resource, ctx: Context) -> Verdicts:
    """A DMS replication instance has a public address.

    What it checks
        ``publicly_accessible`` must be false. AWS's default is true: an instance that does not
        say so is public.
    Why it matters
        The instance holds connections to both databases of the migration; a public address
        exposes it to the internet.
    How to fix
        Create the instance private (it cannot change later).

        Terraform:

        ```hcl
        resource "aws_dms_replication_instance" "migrate" {
          replication_instance_id    = "migrate"
          replication_instance_class = "dms.t3.micro"
          publicly_accessible        = false
        }
        ```

        CloudFormation:

        ```yaml
        Migrate:
          Type: AWS::DMS::ReplicationInstance
          Properties:
            ReplicationInstanceClass: dms.t3.micro
            PubliclyAccessible: false
        ```
    """
    return setting(
        instance, "publicly_accessible", False, "the replication instance is publicly accessible"
    )


@rule(
    code="AWS-DMS-002",
    name="dms-replication-instance-minor-version-upgrade-disabled",
    kind=REPLICATION_INSTANCE,
    severity=Severity.LOW,
    frameworks={FSBP: ["DMS.6"]},
    tags=["dms", "patching"],
)
def dms_replication_instance_minor_version_upgrade_disabled(
    instance: Resource, ctx: Context
) -> Verdicts:
    """A DMS replication instance does not take minor version upgrades.

    What it checks
        ``auto_minor_version_upgrade`` must be true (AWS's default).
    Why it matters
        Minor versions carry security fixes; an instance that refuses them keeps known flaws.
    How to fix
        Allow automatic minor version upgrades.

        Terraform:

        ```hcl
        resource "aws_dms_replication_instance" "migrate" {
          replication_instance_id    = "migrate"
          replication_instance_class = "dms.t3.micro"
          auto_minor_version_upgrade = true
        }
        ```

        CloudFormation:

        ```yaml
        Migrate:
          Type: AWS::DMS::ReplicationInstance
          Properties:
            ReplicationInstanceClass: dms.t3.micro
            AutoMinorVersionUpgrade: true
        ```
    """
    return setting(instance, "auto_minor_version_upgrade", True, "minor version upgrades are off")


@rule(
    code="AWS-DMS-003",
    name="dms-endpoint-without-tls",
    kind=ENDPOINT,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["DMS.9"]},
    tags=["dms", "encryption-in-transit"],
)
def dms_endpoint_without_tls(endpoint: Resource, ctx: Context) -> Verdicts:
    """A DMS endpoint connects to its database in clear.

    What it checks
        ``ssl_mode`` must not be ``none`` (the default). Endpoints of engines that take no SSL
        mode (S3, Kinesis, DynamoDB ...) pass.
    Why it matters
        The migration copies every row over that connection: without TLS, the data and the
        database password cross the network in clear.
    How to fix
        Require TLS (verify-full where the engine supports it).

        Terraform:

        ```hcl
        resource "aws_dms_endpoint" "source" {
          endpoint_id   = "source"
          endpoint_type = "source"
          engine_name   = "postgres"
          server_name   = "db.example.com"
          port          = 5432
          database_name = "app"
          username      = "migrate"
          ssl_mode      = "verify-full"
        }
        ```

        CloudFormation:

        ```yaml
        Source:
          Type: AWS::DMS::Endpoint
          Properties:
            EndpointType: source
            EngineName: postgres
            ServerName: db.example.com
            Port: 5432
            DatabaseName: app
            Username: migrate
            SslMode: verify-full
        ```
    """
    engine = endpoint.get("engine_name")
    if is_unknown(engine):
        return unknown(reason(engine, "engine_name"), "engine_name")
    if engine in NO_SSL_MODE:
        return ok()
    return not_setting(endpoint, "ssl_mode", "none", "the endpoint does not use TLS")
