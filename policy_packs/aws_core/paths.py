"""Attack paths through an AWS account: chains of findings no single resource shows.

Each rule follows the graph (``ctx.exposure``: the path from the internet, through internet
gateway, route table, subnet, network ACL and security groups, or through a load balancer, an
API method or a function URL; ``ctx.power``: what the resource's role can do) and lists every
hop with its file and line (or live identity) in its message, so the chain can be broken
anywhere.
"""

from __future__ import annotations

from iacgate.model.risk import (
    IAM_ADMIN,
    NOT_KNOWN,
    READ_EVERY_BUCKET,
    WRITE_EVERY_BUCKET,
    describe_path,
)
from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Status,
    Verdict,
    fail,
    ok,
    rule,
    unknown,
)

from ._aws import chosen_by_aws
from ._launch import imdsv2_verdict, launch_template_of


def _where(resource: Resource, ctx: Context) -> str:
    location = ctx.location(resource)
    if location is None or not location.file:
        return resource.address
    return f"{resource.address} ({location.file}:{location.start_line})"


def _roles(resource: Resource, ctx: Context, *tags: str) -> str:
    roles = [
        role
        for role in ctx.related(resource, "aws.iam.role", EdgeType.USES_ROLE, "out")
        if ctx.power(role).has(*tags)
    ]
    return ", ".join(_where(role, ctx) for role in roles) or "its role"


def _imds_v1(instance: Resource, ctx: Context) -> Verdict:
    """FAIL: IMDSv1 answers (or may: the AMI's defaults decide); PASS: IMDSv2 only or no
    endpoint; UNKNOWN: the settings are not known. The instance's own settings, else the
    launch template's for what the instance leaves unset."""
    tokens = instance.get(("metadata_options", "http_tokens"))
    if chosen_by_aws(tokens) and instance.get("launch_template") is not None:
        template = launch_template_of(instance, ctx)
        if template is None:
            return unknown("http_tokens is left to a launch template that is not in the scan")
        options = template.get("metadata_options")
        return imdsv2_verdict(options, ("metadata_options",), "the launch template")
    options = instance.get("metadata_options")
    return imdsv2_verdict(options, ("metadata_options",), "the instance")


@rule(
    code="AWS-PATH-001",
    name="internet-reachable-instance-with-imdsv1-can-read-every-bucket",
    kind="aws.ec2.instance",
    severity=Severity.CRITICAL,
    tags=["attack-path", "graph", "exposure", "imds", "iam"],
)
def exposed_imdsv1_instance_reads_every_bucket(instance: Resource, ctx: Context) -> Verdict:
    """An instance the internet reaches answers IMDSv1 and its role can read every bucket.

    What it checks
        Three facts through the graph: the internet reaches the instance (an internet gateway
        routes to its subnet, the subnet's network ACL and a security group let the world in on
        a port, and it has a public address; or an internet-facing load balancer's target group
        registers it); the instance metadata service answers version 1 requests (``http_tokens``
        not ``required``); and its instance profile's role can read every S3 bucket
        (``s3:GetObject`` on ``*``, ``AmazonS3ReadOnlyAccess``, ``AmazonS3FullAccess``, an
        administrator). Scan the network, the instance and the role together; a role or policy
        outside the scan makes the answer unknown.
    Why it matters
        This is the Capital One breach: a server-side request forgery in any application on the
        instance fetches the role's credentials from ``169.254.169.254`` with a plain GET, and
        the credentials read every bucket of the account. Each fact alone is a finding of its
        own; together they are one request away from a data breach.
    How to fix
        Break the chain anywhere: require IMDSv2 (``metadata_options { http_tokens =
        "required" }``, CloudFormation ``MetadataOptions: {HttpTokens: required}``), give the
        role only the buckets the application reads, or take the instance off the internet
        (a private subnet behind a load balancer).

        ```hcl
        resource "aws_instance" "web" {
          ami           = "ami-0abcdef1234567890"
          instance_type = "t3.micro"
          metadata_options {
            http_tokens = "required"
          }
        }
        ```
    """
    reached = ctx.exposure(instance)
    if reached is None:
        return ok()
    power = ctx.power(instance)
    reads = (READ_EVERY_BUCKET, IAM_ADMIN)
    if not power.has(*reads) and not power.has(NOT_KNOWN):
        return ok()
    imds = _imds_v1(instance, ctx)
    if imds.status is Status.PASS:
        return ok()
    hops = describe_path(reached.hops)
    if imds.status is Status.UNKNOWN:
        return unknown(f"exposed ({hops}); whether IMDSv1 answers is not known: {imds.message}")
    if not power.has(*reads):
        return unknown(
            f"exposed ({hops}) and answers IMDSv1; the permissions of its role are not known: "
            + "; ".join(power.why(NOT_KNOWN)),
            imds.path,
        )
    message = (
        f"reachable from the internet and answers IMDSv1 ({imds.message}), and its role can "
        f"read every bucket: {hops} -> IAM role {_roles(instance, ctx, *reads)}: "
        + "; ".join(power.why(*reads))
    )
    return fail(message, imds.path, at=imds.at)


def _public_function(function: Resource, ctx: Context) -> str | None:
    """How the internet calls the function without authenticating, if it does."""
    reached = ctx.exposure(function)
    if reached is None or reached.level < 1.0:
        return None
    return describe_path(reached.hops)


@rule(
    code="AWS-PATH-002",
    name="public-function-can-write-every-bucket",
    kind="aws.lambda.function",
    severity=Severity.CRITICAL,
    tags=["attack-path", "graph", "exposure", "iam"],
)
def public_function_writes_every_bucket(function: Resource, ctx: Context) -> Verdict:
    """Anyone on the internet can invoke a function whose role can write every bucket.

    What it checks
        Two facts through the graph: the internet invokes the function without authenticating
        (a function URL with ``authorization_type = "NONE"``, an API Gateway method with
        ``authorization = "NONE"`` whose integration calls it, a resource policy open to every
        principal, or an internet-facing load balancer's target group), and its execution role
        can write every S3 bucket (``s3:PutObject`` on ``*``, ``AmazonS3FullAccess``,
        ``PowerUserAccess``, an administrator). A role or policy outside the scan makes the
        answer unknown.
    Why it matters
        Any injection in the function's input — or simply its intended use with a chosen
        object key — writes to every bucket of the account: overwritten static sites,
        poisoned build artifacts and data lakes, ransomware that replaces objects.
    How to fix
        Break the chain anywhere: require authentication (``AWS_IAM`` on the URL, an
        authorizer or IAM authorization on the method), narrow the resource policy, or give
        the role ``s3:PutObject`` on the one bucket and prefix it writes.

        ```hcl
        resource "aws_lambda_function_url" "upload" {
          function_name      = aws_lambda_function.upload.function_name
          authorization_type = "AWS_IAM"
        }
        ```
    """
    hops = _public_function(function, ctx)
    if hops is None:
        return ok()
    power = ctx.power(function)
    writes = (WRITE_EVERY_BUCKET, IAM_ADMIN)
    if power.has(*writes):
        return fail(
            f"anyone can invoke it and its role can write every bucket: {hops} -> IAM role "
            f"{_roles(function, ctx, *writes)}: " + "; ".join(power.why(*writes)),
            "role",
        )
    if power.has(NOT_KNOWN):
        return unknown(
            f"anyone can invoke it ({hops}); the permissions of its role are not known: "
            + "; ".join(power.why(NOT_KNOWN)),
            "role",
        )
    return ok()
