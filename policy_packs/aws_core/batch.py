"""AWS Batch: job definitions whose container runs privileged, as root, or with a writable root
filesystem. Plaintext credentials in their environment are the secret detector's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.rules import Context, Resource, Severity, Verdict, fail, is_unknown, ok, rule, unknown

from ._aws import reason

JOB_DEFINITION = "aws.batch.job_definition"
_ROOT_USERS = frozenset({"root", "0"})


def _container(job: Resource) -> tuple[Mapping[str, Any] | None, Verdict | None]:
    """The container properties, or the verdict when there are none to judge."""
    container = job.get("container")
    if is_unknown(container):
        return None, unknown(reason(container, "the container properties"), "container")
    if not isinstance(container, Mapping):
        return None, ok()  # a multi-node job: its node ranges are not modelled
    return container, None


@rule(
    code="AWS-BATCH-001",
    name="batch-job-definition-privileged-container",
    kind=JOB_DEFINITION,
    severity=Severity.HIGH,
    tags=["batch", "containers"],
)
def batch_job_definition_privileged_container(job: Resource, ctx: Context) -> Verdict:
    """An AWS Batch job definition runs its container privileged.

    What it checks
        ``containerProperties.privileged`` must not be true.
    Why it matters
        A privileged container has every capability and device of the compute environment's
        instance: the job, or whatever input exploits it, owns the host and the other jobs on
        it.
    How to fix
        Remove ``privileged``.

        Terraform:

        ```hcl
        resource "aws_batch_job_definition" "etl" {
          name = "etl"
          type = "container"
          container_properties = jsonencode({
            image      = "public.ecr.aws/amazonlinux/amazonlinux:2023"
            privileged = false
            resourceRequirements = [
              { type = "VCPU", value = "1" },
              { type = "MEMORY", value = "2048" },
            ]
          })
        }
        ```

        CloudFormation:

        ```yaml
        Etl:
          Type: AWS::Batch::JobDefinition
          Properties:
            Type: container
            ContainerProperties:
              Image: public.ecr.aws/amazonlinux/amazonlinux:2023
              Privileged: false
        ```
    """
    container, verdict = _container(job)
    if container is None:
        return verdict or ok()
    value = container.get("privileged")
    if is_unknown(value):
        return unknown(reason(value, "privileged"), ("container", "privileged"))
    if value is True:
        return fail("the job's container runs privileged", ("container", "privileged"))
    return ok()


@rule(
    code="AWS-BATCH-002",
    name="batch-job-definition-runs-as-root",
    kind=JOB_DEFINITION,
    severity=Severity.MEDIUM,
    tags=["batch", "containers"],
)
def batch_job_definition_runs_as_root(job: Resource, ctx: Context) -> Verdict:
    """An AWS Batch job's container runs as root.

    What it checks
        ``containerProperties.user`` must name a non-root user (not ``root``, ``0`` or
        ``0:<group>``). Unset, the image's ``USER`` decides, which is root unless the image
        names another: that fails too.
    Why it matters
        Root in the container is root on the host's kernel: a kernel bug or a mounted host
        path turns a compromised job into a compromised instance.
    How to fix
        Run the job as an unprivileged user.

        Terraform:

        ```hcl
        resource "aws_batch_job_definition" "etl" {
          name = "etl"
          type = "container"
          container_properties = jsonencode({
            image = "public.ecr.aws/amazonlinux/amazonlinux:2023"
            user  = "1000"
          })
        }
        ```

        CloudFormation:

        ```yaml
        Etl:
          Type: AWS::Batch::JobDefinition
          Properties:
            Type: container
            ContainerProperties:
              Image: public.ecr.aws/amazonlinux/amazonlinux:2023
              User: "1000"
        ```
    """
    container, verdict = _container(job)
    if container is None:
        return verdict or ok()
    user = container.get("user")
    path = ("container", "user")
    if is_unknown(user):
        return unknown(reason(user, "the user"), path)
    if user is None:
        return fail("the job names no user: the image's (root unless it says) runs", path)
    if str(user).split(":", 1)[0] in _ROOT_USERS:
        return fail("the job's container runs as root", path)
    return ok()


@rule(
    code="AWS-BATCH-003",
    name="batch-job-definition-writable-root-filesystem",
    kind=JOB_DEFINITION,
    severity=Severity.LOW,
    tags=["batch", "containers"],
)
def batch_job_definition_writable_root_filesystem(job: Resource, ctx: Context) -> Verdict:
    """An AWS Batch job's container can write to its root filesystem.

    What it checks
        ``containerProperties.readonlyRootFilesystem`` must be true (unset is writable).
    Why it matters
        A writable root filesystem lets a compromised job alter its own binaries and stage
        tools; a read-only one confines writes to declared volumes.
    How to fix
        Make the root filesystem read-only and mount volumes where the job writes.

        Terraform:

        ```hcl
        resource "aws_batch_job_definition" "etl" {
          name = "etl"
          type = "container"
          container_properties = jsonencode({
            image                  = "public.ecr.aws/amazonlinux/amazonlinux:2023"
            readonlyRootFilesystem = true
          })
        }
        ```

        CloudFormation:

        ```yaml
        Etl:
          Type: AWS::Batch::JobDefinition
          Properties:
            Type: container
            ContainerProperties:
              Image: public.ecr.aws/amazonlinux/amazonlinux:2023
              ReadonlyRootFilesystem: true
        ```
    """
    container, verdict = _container(job)
    if container is None:
        return verdict or ok()
    value = container.get("readonly_root_filesystem")
    path = ("container", "readonly_root_filesystem")
    if value is True:
        return ok()
    if is_unknown(value):
        return unknown(reason(value, "readonlyRootFilesystem"), path)
    return fail("the job's container can write to its root filesystem", path)
