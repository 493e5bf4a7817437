"""AWS Config: a recorder that runs, records every resource type, and global resources too."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Status,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import CIS, FSBP, reason

RECORDER = "aws.config.configuration_recorder"


def _flag(recorder: Resource, name: str, message: str) -> Verdict:
    value = recorder.get(name)
    if is_unknown(value):
        return unknown(reason(value, name.replace("_", " ")), name)
    return ok() if value is True else fail(message, name)


@rule(
    code="AWS-CONFIG-001",
    name="config-recorder-not-recording-all-resources",
    kind=RECORDER,
    severity=Severity.MEDIUM,
    frameworks={CIS: ["3.3"], FSBP: ["Config.1"]},
    tags=["config", "logging"],
)
def config_recorder_not_recording_all_resources(recorder: Resource, ctx: Context) -> list[Verdict]:
    """An AWS Config recorder is stopped, or records only some resource types.

    What it checks
        The recorder is started: a Terraform ``aws_config_configuration_recorder_status`` with
        ``is_enabled = true`` (a recorder alone is created stopped), the API's recording
        status; CloudFormation starts the recorders it creates. And it records every supported
        type: ``recording_group.all_supported`` (Terraform), ``RecordingGroup.AllSupported``
        (CloudFormation) true (the default).
    Why it matters
        Config is the account's history of who changed what. A stopped recorder records
        nothing while the account looks monitored; one limited to a list of types misses every
        other resource, and every type AWS adds later: changes to them leave no trace and no
        Config rule can evaluate them.
    How to fix
        Start the recorder (once its delivery channel exists) and record every supported
        resource type.

        Terraform:

        ```hcl
        resource "aws_config_configuration_recorder" "main" {
          role_arn = aws_iam_role.config.arn
          recording_group {
            all_supported                 = true
            include_global_resource_types = true
          }
        }

        resource "aws_config_configuration_recorder_status" "main" {
          name       = aws_config_configuration_recorder.main.name
          is_enabled = true
          depends_on = [aws_config_delivery_channel.main]
        }
        ```

        CloudFormation:

        ```yaml
        Recorder:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: !GetAtt ConfigRole.Arn
            RecordingGroup:
              AllSupported: true
              IncludeGlobalResourceTypes: true
        ```
    """
    found = [
        _flag(recorder, "recording", "the recorder is not started: nothing is recorded"),
        _flag(recorder, "all_supported", "the recorder records only some resource types"),
    ]
    return [v for v in found if v.status is not Status.PASS] or [ok()]


@rule(
    code="AWS-CONFIG-002",
    name="config-recorder-excludes-global-resources",
    kind=RECORDER,
    severity=Severity.LOW,
    frameworks={CIS: ["3.3"]},
    tags=["config", "logging"],
)
def config_recorder_excludes_global_resources(recorder: Resource, ctx: Context) -> Verdict:
    """An AWS Config recorder leaves out global resources (IAM users, roles, policies).

    What it checks
        ``include_global_resource_types`` (Terraform), ``IncludeGlobalResourceTypes``
        (CloudFormation) must be true; it is false unless asked for.
    Why it matters
        IAM is where privilege escalation happens. Without global resources, Config keeps no
        history of users, roles, groups and policies, the first thing an investigation needs.
        (Record them in one region only, to avoid duplicate items.)
    How to fix
        Include global resource types in one region's recorder.

        Terraform:

        ```hcl
        recording_group {
          all_supported                 = true
          include_global_resource_types = true
        }
        ```

        CloudFormation:

        ```yaml
        RecordingGroup:
          AllSupported: true
          IncludeGlobalResourceTypes: true
        ```
    """
    return _flag(
        recorder,
        "include_global_resource_types",
        "the recorder leaves out global resources (IAM users, roles, groups, policies)",
    )
