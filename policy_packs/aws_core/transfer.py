"""Transfer Family: servers without FTP, kept off the internet, logging."""

from __future__ import annotations

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import is_set, reason
from ._settings import setting

SERVER = "aws.transfer.server"


@rule(
    code="AWS-TRANSFER-001",
    name="transfer-server-ftp-protocol",
    kind=SERVER,
    severity=Severity.HIGH,
    tags=["transfer", "encryption-in-transit"],
)
def transfer_server_ftp_protocol(resource: Resource, ctx: Context) -> Verdict:
    """A Transfer Family server accepts plain FTP.

    What it checks
        ``protocols`` must not include ``FTP``: SFTP and FTPS encrypt the connection, FTP sends
        credentials and files in clear.
    Why it matters
        Users' passwords and every file transferred cross the network readable by anyone on the
        path.
    How to fix
        Terraform:

        ```hcl
        resource "aws_transfer_server" "files" {
          protocols = ["SFTP"]
        }
        ```

        CloudFormation:

        ```yaml
        Files:
          Type: AWS::Transfer::Server
          Properties:
            Protocols: [SFTP]
        ```
    """
    return setting(
        resource,
        "protocols",
        lambda value: "FTP" in value,
        "the server accepts plain FTP (credentials and files in clear)",
    )


@rule(
    code="AWS-TRANSFER-002",
    name="transfer-server-public-endpoint",
    kind=SERVER,
    severity=Severity.MEDIUM,
    tags=["transfer", "exposure"],
)
def transfer_server_public_endpoint(resource: Resource, ctx: Context) -> Verdict:
    """A Transfer Family server has a public endpoint.

    What it checks
        ``endpoint_type`` must be ``VPC`` (or the legacy ``VPC_ENDPOINT``); ``PUBLIC`` (the
        default) is reachable from the whole internet, without security groups.
    Why it matters
        A public endpoint cannot be restricted by security groups or network ACLs: every user
        account of the server faces password guessing from anywhere.
    How to fix
        Terraform:

        ```hcl
        resource "aws_transfer_server" "files" {
          endpoint_type = "VPC"
          endpoint_details {
            vpc_id             = aws_vpc.main.id
            subnet_ids         = [aws_subnet.private.id]
            security_group_ids = [aws_security_group.sftp.id]
          }
        }
        ```

        CloudFormation:

        ```yaml
        Files:
          Type: AWS::Transfer::Server
          Properties:
            EndpointType: VPC
            EndpointDetails:
              VpcId: !Ref Vpc
              SubnetIds: [!Ref PrivateSubnet]
              SecurityGroupIds: [!Ref SftpGroup]
        ```
    """
    return setting(
        resource,
        "endpoint_type",
        lambda value: value == "PUBLIC",
        "the server's endpoint is public (no security group can restrict it)",
    )


@rule(
    code="AWS-TRANSFER-003",
    name="transfer-server-logging-disabled",
    kind=SERVER,
    severity=Severity.MEDIUM,
    tags=["transfer", "logging"],
)
def transfer_server_logging_disabled(resource: Resource, ctx: Context) -> Verdict:
    """A Transfer Family server does not log user activity.

    What it checks
        A ``logging_role`` or ``structured_log_destinations`` must be set: without either the
        server writes no logs to CloudWatch.
    Why it matters
        Logins, uploads, downloads and deletions leave no trace: a compromised account's use of
        the server cannot be reconstructed.
    How to fix
        Terraform:

        ```hcl
        resource "aws_transfer_server" "files" {
          structured_log_destinations = ["${aws_cloudwatch_log_group.transfer.arn}:*"]
        }
        ```

        CloudFormation:

        ```yaml
        Files:
          Type: AWS::Transfer::Server
          Properties:
            StructuredLogDestinations:
              - !GetAtt TransferLogs.Arn
        ```
    """
    role = is_set(resource, ("logging_role",), ctx)
    destinations = resource.get("structured_log_destinations")
    if role is True or (isinstance(destinations, list) and destinations):
        return ok()
    pending = role if is_unknown(role) else destinations if is_unknown(destinations) else None
    if pending is not None:
        return unknown(reason(pending, "the server's logging"), "logging_role")
    return fail(
        "the server writes no logs (no logging role, no structured log destination)", "logging_role"
    )
