"""Transfer Family: servers, their protocols, endpoint and logging."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    OPT_STR,
    STR,
    STRINGS,
    AwsKind,
    Collector,
    Edge,
    Field,
    Writers,
    enum,
)
from iacgate.model.edges import EdgeType

_SERVER = "DescribeServer:Server."

SERVER = AwsKind(
    name="aws.transfer.server",
    description="A Transfer Family server (SFTP, FTPS, FTP, AS2)",
    physical_id="server_id",
    identifiers=("server_id", "arn"),
    terraform=Writers(types=("aws_transfer_server",)),
    cloudformation=Writers(types=("AWS::Transfer::Server",)),
    fields=(
        Field(
            "server_id",
            STR,
            description="s-... (physical id).",
            terraform="id",
            default=ASSIGNED,
            api="ServerId",
        ),
        Field(
            "arn",
            STR,
            description="ARN; assigned by AWS (UNKNOWN before apply).",
            terraform="arn",
            default=ASSIGNED,
            api="Arn",
        ),
        Field(
            "protocols",
            STRINGS,
            ["SFTP"],
            description="The file transfer protocols the server answers; SFTP when unset.",
            terraform="protocols",
            cloudformation="Protocols",
            api=f"{_SERVER}Protocols",
        ),
        Field(
            "endpoint_type",
            enum("PUBLIC", "VPC", "VPC_ENDPOINT"),
            "PUBLIC",
            description="PUBLIC (reachable from the internet) unless set.",
            terraform="endpoint_type",
            cloudformation="EndpointType",
            api="EndpointType",
        ),
        Field(
            "identity_provider_type",
            enum("SERVICE_MANAGED", "API_GATEWAY", "AWS_DIRECTORY_SERVICE", "AWS_LAMBDA"),
            "SERVICE_MANAGED",
            terraform="identity_provider_type",
            cloudformation="IdentityProviderType",
            api="IdentityProviderType",
        ),
        Field(
            "logging_role",
            OPT_STR,
            description="The role that writes the server's CloudWatch logs; null = no logs.",
            terraform="logging_role",
            cloudformation="LoggingRole",
            api="LoggingRole",
        ),
        Field(
            "structured_log_destinations",
            STRINGS,
            [],
            description="Log groups of structured JSON logs.",
            terraform="structured_log_destinations",
            cloudformation="StructuredLogDestinations",
            api=f"{_SERVER}StructuredLogDestinations",
        ),
        Field(
            "security_policy_name",
            STR,
            "TransferSecurityPolicy-2018-11",
            description="The cryptographic algorithms the server offers.",
            terraform="security_policy_name",
            cloudformation="SecurityPolicyName",
            api=f"{_SERVER}SecurityPolicyName",
        ),
    ),
    edges=(
        Edge("logging_role", EdgeType.USES_ROLE, ("aws.iam.role",)),
        Edge("structured_log_destinations.*", EdgeType.LOGS_TO, ("aws.logs.log_group",)),
    ),
    collector=Collector(
        service="transfer",
        calls=(
            call("transfer", "ListServers", paginated=True, items="Servers"),
            call(
                "transfer",
                "DescribeServer",
                gone=("ResourceNotFoundException",),
                params=(("ServerId", "ServerId"),),
            ),
        ),
        id_field="ServerId",
        arn="arn:{partition}:transfer:{region}:{account}:server/{id}",
    ),
)

KINDS = (SERVER,)
