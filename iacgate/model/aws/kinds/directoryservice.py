"""Directory Service: Simple AD, AWS Managed Microsoft AD and AD Connector directories."""

from __future__ import annotations

from iacgate.model.aws.calls import call
from iacgate.model.aws.declaration import (
    ASSIGNED,
    OPT_STR,
    REQUIRED,
    STR,
    AwsKind,
    Collector,
    Field,
    Writers,
    enum,
)

DIRECTORY = AwsKind(
    name="aws.directoryservice.directory",
    description="A Directory Service directory (Simple AD, Managed Microsoft AD, AD Connector)",
    physical_id="directory_id",
    identifiers=("directory_id", "arn"),
    terraform=Writers(types=("aws_directory_service_directory",)),
    cloudformation=Writers(
        types=("AWS::DirectoryService::SimpleAD", "AWS::DirectoryService::MicrosoftAD")
    ),
    note="CloudFormation's resource type says the directory type (the kind's code).",
    fields=(
        Field(
            "directory_id",
            STR,
            ASSIGNED,
            description="d-... (physical id); assigned by AWS (UNKNOWN before apply).",
            terraform="id",
            api="DirectoryId",
        ),
        Field(
            "arn",
            STR,
            ASSIGNED,
            description="ARN; made from the id (Terraform and CloudFormation give none).",
        ),
        Field(
            "name",
            STR,
            REQUIRED,
            description="The directory's fully qualified domain name.",
            terraform="name",
            cloudformation="Name",
            api="Name",
        ),
        Field(
            "type",
            enum("SimpleAD", "MicrosoftAD", "ADConnector"),
            "SimpleAD",
            description="Terraform's default is SimpleAD; CloudFormation's resource type says it.",
            terraform="type",
            api="Type",
        ),
        Field(
            "password",
            OPT_STR,
            description=(
                "The administrator's (AD Connector: the service account's) password when the "
                "code writes it. Sensitive (redacted in every output); the API never returns it."
            ),
            required=False,
            terraform="password",
            cloudformation="Password",
        ),
    ),
    collector=Collector(
        service="ds",
        calls=(call("ds", "DescribeDirectories", paginated=True, items="DirectoryDescriptions"),),
        id_field="DirectoryId",
        arn="arn:{partition}:ds:{region}:{account}:directory/{id}",
    ),
)

KINDS = (DIRECTORY,)
