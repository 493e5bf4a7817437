"""Compute: EC2 instance metadata and disks, Lambda, EKS and ECR.

Rules that handle secrets (Lambda environment variables) name the variable and never show its
value, in any message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.model import aws, network
from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Status,
    Verdict,
    could_equal,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import (
    CIS,
    FSBP,
    Document,
    chosen_by_aws,
    is_set,
    public_policy_verdicts,
    reason,
    summarize,
    unknown_statements,
)
from ._launch import imdsv2_verdict, launch_template_of, mapping_verdicts, root_mapping
from ._secrets import secret_literal, secret_name
from .data import ebs_encryption_verdict

INSTANCE = "aws.ec2.instance"
FUNCTION = "aws.lambda.function"
CLUSTER = "aws.eks.cluster"
REPOSITORY = "aws.ecr.repository"


@rule(
    code="AWS-EC2-012",
    name="instance-imdsv2-not-required",
    kind=INSTANCE,
    severity=Severity.HIGH,
    frameworks={CIS: ["5.6"], FSBP: ["EC2.8"]},
    tags=["compute", "imds"],
)
def imdsv2_not_required(instance: Resource, ctx: Context) -> Verdict:
    """An instance does not require IMDSv2 session tokens.

    What it checks
        ``metadata_options.http_tokens`` must be ``required`` (or the metadata endpoint
        turned off). Left unset, the AMI's and the account's defaults decide, which the code
        does not show: that fails too.
    Why it matters
        IMDSv1 answers any plain GET from the instance, so a server-side request forgery in
        any application on it hands out the instance role's credentials (the Capital One
        breach). IMDSv2 requires a PUT-issued session token that SSRF cannot obtain.
    How to fix
        Require tokens.

        Terraform:

        ```hcl
        resource "aws_instance" "app" {
          ami           = "ami-0abcdef1234567890"
          instance_type = "t3.micro"
          metadata_options {
            http_tokens                 = "required"
            http_put_response_hop_limit = 1
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            MetadataOptions:
              HttpTokens: required
              HttpPutResponseHopLimit: 1
        ```
    """
    endpoint = instance.get(("metadata_options", "http_endpoint"))
    if endpoint == "disabled":
        return ok()
    tokens = instance.get(("metadata_options", "http_tokens"))
    path = ("metadata_options", "http_tokens")
    if tokens == "required":
        return ok()
    if chosen_by_aws(tokens) and _launched_from_template(instance):
        # What the instance leaves unset, its launch template sets.
        template = launch_template_of(instance, ctx)
        if template is None:
            return unknown(
                "http_tokens is left to the launch template, which is not among the scanned "
                "resources",
                path,
            )
        options = template.get("metadata_options")
        return imdsv2_verdict(
            options, ("metadata_options",), "the launch template", at=template.key
        )
    if chosen_by_aws(tokens):
        return fail(
            "http_tokens is not set: the AMI and account defaults decide whether IMDSv1 "
            "answers; require IMDSv2 explicitly",
            path,
        )
    if is_unknown(tokens):
        return unknown(reason(tokens, "http_tokens"), path)
    if is_unknown(endpoint):
        return unknown(reason(endpoint, "http_endpoint"), ("metadata_options", "http_endpoint"))
    return fail(f"http_tokens is {tokens!r}: IMDSv1 answers without a session token", path)


@rule(
    code="AWS-EC2-013",
    name="instance-volume-unencrypted",
    kind=INSTANCE,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["2.2.1"], FSBP: ["EC2.3"]},
    tags=["compute", "ebs", "encryption-at-rest", "graph"],
)
def instance_volume_unencrypted(instance: Resource, ctx: Context) -> Iterator[Verdict]:
    """An instance's root or attached EBS volume is not encrypted.

    What it checks
        ``root_block_device.encrypted`` and every ``ebs_block_devices[].encrypted`` (the
        block device mappings of the launch) must be true, unless the scanned code turns on
        EBS encryption by default, which then encrypts them anyway. Left unset, with no such
        setting in the code, encryption is up to the account default and the AMI's snapshots:
        that fails too.
    Why it matters
        The root volume holds the application, its configuration and often cached data and
        credentials; unencrypted, every snapshot of it is readable wherever it is copied.
    How to fix
        Ask for encryption on every block device (or turn on EBS encryption by default).

        Terraform:

        ```hcl
        resource "aws_instance" "app" {
          ami           = "ami-0abcdef1234567890"
          instance_type = "t3.micro"
          root_block_device {
            encrypted = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: ami-0abcdef1234567890
            InstanceType: t3.micro
            BlockDeviceMappings:
              - DeviceName: /dev/xvda
                Ebs:
                  Encrypted: true
        ```
    """
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []

    def judge(value: Any, path: tuple[str | int, ...], what: str) -> None:
        verdict = ebs_encryption_verdict(value, path, ctx, what)
        if verdict.status is Status.FAIL:
            fails.append(verdict)
        elif verdict.status is Status.UNKNOWN:
            unknowns.append(verdict)

    root = instance.get("root_block_device")
    if is_unknown(root):
        unknowns.append(unknown(reason(root, "the root volume"), "root_block_device"))
    elif isinstance(root, Mapping):
        encrypted = root.get("encrypted")
        template = launch_template_of(instance, ctx) if _launched_from_template(instance) else None
        mapping = root_mapping(template) if template is not None else None
        if chosen_by_aws(encrypted) and mapping is not None and template is not None:
            # The instance leaves its root volume to its launch template, which maps it.
            verdicts = mapping_verdicts([mapping[0]], mapping[1][:1], ctx, at=template.key)
            for verdict in verdicts:
                if verdict.status is not Status.PASS:
                    path = (*mapping[1], *verdict.path[2:])
                    kept = Verdict(verdict.status, verdict.message, path, template.key)
                    (fails if verdict.status is Status.FAIL else unknowns).append(kept)
        elif chosen_by_aws(encrypted) and _launched_from_template(instance) and template is None:
            unknowns.append(
                unknown(
                    "the root volume is left to the launch template, which is not among the "
                    "scanned resources",
                    ("root_block_device", "encrypted"),
                )
            )
        else:
            judge(encrypted, ("root_block_device", "encrypted"), "the root volume")
    devices = instance.get("ebs_block_devices")
    if is_unknown(devices):
        unknowns.append(unknown(reason(devices, "the block devices"), "ebs_block_devices"))
    elif isinstance(devices, list):
        for index, device in enumerate(devices):
            if isinstance(device, Mapping):
                name = device.get("device_name")
                what = f"volume {name}" if isinstance(name, str) else "an attached volume"
                judge(device.get("encrypted"), ("ebs_block_devices", index, "encrypted"), what)
    yield from summarize(fails, unknowns)


def _launched_from_template(instance: Resource) -> bool:
    return instance.get("launch_template") is not None


@rule(
    code="AWS-LAMBDA-001",
    name="lambda-secret-in-environment",
    kind=FUNCTION,
    severity=Severity.HIGH,
    tags=["lambda", "secrets"],
)
def lambda_secret_in_environment(function: Resource, ctx: Context) -> Iterator[Verdict]:
    """A Lambda function receives a secret as a plain environment variable.

    What it checks
        Environment variables whose value is credential-shaped (a private key, an AWS access
        key id, a token format, a password in a URL), or whose name says it holds a secret
        (``PASSWORD``, ``SECRET``, ``TOKEN``, ``API_KEY`` ...) and whose value is a literal
        rather than a reference to Secrets Manager or Parameter Store. A secret-named variable
        whose value cannot be resolved is reported as unknown. Values are never shown.
    Why it matters
        Environment variables are stored with the function configuration: anyone allowed
        ``lambda:GetFunctionConfiguration`` reads them, they appear in the Terraform state and
        in CloudFormation templates, and they end up in logs and crash dumps.
    How to fix
        Store the secret in Secrets Manager (or a SecureString parameter), pass its ARN, and
        read it at run time (the Parameters and Secrets Lambda extension caches it).

        Terraform:

        ```hcl
        resource "aws_lambda_function" "api" {
          function_name = "api"
          role          = aws_iam_role.api.arn
          runtime       = "python3.12"
          handler       = "app.handler"
          filename      = "api.zip"
          environment {
            variables = {
              DB_SECRET_ARN = aws_secretsmanager_secret.db.arn
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Api:
          Type: AWS::Lambda::Function
          Properties:
            Environment:
              Variables:
                DB_SECRET_ARN: !Ref DbSecret
        ```
    """
    variables = function.get("environment_variables")
    if is_unknown(variables):
        yield unknown(reason(variables, "the environment variables"), "environment_variables")
        return
    if not isinstance(variables, Mapping):
        yield ok()
        return
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for name, value in variables.items():
        path = ("environment_variables", str(name))
        if is_unknown(value):
            if secret_name(str(name)):
                unknowns.append(unknown(f"the value of {name} is not known: {value.reason}", path))
            continue
        why = secret_literal(str(name), value)
        if why is not None:
            fails.append(fail(f"environment variable {name} {why}", path))
    yield from summarize(fails, unknowns)


# Services that invoke functions asynchronously (Lambda queues the event and retries it twice
# before dropping it); API Gateway, load balancers and stream/queue pollers invoke
# synchronously and are not listed.
ASYNC_INVOKERS = frozenset(
    {
        "s3.amazonaws.com",
        "sns.amazonaws.com",
        "events.amazonaws.com",
        "logs.amazonaws.com",
        "ses.amazonaws.com",
        "iot.amazonaws.com",
        "config.amazonaws.com",
        "codecommit.amazonaws.com",
        "lambda.alarms.cloudwatch.amazonaws.com",
        "cloudwatch.amazonaws.com",
    }
)


def _async_invokers(function: Resource) -> Any:
    """Service principals the function's resource policy lets invoke it asynchronously; the
    Unknown that hides them; or an empty list."""
    policy = function.get("policy")
    if is_unknown(policy):
        return policy
    found: list[str] = []
    pending: Any = next((v for _, v in unknown_statements(Document(("policy",), "", policy))), None)
    for _, statement in aws.statements(policy):
        effect = statement.get("Effect")
        if is_unknown(effect) and pending is None:
            pending = effect  # it may allow
        if effect != "Allow":
            continue
        principal = statement.get("Principal")
        services = principal.get("Service") if isinstance(principal, Mapping) else None
        if is_unknown(principal) or is_unknown(services):
            if pending is None:
                pending = principal if is_unknown(principal) else services
            continue
        for service in services if isinstance(services, list) else []:
            if is_unknown(service):
                if any(could_equal(service, s) for s in ASYNC_INVOKERS):
                    pending = service if pending is None else pending
            elif service in ASYNC_INVOKERS and service not in found:
                found.append(service)
    return found if found or pending is None else pending


@rule(
    code="AWS-LAMBDA-002",
    name="lambda-async-without-dead-letter-queue",
    kind=FUNCTION,
    severity=Severity.LOW,
    tags=["lambda", "reliability"],
)
def lambda_async_without_dlq(function: Resource, ctx: Context) -> Verdict:
    """A Lambda function invoked asynchronously has no dead-letter queue.

    What it checks
        A function whose resource policy (its permissions: ``aws_lambda_permission``,
        ``AWS::Lambda::Permission``) lets an asynchronous event source invoke it (S3, SNS,
        EventBridge, CloudWatch Logs, SES, IoT, Config, CodeCommit, CloudWatch alarms) must
        set ``dead_letter_target_arn`` (an SQS queue or SNS topic). Functions only invoked
        synchronously (API Gateway, load balancers, queue and stream pollers) pass.
    Why it matters
        Lambda retries a failed asynchronous event twice and then drops it: without a
        dead-letter queue the event, an order or an upload notification, is lost without a
        trace.
    How to fix
        Send failed events to a queue (or configure an on-failure destination).

        Terraform:

        ```hcl
        resource "aws_lambda_function" "worker" {
          function_name = "worker"
          role          = aws_iam_role.worker.arn
          runtime       = "python3.12"
          handler       = "app.handler"
          filename      = "worker.zip"
          dead_letter_config {
            target_arn = aws_sqs_queue.worker_dlq.arn
          }
        }
        ```

        CloudFormation:

        ```yaml
        Worker:
          Type: AWS::Lambda::Function
          Properties:
            DeadLetterConfig:
              TargetArn: !GetAtt WorkerDlq.Arn
        ```
    """
    target = is_set(function, ("dead_letter_target_arn",), ctx)
    if target is True:
        return ok()  # a dead-letter target: who invokes the function does not matter
    invokers = _async_invokers(function)
    if is_unknown(invokers):
        return unknown(reason(invokers, "who invokes the function"), "policy")
    if not invokers:
        return ok()
    if is_unknown(target):
        return unknown(reason(target, "the dead-letter target"), "dead_letter_target_arn")
    if target is True:
        return ok()
    return fail(
        f"invoked asynchronously by {', '.join(invokers)}, and failed events are dropped",
        "dead_letter_target_arn",
    )


@rule(
    code="AWS-LAMBDA-003",
    name="lambda-function-url-without-auth",
    kind=FUNCTION,
    severity=Severity.HIGH,
    tags=["lambda", "exposure"],
)
def lambda_function_url_without_auth(function: Resource, ctx: Context) -> Verdict:
    """A Lambda function URL accepts unauthenticated requests.

    What it checks
        The function URL's ``authorization_type`` must be ``AWS_IAM``; ``NONE`` makes the
        function callable by anyone who knows the URL.
    Why it matters
        An unauthenticated URL runs the function, with its role's permissions, for any caller
        on the internet; unless the function authenticates every request itself, that is an
        open door and a billing risk.
    How to fix
        Require IAM authentication (and sign requests with SigV4), or put the function behind
        API Gateway with an authorizer.

        Terraform:

        ```hcl
        resource "aws_lambda_function_url" "api" {
          function_name      = aws_lambda_function.api.function_name
          authorization_type = "AWS_IAM"
        }
        ```

        CloudFormation:

        ```yaml
        ApiUrl:
          Type: AWS::Lambda::Url
          Properties:
            TargetFunctionArn: !GetAtt Api.Arn
            AuthType: AWS_IAM
        ```
    """
    url = function.get("url")
    if url is None:
        return ok()
    if is_unknown(url):
        return unknown(reason(url, "the function URL"), "url")
    auth = function.get(("url", "authorization_type"))
    if is_unknown(auth):
        return unknown(reason(auth, "the URL's authorization type"), ("url", "authorization_type"))
    if auth == "NONE":
        return fail(
            "the function URL accepts unauthenticated requests", ("url", "authorization_type")
        )
    return ok()


@rule(
    code="AWS-LAMBDA-006",
    name="lambda-function-policy-public",
    kind=FUNCTION,
    severity=Severity.HIGH,
    frameworks={FSBP: ["Lambda.1"]},
    tags=["lambda", "public-access"],
)
def lambda_function_policy_public(function: Resource, ctx: Context) -> list[Verdict]:
    """A Lambda function's resource policy lets any principal invoke it.

    What it checks
        Statements of the function's resource policy (its permissions) whose principal is
        ``*`` and that no condition (``AWS:SourceArn``, ``AWS:SourceAccount``,
        ``aws:PrincipalOrgID``) confines. A public function URL (``FunctionUrlAuthType``
        ``NONE``) is one such statement.
    Why it matters
        Anyone with an AWS account can invoke the function, with its role's permissions and
        at the owner's cost.
    How to fix
        Grant invocation to the calling service with a source condition, or to named accounts.

        Terraform:

        ```hcl
        resource "aws_lambda_permission" "s3" {
          statement_id   = "s3-invoke"
          action         = "lambda:InvokeFunction"
          function_name  = aws_lambda_function.thumbnailer.function_name
          principal      = "s3.amazonaws.com"
          source_arn     = aws_s3_bucket.uploads.arn
          source_account = "111122223333"
        }
        ```

        CloudFormation:

        ```yaml
        S3Invoke:
          Type: AWS::Lambda::Permission
          Properties:
            FunctionName: !GetAtt Thumbnailer.Arn
            Action: lambda:InvokeFunction
            Principal: s3.amazonaws.com
            SourceArn: !GetAtt Uploads.Arn
            SourceAccount: !Ref AWS::AccountId
        ```
    """
    return public_policy_verdicts(function, ("policy",), "function policy")


@rule(
    code="AWS-EKS-001",
    name="eks-endpoint-open-to-world",
    kind=CLUSTER,
    severity=Severity.HIGH,
    frameworks={FSBP: ["EKS.1"]},
    tags=["eks", "exposure"],
)
def eks_endpoint_open_to_world(cluster: Resource, ctx: Context) -> Verdict:
    """An EKS cluster's API endpoint is reachable from the whole internet.

    What it checks
        With the public endpoint on (``endpoint_public_access``, EKS's default),
        ``public_access_cidrs`` must not admit the whole internet: no prefix-0 range
        (``0.0.0.0/0``, EKS's default, ``::/0``, ``10.0.0.0/0`` ...), and no ranges that
        together cover every internet address (``0.0.0.0/1`` and ``128.0.0.0/1``).
    Why it matters
        The Kubernetes API server then faces every scanner and credential-stuffing attempt on
        the internet, and every API server vulnerability becomes remotely reachable.
    How to fix
        Turn the public endpoint off and use the private one (from the VPC or a VPN), or
        restrict it to known ranges.

        Terraform:

        ```hcl
        resource "aws_eks_cluster" "main" {
          name     = "main"
          role_arn = aws_iam_role.cluster.arn
          vpc_config {
            subnet_ids              = aws_subnet.private[*].id
            endpoint_private_access = true
            endpoint_public_access  = false
          }
        }
        ```

        CloudFormation:

        ```yaml
        Main:
          Type: AWS::EKS::Cluster
          Properties:
            RoleArn: !GetAtt ClusterRole.Arn
            ResourcesVpcConfig:
              SubnetIds: [!Ref PrivateA, !Ref PrivateB]
              EndpointPrivateAccess: true
              EndpointPublicAccess: false
        ```
    """
    public = cluster.get("endpoint_public_access")
    if is_unknown(public):
        # Ranges that do not admit the world confine a public endpoint as well.
        cidrs = cluster.get("public_access_cidrs")
        if isinstance(cidrs, list) and network.covers_world(cidrs) is False:
            return ok()
        return unknown(reason(public, "endpoint_public_access"), "endpoint_public_access")
    if public is not True:
        return ok()
    cidrs = cluster.get("public_access_cidrs")
    if is_unknown(cidrs):
        return unknown(reason(cidrs, "public_access_cidrs"), "public_access_cidrs")
    items = cidrs if isinstance(cidrs, list) else []
    world = network.covers_world(items)
    if is_unknown(world):
        return unknown(reason(world, "a public access CIDR"), "public_access_cidrs")
    if world is not True:
        return ok()
    single = [c for c in items if network.is_world(c) is True]
    admits = single[0].strip() if single else f"{network.describe(items)} (together: the world)"
    return fail(f"the public API endpoint admits {admits}", "public_access_cidrs")


@rule(
    code="AWS-EKS-002",
    name="eks-secrets-not-encrypted",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EKS.3"]},
    tags=["eks", "encryption-at-rest"],
)
def eks_secrets_not_encrypted(cluster: Resource, ctx: Context) -> Verdict:
    """An EKS cluster does not encrypt Kubernetes secrets with a KMS key.

    What it checks
        ``encryption_config`` must hold an entry whose resources include ``secrets``.
    Why it matters
        Without envelope encryption, Kubernetes Secrets are only as protected as etcd's disks
        and backups; with a KMS key, reading them also needs ``kms:Decrypt``, which is logged
        and can be revoked.
    How to fix
        Encrypt secrets with a customer-managed key.

        Terraform:

        ```hcl
        resource "aws_eks_cluster" "main" {
          name     = "main"
          role_arn = aws_iam_role.cluster.arn
          vpc_config {
            subnet_ids = aws_subnet.private[*].id
          }
          encryption_config {
            resources = ["secrets"]
            provider {
              key_arn = aws_kms_key.eks.arn
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Main:
          Type: AWS::EKS::Cluster
          Properties:
            EncryptionConfig:
              - Resources: [secrets]
                Provider:
                  KeyArn: !GetAtt EksKey.Arn
        ```
    """
    configs = cluster.get("encryption_config")
    if is_unknown(configs):
        return unknown(reason(configs, "encryption_config"), "encryption_config")
    pending: Any = None
    for index, config in enumerate(configs if isinstance(configs, list) else []):
        resources = config.get("resources") if isinstance(config, Mapping) else None
        if is_unknown(resources):
            pending = pending or (resources, index)
        elif isinstance(resources, list) and "secrets" in resources:
            return ok()
    if pending is not None:
        value, index = pending
        return unknown(reason(value, "the encrypted resources"), ("encryption_config", index))
    return fail("Kubernetes secrets are not encrypted with a KMS key", "encryption_config")


REQUIRED_LOG_TYPES = ("api", "audit", "authenticator")


@rule(
    code="AWS-EKS-003",
    name="eks-control-plane-logging-incomplete",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["EKS.8"]},
    tags=["eks", "logging"],
)
def eks_control_plane_logging_incomplete(cluster: Resource, ctx: Context) -> Verdict:
    """An EKS cluster does not send its API, audit and authenticator logs to CloudWatch.

    What it checks
        ``enabled_log_types`` must include ``api``, ``audit`` and ``authenticator`` (EKS
        enables none by default).
    Why it matters
        The audit log is the only record of who did what through the Kubernetes API; the
        authenticator log maps requests to IAM principals. Without them, an intrusion into
        the cluster leaves no trail.
    How to fix
        Enable the control-plane log types.

        Terraform:

        ```hcl
        resource "aws_eks_cluster" "main" {
          name                      = "main"
          role_arn                  = aws_iam_role.cluster.arn
          enabled_cluster_log_types = ["api", "audit", "authenticator"]
          vpc_config {
            subnet_ids = aws_subnet.private[*].id
          }
        }
        ```

        CloudFormation:

        ```yaml
        Main:
          Type: AWS::EKS::Cluster
          Properties:
            Logging:
              ClusterLogging:
                EnabledTypes:
                  - Type: api
                  - Type: audit
                  - Type: authenticator
        ```
    """
    types = cluster.get("enabled_log_types")
    if is_unknown(types):
        return unknown(reason(types, "enabled_log_types"), "enabled_log_types")
    present = [t for t in types if isinstance(t, str)] if isinstance(types, list) else []
    missing = [t for t in REQUIRED_LOG_TYPES if t not in present]
    if not missing:
        return ok()
    # An unknown log type decides only if it may be one of the missing ones.
    pending = next(
        (
            t
            for t in (types if isinstance(types, list) else [])
            if is_unknown(t) and any(could_equal(t, m) for m in missing)
        ),
        None,
    )
    if pending is not None:
        return unknown(reason(pending, "a log type"), "enabled_log_types")
    return fail(f"control-plane logs not sent: {', '.join(missing)}", "enabled_log_types")


@rule(
    code="AWS-ECR-001",
    name="ecr-image-tags-mutable",
    kind=REPOSITORY,
    severity=Severity.LOW,
    frameworks={FSBP: ["ECR.2"]},
    tags=["ecr", "supply-chain"],
)
def ecr_image_tags_mutable(repository: Resource, ctx: Context) -> Verdict:
    """An ECR repository lets image tags be overwritten.

    What it checks
        ``image_tag_mutability`` must be ``IMMUTABLE``.
    Why it matters
        With mutable tags, ``app:1.4.2`` can be replaced after it was reviewed and deployed:
        by a bad pipeline run or by an attacker with push rights, and the next deployment or
        node restart pulls the replacement.
    How to fix
        Make tags immutable (and deploy by digest).

        Terraform:

        ```hcl
        resource "aws_ecr_repository" "app" {
          name                 = "app"
          image_tag_mutability = "IMMUTABLE"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECR::Repository
          Properties:
            ImageTagMutability: IMMUTABLE
        ```
    """
    value = repository.get("image_tag_mutability")
    if is_unknown(value):
        return unknown(reason(value, "image_tag_mutability"), "image_tag_mutability")
    if value == "MUTABLE":
        return fail("image tags can be overwritten", "image_tag_mutability")
    return ok()


@rule(
    code="AWS-ECR-002",
    name="ecr-scan-on-push-disabled",
    kind=REPOSITORY,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ECR.1"]},
    tags=["ecr", "vulnerabilities"],
)
def ecr_scan_on_push_disabled(repository: Resource, ctx: Context) -> Verdict:
    """An ECR repository does not scan images when they are pushed.

    What it checks
        ``scan_on_push`` must be true (or the registry's enhanced scanning must cover the
        repository, which the canonical model does not show).
    Why it matters
        Images with known vulnerable packages are deployed without anyone being told.
    How to fix
        Scan on push.

        Terraform:

        ```hcl
        resource "aws_ecr_repository" "app" {
          name = "app"
          image_scanning_configuration {
            scan_on_push = true
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECR::Repository
          Properties:
            ImageScanningConfiguration:
              ScanOnPush: true
        ```
    """
    value = repository.get("scan_on_push")
    if is_unknown(value):
        return unknown(reason(value, "scan_on_push"), "scan_on_push")
    if value is True:
        return ok()
    return fail("images are not scanned on push", "scan_on_push")


@rule(
    code="AWS-ECR-003",
    name="ecr-repository-policy-public",
    kind=REPOSITORY,
    severity=Severity.HIGH,
    tags=["ecr", "public-access"],
)
def ecr_repository_policy_public(repository: Resource, ctx: Context) -> list[Verdict]:
    """An ECR repository policy allows any principal.

    What it checks
        Allow statements of the repository policy whose principal is ``*`` and that no
        condition (``aws:PrincipalOrgID``, ``aws:SourceAccount`` ...) confines.
    Why it matters
        Anyone with an AWS account can pull the images (and the code and secrets baked into
        them), or push their own, depending on the actions granted.
    How to fix
        Grant the accounts or the organization that pull.

        Terraform:

        ```hcl
        resource "aws_ecr_repository_policy" "app" {
          repository = aws_ecr_repository.app.name
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = "*"
              Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
              Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
            }]
          })
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECR::Repository
          Properties:
            RepositoryPolicyText:
              Statement:
                - Effect: Allow
                  Principal: "*"
                  Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
                  Condition:
                    StringEquals: {aws:PrincipalOrgID: o-a1b2c3d4e5}
        ```
    """
    return public_policy_verdicts(repository, ("policy",), "repository policy")
