"""Parameter values for templates: ``--cfn-param Key=Value``, parameter files, pseudo parameters.

Parameter files use the AWS CLI's shape (``aws cloudformation create-stack --parameters
file://params.json``): ``[{"ParameterKey": "Env", "ParameterValue": "prod"}, ...]``; the
``{"Parameters": {"Env": "prod"}}`` shape of CodePipeline template configurations is read too.

Pseudo parameters have no static value, with one exception, ``AWS::NoValue`` (it removes the
property). ``AWS::Partition`` and ``AWS::URLSuffix`` follow from the region when the region is
known; everything else is ``Unknown`` unless given like a parameter
(``--cfn-param AWS::Region=eu-west-1``, ``--cfn-param AWS::AccountId=123456789012``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate.errors import UsageError
from iacgate.model.unknown import Unknown

PSEUDO_PARAMETERS = (
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
)
NO_VALUE = "AWS::NoValue"

# Region prefix -> partition, most specific first (us-isob- before us-iso-).
_PARTITIONS = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isof-", "aws-iso-f"),
)
# Only the suffixes AWS documents for the public partitions; the isolated ones differ.
_URL_SUFFIXES = {
    "aws": "amazonaws.com",
    "aws-cn": "amazonaws.com.cn",
    "aws-us-gov": "amazonaws.com",
}


class ParameterError(UsageError, ValueError):
    """A parameter given on the command line or in a file is malformed (a usage error)."""


@dataclass(frozen=True, slots=True)
class CloudFormationOptions:
    """How to read templates: parameter values (pseudo parameters included), the stack name
    (part of every resource's scope) and whether to run cfn-lint's own checks."""

    parameters: Mapping[str, str] = field(default_factory=dict)
    stack_name: str | None = None
    validate: bool = False
    # Where a parameter's value was written, when a parameter file gave it: (file, line), the
    # file as the scan names it. A finding whose value came from there names the line, and the
    # pre-commit hook reports it when the parameter file changes.
    origins: Mapping[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def parameter_files(self) -> frozenset[str]:
        return frozenset(file for file, _ in self.origins.values())

    @property
    def region(self) -> str | None:
        return self.parameters.get("AWS::Region")


def parse_assignment(text: str) -> tuple[str, str]:
    """``Key=Value`` (the value may contain ``=``)."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ParameterError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def parse_parameter_file(path: Path) -> dict[str, str]:
    """Values from an AWS CLI parameter file (or a template configuration file)."""
    try:
        data = json.loads(path.read_text("utf-8-sig"))
    except OSError as exc:
        raise ParameterError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ParameterError(f"{path}: not JSON: {exc}") from None
    return parameter_values(data, str(path))


def value_lines(path: Path, names: Iterable[str]) -> dict[str, int]:
    """The line each parameter's value is written at in a parameter file: the line naming it
    (``"ParameterKey": "Env"`` or ``"Env": "prod"``); 1 when no line does."""
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, ValueError):
        lines = []
    found: dict[str, int] = {}
    for name in names:
        quoted = json.dumps(name)
        found[name] = next((n for n, line in enumerate(lines, 1) if quoted in line), 1)
    return found


def parameter_values(data: Any, origin: str) -> dict[str, str]:
    if isinstance(data, Mapping) and isinstance(data.get("Parameters"), Mapping):
        return {str(k): _text(v, origin, str(k)) for k, v in data["Parameters"].items()}
    if not isinstance(data, list):
        raise ParameterError(
            f"{origin}: expected a list of {{'ParameterKey': ..., 'ParameterValue': ...}}"
        )
    values: dict[str, str] = {}
    for index, item in enumerate(data):
        if not isinstance(item, Mapping) or not isinstance(item.get("ParameterKey"), str):
            raise ParameterError(f"{origin}: entry {index} has no ParameterKey")
        key = item["ParameterKey"]
        if item.get("UsePreviousValue") is True and "ParameterValue" not in item:
            continue  # the deployed stack's value: not known here, so the parameter stays unset
        if "ParameterValue" not in item:
            raise ParameterError(f"{origin}: parameter {key!r} has no ParameterValue")
        values[key] = _text(item["ParameterValue"], origin, key)
    return values


def _text(value: Any, origin: str, key: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    raise ParameterError(f"{origin}: parameter {key!r} must be a string")


def merge(sources: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Later sources win (files in order, then ``--cfn-param`` values)."""
    merged: dict[str, str] = {}
    for source in sources:
        merged.update(source)
    return merged


def partition_of(region: str) -> str:
    for prefix, partition in _PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


def pseudo_values(given: Mapping[str, str], stack_name: str | None) -> dict[str, Any]:
    """Every pseudo parameter except ``AWS::NoValue``: its value, or why it is unknown."""
    values: dict[str, Any] = {}
    for name in PSEUDO_PARAMETERS:
        if name == NO_VALUE:
            continue
        if name in given:
            value: Any = given[name]
            values[name] = value.split(",") if name == "AWS::NotificationARNs" else value
        else:
            values[name] = Unknown(f"{name} is known at deploy time (set --cfn-param {name}=...)")
    if stack_name is not None and "AWS::StackName" not in given:
        values["AWS::StackName"] = stack_name
    region = given.get("AWS::Region")
    if region:
        partition = given.get("AWS::Partition") or partition_of(region)
        values["AWS::Partition"] = partition
        if "AWS::URLSuffix" not in given and partition in _URL_SUFFIXES:
            values["AWS::URLSuffix"] = _URL_SUFFIXES[partition]
    else:
        for name in ("AWS::Partition", "AWS::URLSuffix"):
            if name not in given:
                values[name] = Unknown(
                    f"{name} depends on the region (set --cfn-param AWS::Region=...)"
                )
    return values
