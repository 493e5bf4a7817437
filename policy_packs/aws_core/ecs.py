"""ECS: Container Insights and Exec logging on clusters; privileged, root, writable and unlogged
containers, host namespaces and unencrypted EFS volumes in task definitions; public addresses
and Fargate platform versions of services.

Plaintext credentials in container environments are the secret detector's (one rule across
services); these rules never read variable values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from iacgate.rules import (
    AttrPath,
    Context,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, chosen_by_aws, is_set, reason, summarize

CLUSTER = "aws.ecs.cluster"
TASK_DEFINITION = "aws.ecs.task_definition"
SERVICE = "aws.ecs.service"


def _containers(task: Resource) -> Iterator[tuple[AttrPath, Any]]:
    """(path, container) for every container; one (path, Unknown) when the list is unknown."""
    containers = task.get("containers")
    if is_unknown(containers):
        yield ("containers",), containers
        return
    for index, container in enumerate(containers if isinstance(containers, list) else []):
        if isinstance(container, Mapping) or is_unknown(container):
            yield ("containers", index), container


def _label(container: Any) -> str:
    name = container.get("name") if isinstance(container, Mapping) else None
    return f"container {name!r}" if isinstance(name, str) else "a container"


def _per_container(
    task: Resource, judge: Callable[[Mapping[str, Any], AttrPath, str], Verdict | None]
) -> list[Verdict]:
    """Each container judged (``judge`` returns a failure or unknown, or None when fine)."""
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for path, container in _containers(task):
        if is_unknown(container):
            unknowns.append(unknown(reason(container, "the container definitions"), path))
            continue
        verdict = judge(container, path, _label(container))
        if verdict is None:
            continue
        (fails if verdict.status.value == "fail" else unknowns).append(verdict)
    return summarize(fails, unknowns)


@rule(
    code="AWS-ECS-001",
    name="ecs-cluster-container-insights-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["ECS.12"]},
    tags=["ecs", "logging"],
)
def ecs_cluster_container_insights_disabled(cluster: Resource, ctx: Context) -> Verdict:
    """An ECS cluster does not collect Container Insights.

    What it checks
        The cluster's ``containerInsights`` setting must be ``enabled`` or ``enhanced``.
        Unset, the account's default applies, which is off unless the account turned it on:
        that fails too.
    Why it matters
        Without Container Insights there are no per-task CPU, memory, network and restart
        metrics: crash loops, resource exhaustion and unexpected workloads go unseen.
    How to fix
        Turn Container Insights on for the cluster.

        Terraform:

        ```hcl
        resource "aws_ecs_cluster" "main" {
          name = "main"
          setting {
            name  = "containerInsights"
            value = "enabled"
          }
        }
        ```

        CloudFormation:

        ```yaml
        Main:
          Type: AWS::ECS::Cluster
          Properties:
            ClusterSettings:
              - Name: containerInsights
                Value: enabled
        ```
    """
    value = cluster.get("container_insights")
    if value in ("enabled", "enhanced"):
        return ok()
    if chosen_by_aws(value):
        return fail(
            "Container Insights is not set: the account default (off unless turned on) decides",
            "container_insights",
        )
    if is_unknown(value):
        return unknown(reason(value, "the containerInsights setting"), "container_insights")
    return fail("Container Insights is disabled", "container_insights")


@rule(
    code="AWS-ECS-002",
    name="ecs-cluster-exec-logging-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    tags=["ecs", "logging"],
)
def ecs_cluster_exec_logging_disabled(cluster: Resource, ctx: Context) -> Verdict:
    """An ECS cluster turns off the logging of ECS Exec sessions.

    What it checks
        ``execute_command_logging`` must not be ``NONE`` (DEFAULT logs to the task's awslogs
        configuration; OVERRIDE to a named log group or bucket).
    Why it matters
        ECS Exec opens an interactive shell in a running container; with logging off, the
        commands an operator or an intruder typed there leave no record.
    How to fix
        Keep the default, or log to a chosen destination.

        Terraform:

        ```hcl
        resource "aws_ecs_cluster" "main" {
          name = "main"
          configuration {
            execute_command_configuration {
              logging = "DEFAULT"
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Main:
          Type: AWS::ECS::Cluster
          Properties:
            Configuration:
              ExecuteCommandConfiguration:
                Logging: DEFAULT
        ```
    """
    value = cluster.get("execute_command_logging")
    if is_unknown(value):
        return unknown(reason(value, "the ECS Exec logging"), "execute_command_logging")
    if value == "NONE":
        return fail("ECS Exec sessions are not logged", "execute_command_logging")
    return ok()


@rule(
    code="AWS-ECS-003",
    name="ecs-task-definition-privileged-container",
    kind=TASK_DEFINITION,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ECS.4"]},
    tags=["ecs", "containers"],
)
def ecs_task_definition_privileged_container(task: Resource, ctx: Context) -> list[Verdict]:
    """An ECS task definition runs a privileged container.

    What it checks
        No container may set ``privileged`` to true.
    Why it matters
        A privileged container has every capability and every device of the host: breaking
        out to the instance, and to every other task on it, is one command away.
    How to fix
        Remove ``privileged``; grant the few Linux capabilities the container needs instead.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          container_definitions = jsonencode([{
            name       = "app"
            image      = "public.ecr.aws/nginx/nginx:1.27"
            privileged = false
          }])
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: public.ecr.aws/nginx/nginx:1.27
                Privileged: false
        ```
    """

    def judge(container: Mapping[str, Any], path: AttrPath, label: str) -> Verdict | None:
        value = container.get("privileged")
        if value is True:
            return fail(f"{label} runs privileged", (*path, "privileged"))
        if is_unknown(value):
            return unknown(reason(value, "privileged"), (*path, "privileged"))
        return None

    return _per_container(task, judge)


@rule(
    code="AWS-ECS-004",
    name="ecs-task-definition-host-network-mode",
    kind=TASK_DEFINITION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ECS.1"]},
    tags=["ecs", "containers", "network"],
)
def ecs_task_definition_host_network_mode(task: Resource, ctx: Context) -> Verdict:
    """An ECS task definition shares the host's network namespace.

    What it checks
        ``network_mode`` must not be ``host``.
    Why it matters
        In host mode, the containers bind the instance's own interfaces: they reach the
        instance metadata service and every local service, bypass awsvpc security groups, and
        a root user in them acts on the host's network stack.
    How to fix
        Use ``awsvpc`` (each task its own interface and security groups) or ``bridge``.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family       = "app"
          network_mode = "awsvpc"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
        ```
    """
    mode = task.get("network_mode")
    if is_unknown(mode):
        return unknown(reason(mode, "the network mode"), "network_mode")
    if mode == "host":
        return fail("the task uses the host's network namespace", "network_mode")
    return ok()


_ROOT_USERS = frozenset({"root", "0"})


@rule(
    code="AWS-ECS-005",
    name="ecs-task-definition-container-runs-as-root",
    kind=TASK_DEFINITION,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ECS.1"]},
    tags=["ecs", "containers"],
)
def ecs_task_definition_container_runs_as_root(task: Resource, ctx: Context) -> list[Verdict]:
    """An ECS container runs as root.

    What it checks
        Every container must name a non-root ``user`` (not ``root``, ``0``, or ``0:<group>``).
        Unset, the image's ``USER`` decides, which is root unless the image names another:
        that fails too.
    Why it matters
        A process running as root in the container is root on the host's kernel: with any
        kernel bug, mounted host path or added capability, an exploit of the application
        becomes the instance's.
    How to fix
        Run as an unprivileged user.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          container_definitions = jsonencode([{
            name  = "app"
            image = "public.ecr.aws/nginx/nginx:1.27"
            user  = "1000:1000"
          }])
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: public.ecr.aws/nginx/nginx:1.27
                User: "1000:1000"
        ```
    """

    def judge(container: Mapping[str, Any], path: AttrPath, label: str) -> Verdict | None:
        user = container.get("user")
        at = (*path, "user")
        if is_unknown(user):
            return unknown(reason(user, "the user"), at)
        if user is None:
            return fail(f"{label} names no user: the image's (root unless it says) runs", at)
        if str(user).split(":", 1)[0] in _ROOT_USERS:
            return fail(f"{label} runs as root", at)
        return None

    return _per_container(task, judge)


@rule(
    code="AWS-ECS-006",
    name="ecs-task-definition-writable-root-filesystem",
    kind=TASK_DEFINITION,
    severity=Severity.LOW,
    frameworks={FSBP: ["ECS.5"]},
    tags=["ecs", "containers"],
)
def ecs_task_definition_writable_root_filesystem(task: Resource, ctx: Context) -> list[Verdict]:
    """An ECS container can write to its root filesystem.

    What it checks
        Every container must set ``readonlyRootFilesystem`` to true (unset is writable).
    Why it matters
        A writable root filesystem lets an intruder drop tools, alter binaries and persist
        until the task is replaced; a read-only one confines writes to declared volumes.
    How to fix
        Make the root filesystem read-only and mount volumes where the application writes.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          container_definitions = jsonencode([{
            name                   = "app"
            image                  = "public.ecr.aws/nginx/nginx:1.27"
            readonlyRootFilesystem = true
          }])
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: public.ecr.aws/nginx/nginx:1.27
                ReadonlyRootFilesystem: true
        ```
    """

    def judge(container: Mapping[str, Any], path: AttrPath, label: str) -> Verdict | None:
        value = container.get("readonly_root_filesystem")
        at = (*path, "readonly_root_filesystem")
        if value is True:
            return None
        if is_unknown(value):
            return unknown(reason(value, "readonlyRootFilesystem"), at)
        return fail(f"{label} can write to its root filesystem", at)

    return _per_container(task, judge)


@rule(
    code="AWS-ECS-007",
    name="ecs-task-definition-shares-host-pid-namespace",
    kind=TASK_DEFINITION,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ECS.3"]},
    tags=["ecs", "containers"],
)
def ecs_task_definition_shares_host_pid_namespace(task: Resource, ctx: Context) -> Verdict:
    """An ECS task definition shares the host's process namespace.

    What it checks
        ``pid_mode`` must not be ``host``.
    Why it matters
        The containers see, signal and (as root) trace every process on the instance, those
        of other tasks and of the ECS agent included: their memory and secrets are exposed.
    How to fix
        Leave ``pidMode`` unset, or use ``task`` to share processes within the task only.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family   = "app"
          pid_mode = "task"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            PidMode: task
        ```
    """
    mode = task.get("pid_mode")
    if is_unknown(mode):
        return unknown(reason(mode, "the PID mode"), "pid_mode")
    if mode == "host":
        return fail("the task shares the host's process namespace", "pid_mode")
    return ok()


@rule(
    code="AWS-ECS-008",
    name="ecs-task-definition-shares-host-ipc-namespace",
    kind=TASK_DEFINITION,
    severity=Severity.MEDIUM,
    tags=["ecs", "containers"],
)
def ecs_task_definition_shares_host_ipc_namespace(task: Resource, ctx: Context) -> Verdict:
    """An ECS task definition shares the host's IPC namespace.

    What it checks
        ``ipc_mode`` must not be ``host``.
    Why it matters
        The containers read and write the shared memory segments and semaphores of every
        process on the instance, other tasks included.
    How to fix
        Leave ``ipcMode`` unset, or use ``task`` or ``none``.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family   = "app"
          ipc_mode = "task"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            IpcMode: task
        ```
    """
    mode = task.get("ipc_mode")
    if is_unknown(mode):
        return unknown(reason(mode, "the IPC mode"), "ipc_mode")
    if mode == "host":
        return fail("the task shares the host's IPC namespace", "ipc_mode")
    return ok()


@rule(
    code="AWS-ECS-009",
    name="ecs-task-definition-container-without-logging",
    kind=TASK_DEFINITION,
    severity=Severity.LOW,
    frameworks={FSBP: ["ECS.9"]},
    tags=["ecs", "logging"],
)
def ecs_task_definition_container_without_logging(task: Resource, ctx: Context) -> list[Verdict]:
    """An ECS container has no logging configuration.

    What it checks
        Every container must have a ``logConfiguration`` with a log driver.
    Why it matters
        Without one, the container's output stays on the instance (or, on Fargate, is
        discarded): there is nothing to investigate an incident with.
    How to fix
        Send the logs somewhere (awslogs to CloudWatch Logs, FireLens, ...).

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          container_definitions = jsonencode([{
            name  = "app"
            image = "public.ecr.aws/nginx/nginx:1.27"
            logConfiguration = {
              logDriver = "awslogs"
              options = {
                awslogs-group         = "/ecs/app"
                awslogs-region        = "us-east-1"
                awslogs-stream-prefix = "app"
              }
            }
          }])
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: public.ecr.aws/nginx/nginx:1.27
                LogConfiguration:
                  LogDriver: awslogs
        ```
    """

    def judge(container: Mapping[str, Any], path: AttrPath, label: str) -> Verdict | None:
        driver = container.get("log_driver")
        at = (*path, "log_driver")
        if is_unknown(driver):
            return unknown(reason(driver, "the log driver"), at)
        if driver is None:
            return fail(f"{label} has no logging configuration", at)
        return None

    return _per_container(task, judge)


@rule(
    code="AWS-ECS-010",
    name="ecs-task-definition-efs-volume-unencrypted-in-transit",
    kind=TASK_DEFINITION,
    severity=Severity.MEDIUM,
    tags=["ecs", "efs", "encryption-in-transit"],
)
def ecs_task_definition_efs_volume_unencrypted_in_transit(
    task: Resource, ctx: Context
) -> list[Verdict]:
    """An ECS task mounts an EFS volume without encryption in transit.

    What it checks
        Every EFS volume must set ``transitEncryption`` to ``ENABLED`` (it is off unless
        asked for).
    Why it matters
        Without TLS, the files travel in clear between the task and the file system, readable
        by anything that sees the traffic.
    How to fix
        Enable transit encryption on the volume.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          volume {
            name = "data"
            efs_volume_configuration {
              file_system_id     = aws_efs_file_system.data.id
              transit_encryption = "ENABLED"
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Volumes:
              - Name: data
                EFSVolumeConfiguration:
                  FilesystemId: !Ref Data
                  TransitEncryption: ENABLED
        ```
    """
    volumes = task.get("volumes")
    if is_unknown(volumes):
        return [unknown(reason(volumes, "the volumes"), "volumes")]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, volume in enumerate(volumes if isinstance(volumes, list) else []):
        if not isinstance(volume, Mapping) or volume.get("efs_file_system_id") is None:
            continue
        value = volume.get("efs_transit_encryption")
        at = ("volumes", index, "efs_transit_encryption")
        name = volume.get("name")
        label = f"volume {name!r}" if isinstance(name, str) else "an EFS volume"
        if is_unknown(value):
            unknowns.append(unknown(reason(value, "transit encryption"), at))
        elif value != "ENABLED":
            fails.append(fail(f"{label} mounts EFS without TLS", at))
    return summarize(fails, unknowns)


@rule(
    code="AWS-ECS-011",
    name="ecs-service-assigns-public-ip",
    kind=SERVICE,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ECS.2"]},
    tags=["ecs", "public-exposure"],
)
def ecs_service_assigns_public_ip(service: Resource, ctx: Context) -> Verdict:
    """An ECS service gives its tasks public IP addresses.

    What it checks
        ``assign_public_ip`` (awsvpc network configuration) must not be true.
    Why it matters
        Each task gets an address reachable from the internet, with its security groups as
        the only barrier; tasks behind a load balancer need none, and pull images through a
        NAT gateway or VPC endpoints.
    How to fix
        Do not assign public addresses.

        Terraform:

        ```hcl
        resource "aws_ecs_service" "app" {
          name            = "app"
          task_definition = aws_ecs_task_definition.app.arn
          network_configuration {
            subnets          = [aws_subnet.private.id]
            assign_public_ip = false
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref AppTask
            NetworkConfiguration:
              AwsvpcConfiguration:
                Subnets: [!Ref Private]
                AssignPublicIp: DISABLED
        ```
    """
    value = service.get("assign_public_ip")
    if is_unknown(value):
        return unknown(reason(value, "assign_public_ip"), "assign_public_ip")
    if value is True:
        return fail("the service's tasks get public IP addresses", "assign_public_ip")
    return ok()


# Fargate's newest platform versions (LATEST resolves to them): Linux 1.4.0, Windows 1.0.0.
_LATEST_FARGATE = frozenset({"LATEST", "1.4.0", "1.0.0"})


@rule(
    code="AWS-ECS-012",
    name="ecs-fargate-service-old-platform-version",
    kind=SERVICE,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ECS.10"]},
    tags=["ecs", "patching"],
)
def ecs_fargate_service_old_platform_version(service: Resource, ctx: Context) -> Verdict:
    """An ECS Fargate service is pinned to an old Fargate platform version.

    What it checks
        A service with launch type ``FARGATE`` must run ``LATEST`` (the default) or the
        newest version (1.4.0 on Linux, 1.0.0 on Windows).
    Why it matters
        Older platform versions miss the kernel, runtime and agent security fixes of the
        newer ones (and features such as EFS volumes and ephemeral storage encryption).
    How to fix
        Leave the platform version unset, or set it to ``LATEST``.

        Terraform:

        ```hcl
        resource "aws_ecs_service" "app" {
          name             = "app"
          launch_type      = "FARGATE"
          platform_version = "LATEST"
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            PlatformVersion: LATEST
        ```
    """
    launch = service.get("launch_type")
    if is_unknown(launch):
        version = service.get("platform_version")
        if version is None or (isinstance(version, str) and version in _LATEST_FARGATE):
            return ok()  # the latest platform, whatever the launch type
        return unknown(reason(launch, "the launch type"), "launch_type")
    if launch != "FARGATE":
        return ok()
    version = service.get("platform_version")
    if is_unknown(version):
        return unknown(reason(version, "the platform version"), "platform_version")
    if version is None or version in _LATEST_FARGATE:
        return ok()
    return fail(f"the service runs Fargate platform version {version}", "platform_version")


@rule(
    code="AWS-ECS-013",
    name="ecs-cluster-exec-sessions-not-encrypted-with-kms",
    kind=CLUSTER,
    severity=Severity.LOW,
    tags=["ecs", "encryption-in-transit"],
)
def ecs_cluster_exec_sessions_not_encrypted_with_kms(cluster: Resource, ctx: Context) -> Verdict:
    """An ECS cluster does not encrypt ECS Exec sessions with a KMS key of its own.

    What it checks
        ``execute_command_configuration.kms_key_id`` must name a KMS key.
    Why it matters
        ECS Exec sessions carry interactive shell input and output, credentials typed in
        them included. Without a key they rely on TLS alone, and access to them is not
        governed by a key policy that can be audited and revoked.
    How to fix
        Encrypt Exec sessions with a customer-managed key.

        Terraform:

        ```hcl
        resource "aws_ecs_cluster" "main" {
          name = "main"
          configuration {
            execute_command_configuration {
              kms_key_id = aws_kms_key.exec.arn
            }
          }
        }
        ```

        CloudFormation:

        ```yaml
        Main:
          Type: AWS::ECS::Cluster
          Properties:
            Configuration:
              ExecuteCommandConfiguration:
                KmsKeyId: !Ref ExecKey
        ```
    """
    found = is_set(cluster, ("execute_command_kms_key_id",), ctx)
    if found is True:
        return ok()
    if is_unknown(found):
        return unknown(reason(found, "the ECS Exec key"), "execute_command_kms_key_id")
    return fail("ECS Exec sessions are not encrypted with a KMS key", "execute_command_kms_key_id")


@rule(
    code="AWS-ECS-014",
    name="ecs-task-definition-mounts-host-path",
    kind=TASK_DEFINITION,
    severity=Severity.MEDIUM,
    tags=["ecs", "containers"],
)
def ecs_task_definition_mounts_host_path(task: Resource, ctx: Context) -> list[Verdict]:
    """An ECS task definition mounts a path of the host's filesystem.

    What it checks
        No volume may name a ``host.sourcePath`` (bind mount of the instance's filesystem).
        Docker volumes, EFS and FSx volumes and task-scoped scratch volumes pass.
    Why it matters
        A bind mount exposes the instance's files to the task: the Docker socket, the ECS
        agent's credentials or another task's data are one path away, and a writable mount
        lets the task change the host.
    How to fix
        Use an EFS volume, a Docker volume, or task storage instead.

        Terraform:

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          family = "app"
          volume {
            name = "scratch"
          }
        }
        ```

        CloudFormation:

        ```yaml
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Volumes:
              - Name: scratch
        ```
    """
    volumes = task.get("volumes")
    if is_unknown(volumes):
        return [unknown(reason(volumes, "the volumes"), "volumes")]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for index, volume in enumerate(volumes if isinstance(volumes, list) else []):
        if not isinstance(volume, Mapping):
            continue
        path = volume.get("host_path")
        at = ("volumes", index, "host_path")
        if is_unknown(path):
            unknowns.append(unknown(reason(path, "the host path"), at))
        elif path is not None:
            fails.append(fail(f"a volume mounts the host's {path}", at))
    return summarize(fails, unknowns)
