"""SageMaker: notebook instances, endpoint configurations and domains kept off the internet,
encrypted with the account's keys, without root and IMDSv1."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Verdict,
    Verdicts,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, reason, refers
from ._settings import names_customer_key, setting

NOTEBOOK = "aws.sagemaker.notebook_instance"
ENDPOINT_CONFIG = "aws.sagemaker.endpoint_config"
DOMAIN = "aws.sagemaker.domain"


@rule(
    code="AWS-SAGEMAKER-001",
    name="sagemaker-notebook-direct-internet-access",
    kind=NOTEBOOK,
    severity=Severity.HIGH,
    frameworks={FSBP: ["SageMaker.1"]},
    tags=["sagemaker", "exposure"],
)
def sagemaker_notebook_direct_internet_access(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker notebook instance has direct internet access.

    What it checks
        ``direct_internet_access`` must be ``Disabled``; SageMaker enables it unless told
        otherwise, giving the instance a network interface on the internet through SageMaker's
        own VPC.
    Why it matters
        A notebook holds credentials of its execution role and the data scientists' data; with
        direct internet access anything running in it can send that data anywhere, bypassing the
        account's network controls.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_notebook_instance" "lab" {
          name                   = "lab"
          role_arn               = aws_iam_role.sagemaker.arn
          instance_type          = "ml.t3.medium"
          subnet_id              = aws_subnet.private.id
          security_groups        = [aws_security_group.notebook.id]
          direct_internet_access = "Disabled"
        }
        ```

        CloudFormation:

        ```yaml
        Lab:
          Type: AWS::SageMaker::NotebookInstance
          Properties:
            RoleArn: !GetAtt SageMakerRole.Arn
            InstanceType: ml.t3.medium
            SubnetId: !Ref PrivateSubnet
            SecurityGroupIds: [!Ref NotebookGroup]
            DirectInternetAccess: Disabled
        ```
    """
    return setting(
        resource,
        "direct_internet_access",
        lambda access: access == "Enabled",
        "the notebook instance has direct internet access",
    )


@rule(
    code="AWS-SAGEMAKER-002",
    name="sagemaker-notebook-root-access",
    kind=NOTEBOOK,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["SageMaker.3"]},
    tags=["sagemaker", "least-privilege"],
)
def sagemaker_notebook_root_access(resource: Resource, ctx: Context) -> Verdict:
    """Users of a SageMaker notebook instance get root access.

    What it checks
        ``root_access`` must be ``Disabled`` (``Enabled`` unless set).
    Why it matters
        Root on the notebook lets any user change its software, read every user's files and
        reconfigure the instance's access to the execution role's credentials.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_notebook_instance" "lab" {
          root_access = "Disabled"
        }
        ```

        CloudFormation:

        ```yaml
        Lab:
          Type: AWS::SageMaker::NotebookInstance
          Properties:
            RootAccess: Disabled
        ```
    """
    return setting(
        resource,
        "root_access",
        lambda access: access == "Enabled",
        "users of the notebook instance have root access",
    )


@rule(
    code="AWS-SAGEMAKER-003",
    name="sagemaker-notebook-without-kms-key",
    kind=NOTEBOOK,
    severity=Severity.MEDIUM,
    tags=["sagemaker", "encryption-at-rest"],
)
def sagemaker_notebook_without_kms_key(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker notebook instance's volume is not encrypted with a key of the account.

    What it checks
        ``kms_key_id`` must name a customer-managed KMS key (none means an AWS managed key).
    Why it matters
        The ML storage volume keeps notebooks, datasets and model artefacts; a key of the
        account adds a key policy, an audit trail of each use, and the power to revoke access.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_notebook_instance" "lab" {
          kms_key_id = aws_kms_key.sagemaker.id
        }
        ```

        CloudFormation:

        ```yaml
        Lab:
          Type: AWS::SageMaker::NotebookInstance
          Properties:
            KmsKeyId: !Ref SageMakerKey
        ```
    """
    return names_customer_key(
        resource,
        "kms_key_id",
        ctx,
        "the notebook's volume is not encrypted with a KMS key of the account",
    )


@rule(
    code="AWS-SAGEMAKER-004",
    name="sagemaker-notebook-not-in-vpc",
    kind=NOTEBOOK,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["SageMaker.2"]},
    tags=["sagemaker", "network"],
)
def sagemaker_notebook_not_in_vpc(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker notebook instance does not run in a VPC of the account.

    What it checks
        ``subnet_id`` must be set: without it the instance runs in SageMaker's own network, out
        of reach of the account's security groups, flow logs and endpoints.
    Why it matters
        Traffic of a notebook outside the account's VPC cannot be filtered, logged or kept
        private.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_notebook_instance" "lab" {
          subnet_id       = aws_subnet.private.id
          security_groups = [aws_security_group.notebook.id]
        }
        ```

        CloudFormation:

        ```yaml
        Lab:
          Type: AWS::SageMaker::NotebookInstance
          Properties:
            SubnetId: !Ref PrivateSubnet
            SecurityGroupIds: [!Ref NotebookGroup]
        ```
    """
    value = resource.get("subnet_id")
    if value is None:
        return fail("the notebook instance is not in a VPC of the account (no subnet)", "subnet_id")
    if is_unknown(value) and not refers(resource, ("subnet_id",), ctx):
        return unknown(reason(value, "subnet_id"), "subnet_id")
    return ok()


@rule(
    code="AWS-SAGEMAKER-005",
    name="sagemaker-notebook-imdsv1-allowed",
    kind=NOTEBOOK,
    severity=Severity.MEDIUM,
    tags=["sagemaker", "imds"],
)
def sagemaker_notebook_imdsv1_allowed(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker notebook instance still answers IMDSv1.

    What it checks
        ``minimum_instance_metadata_service_version`` must be ``2``; SageMaker defaults to ``1``
        (both versions answered).
    Why it matters
        IMDSv1 answers any request that reaches it, so a server-side request forgery in a
        notebook's code or packages hands out the execution role's credentials.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_notebook_instance" "lab" {
          instance_metadata_service_configuration {
            minimum_instance_metadata_service_version = "2"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Lab:
          Type: AWS::SageMaker::NotebookInstance
          Properties:
            InstanceMetadataServiceConfiguration:
              MinimumInstanceMetadataServiceVersion: "2"
        ```
    """
    return setting(
        resource,
        "minimum_instance_metadata_service_version",
        lambda version: version != "2",
        "the notebook instance answers IMDSv1 (minimum version is not 2)",
    )


@rule(
    code="AWS-SAGEMAKER-006",
    name="sagemaker-endpoint-config-without-kms-key",
    kind=ENDPOINT_CONFIG,
    severity=Severity.MEDIUM,
    tags=["sagemaker", "encryption-at-rest"],
)
def sagemaker_endpoint_config_without_kms_key(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker endpoint configuration's storage is not encrypted with a key of the account.

    What it checks
        ``kms_key_id`` must name a customer-managed KMS key (none means an AWS managed key).
    Why it matters
        The storage volumes attached to the endpoint's instances hold the model and what it
        processes; a key of the account controls and logs who may read them.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_endpoint_configuration" "serve" {
          kms_key_arn = aws_kms_key.sagemaker.arn
        }
        ```

        CloudFormation:

        ```yaml
        Serve:
          Type: AWS::SageMaker::EndpointConfig
          Properties:
            KmsKeyId: !Ref SageMakerKey
        ```
    """
    return names_customer_key(
        resource,
        "kms_key_id",
        ctx,
        "the endpoint's storage is not encrypted with a KMS key of the account",
    )


@rule(
    code="AWS-SAGEMAKER-007",
    name="sagemaker-endpoint-single-instance",
    kind=ENDPOINT_CONFIG,
    severity=Severity.LOW,
    frameworks={FSBP: ["SageMaker.4"]},
    tags=["sagemaker", "availability"],
)
def sagemaker_endpoint_single_instance(resource: Resource, ctx: Context) -> Verdicts:
    """A SageMaker endpoint configuration runs a production variant on a single instance.

    What it checks
        Every production variant with instances must have ``initial_instance_count`` above 1
        (serverless variants have none and pass).
    Why it matters
        SageMaker spreads the instances of a variant over Availability Zones: a single instance
        is a single point of failure for the endpoint.
    How to fix
        Terraform:

        ```hcl
        production_variants {
          variant_name           = "main"
          model_name             = aws_sagemaker_model.model.name
          instance_type          = "ml.m5.large"
          initial_instance_count = 2
        }
        ```

        CloudFormation:

        ```yaml
        ProductionVariants:
          - VariantName: main
            ModelName: !GetAtt Model.ModelName
            InstanceType: ml.m5.large
            InitialInstanceCount: 2
            InitialVariantWeight: 1
        ```
    """
    variants = resource.get("production_variants")
    if is_unknown(variants):
        return unknown(reason(variants, "production_variants"), "production_variants")
    verdicts: list[Verdict] = []
    for index, variant in enumerate(variants or []):
        count = variant.get("initial_instance_count") if isinstance(variant, dict) else None
        path = ("production_variants", index, "initial_instance_count")
        if is_unknown(count):
            verdicts.append(unknown(reason(count, "the instance count"), path))
        elif count == 1:
            verdicts.append(
                fail(f"variant {variant.get('variant_name')} runs on one instance", path)
            )
    return verdicts or [ok()]


@rule(
    code="AWS-SAGEMAKER-008",
    name="sagemaker-domain-public-internet",
    kind=DOMAIN,
    severity=Severity.MEDIUM,
    tags=["sagemaker", "network"],
)
def sagemaker_domain_public_internet(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker domain sends its Studio traffic through the public internet.

    What it checks
        ``app_network_access_type`` must be ``VpcOnly``; ``PublicInternetOnly`` (the default)
        gives every Studio app direct internet access outside the account's VPC.
    Why it matters
        Studio apps hold the users' data and their execution role's credentials; with direct
        internet access nothing in the account's network filters or logs where that data goes.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_domain" "studio" {
          app_network_access_type = "VpcOnly"
        }
        ```

        CloudFormation:

        ```yaml
        Studio:
          Type: AWS::SageMaker::Domain
          Properties:
            AppNetworkAccessType: VpcOnly
        ```
    """
    return setting(
        resource,
        "app_network_access_type",
        lambda access: access == "PublicInternetOnly",
        "the domain's apps reach the internet directly (PublicInternetOnly)",
    )


@rule(
    code="AWS-SAGEMAKER-009",
    name="sagemaker-domain-without-kms-key",
    kind=DOMAIN,
    severity=Severity.LOW,
    tags=["sagemaker", "encryption-at-rest"],
)
def sagemaker_domain_without_kms_key(resource: Resource, ctx: Context) -> Verdict:
    """A SageMaker domain's storage is not encrypted with a KMS key of the account.

    What it checks
        ``kms_key_id`` must name a customer-managed KMS key (none means an AWS managed key for
        the domain's EFS volume).
    Why it matters
        The domain's EFS volume holds every user's notebooks and data; a key of the account
        controls and logs who may read them.
    How to fix
        Terraform:

        ```hcl
        resource "aws_sagemaker_domain" "studio" {
          kms_key_id = aws_kms_key.sagemaker.arn
        }
        ```

        CloudFormation:

        ```yaml
        Studio:
          Type: AWS::SageMaker::Domain
          Properties:
            KmsKeyId: !Ref SageMakerKey
        ```
    """
    return names_customer_key(
        resource,
        "kms_key_id",
        ctx,
        "the domain's storage is not encrypted with a KMS key of the account",
    )
