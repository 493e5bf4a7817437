"""Amazon MQ brokers: public exposure, upgrades, audit logs."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdicts, is_unknown, ok, rule, unknown

from ._aws import FSBP, reason
from ._checks import setting

BROKER = "aws.mq.broker"


@rule(
    code="AWS-MQ-001",
    name="mq-broker-publicly-accessible",
    kind=BROKER,
    severity=Severity.HIGH,
    tags=["mq", "public-exposure"],
)
def mq_broker_publicly_accessible(broker: Resource, ctx: Context) -> Verdicts:
    """An Amazon MQ broker has a public endpoint.

    What it checks
        ``publicly_accessible`` must be false (the default).
    Why it matters
        A public broker puts its console and messaging ports on the internet.
    How to fix
        Make the broker private (a new broker: it cannot change) and reach it through the VPC.

        Terraform:

        ```hcl
        resource "aws_mq_broker" "queue" {
          broker_name        = "queue"
          engine_type        = "ActiveMQ"
          engine_version     = "5.18"
          host_instance_type = "mq.t3.micro"
          user {
            username = "admin"
            password = var.broker_password
          }
          publicly_accessible = false
        }
        ```

        CloudFormation:

        ```yaml
        Queue:
          Type: AWS::AmazonMQ::Broker
          Properties:
            BrokerName: queue
            EngineType: ACTIVEMQ
            EngineVersion: "5.18"
            HostInstanceType: mq.t3.micro
            Users:
              - Username: admin
                Password: !Ref BrokerPassword
            PubliclyAccessible: false
        ```
    """
    return setting(broker, "publicly_accessible", False, "the broker is publicly accessible")


@rule(
    code="AWS-MQ-002",
    name="mq-broker-minor-version-upgrade-disabled",
    kind=BROKER,
    severity=Severity.LOW,
    frameworks={FSBP: ["MQ.3"]},
    tags=["mq", "patching"],
)
def mq_broker_minor_version_upgrade_disabled(broker: Resource, ctx: Context) -> Verdicts:
    """An Amazon MQ broker does not take minor version upgrades.

    What it checks
        ``auto_minor_version_upgrade`` must be true (off by default).
    Why it matters
        Minor versions carry security fixes; a broker that refuses them keeps known flaws.
    How to fix
        Allow automatic minor version upgrades.

        Terraform:

        ```hcl
        resource "aws_mq_broker" "queue" {
          broker_name        = "queue"
          engine_type        = "ActiveMQ"
          engine_version     = "5.18"
          host_instance_type = "mq.t3.micro"
          user {
            username = "admin"
            password = var.broker_password
          }
          auto_minor_version_upgrade = true
        }
        ```

        CloudFormation:

        ```yaml
        Queue:
          Type: AWS::AmazonMQ::Broker
          Properties:
            BrokerName: queue
            EngineType: ACTIVEMQ
            EngineVersion: "5.18"
            HostInstanceType: mq.t3.micro
            Users:
              - Username: admin
                Password: !Ref BrokerPassword
            AutoMinorVersionUpgrade: true
        ```
    """
    return setting(broker, "auto_minor_version_upgrade", True, "minor version upgrades are off")


@rule(
    code="AWS-MQ-003",
    name="mq-broker-audit-logs-disabled",
    kind=BROKER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["MQ.2"]},
    tags=["mq", "logging"],
)
def mq_broker_audit_logs_disabled(broker: Resource, ctx: Context) -> Verdicts:
    """An ActiveMQ broker does not send audit logs to CloudWatch Logs.

    What it checks
        An ActiveMQ broker's ``audit_log`` must be true (off by default). RabbitMQ brokers have
        no audit log: they pass.
    Why it matters
        Audit logs record management actions (users, queues, permissions); without them changes
        leave no trace.
    How to fix
        Enable audit logs.

        Terraform:

        ```hcl
        resource "aws_mq_broker" "queue" {
          broker_name        = "queue"
          engine_type        = "ActiveMQ"
          engine_version     = "5.18"
          host_instance_type = "mq.t3.micro"
          user {
            username = "admin"
            password = var.broker_password
          }
          logs {
            audit   = true
            general = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        Queue:
          Type: AWS::AmazonMQ::Broker
          Properties:
            BrokerName: queue
            EngineType: ACTIVEMQ
            EngineVersion: "5.18"
            HostInstanceType: mq.t3.micro
            Users:
              - Username: admin
                Password: !Ref BrokerPassword
            Logs:
              Audit: true
              General: true
        ```
    """
    engine = broker.get("engine_type")
    if is_unknown(engine):
        return unknown(reason(engine, "engine_type"), "engine_type")
    if str(engine).lower() != "activemq":
        return ok()
    return setting(broker, "audit_log", True, "audit logs are off")
