"""The declared side of AWS drift: Terraform state or plan JSON, CloudFormation templates
(matched to a deployed stack with ``--stack``), and Terraform configurations.

A Terraform state names every resource's physical id. A template does not: with a stack, each
logical id's ``PhysicalResourceId`` (``DescribeStackResources``) becomes the resource's
physical id, and the template is read with the parameter values the stack was deployed with.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from iacgate.drift.run import Declared
from iacgate.live.aws.stacks import Stack
from iacgate.model.aws import PHYSICAL_ID, physical_id
from iacgate.model.diagnostics import Diagnostic, DiagnosticKind
from iacgate.model.resource import Resource
from iacgate.model.results import FileResult
from iacgate.model.unknown import is_unknown
from iacgate.pipeline import build_graph, read_inputs, read_plan
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.discovery import display_path

_TERRAFORM_JSON = (".json", ".tfstate")


def _terraform_document(path: Path) -> bool:
    if not path.is_file() or not path.name.endswith(_TERRAFORM_JSON):
        return False
    from iacgate.sources.terraform.plan import document_kind

    try:
        with path.open("rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return False
    return document_kind(data) is not None


def stack_options(stack: Stack) -> CloudFormationOptions:
    """The template's parameters as the stack was deployed (pseudo parameters included)."""
    parameters = dict(stack.parameters)
    parameters.update(
        {
            "AWS::StackName": stack.name,
            "AWS::Region": stack.region,
            "AWS::AccountId": stack.account,
            "AWS::Partition": stack.partition,
        }
    )
    return CloudFormationOptions(parameters, stack_name=stack.name)


def read_declared_aws(
    paths: Sequence[str], root: Path, cloudformation: CloudFormationOptions | None = None
) -> Declared:
    """Terraform plan/state JSON files are read as such; everything else (templates,
    configuration directories) as a scan would read it."""
    results: list[FileResult] = []
    others: list[str] = []
    for item in paths:
        path = Path(item)
        if _terraform_document(path):
            read = read_plan(path, display_path(path, root), config_dir=None, scan_root=root)
            results.append(read.result)
        else:
            others.append(item)
    skipped: list[Diagnostic] = []
    if others:
        found, skipped = read_inputs(others, root, cloudformation=cloudformation)
        results.extend(found)
    errors = [d for r in results for d in r.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
    skipped += [
        d for r in results for d in r.diagnostics if d.kind is not DiagnosticKind.PARSE_ERROR
    ]
    return Declared(build_graph(results), tuple(paths), tuple(errors), tuple(skipped))


def _with_physical(resource: Resource, value: str) -> Resource:
    name = PHYSICAL_ID.get(resource.kind)
    attributes: dict[str, Any] = dict(resource.attributes)
    if name is not None:
        current = attributes.get(name)
        if current is None or is_unknown(current):
            attributes[name] = value
    return replace(
        resource, attributes=attributes, physical_id=physical_id(resource.kind, attributes) or value
    )


def apply_stack(declared: Declared, stack: Stack) -> Declared:
    """Give every template resource its deployed physical id (and the values that follow from
    it: a bucket policy's bucket, a stage's ARN)."""
    deployed = {logical: item.physical_id for logical, item in stack.resources.items()}
    out: list[Resource] = []
    for resource in declared.graph.resources():
        if resource.source != "cloudformation":
            out.append(resource)
            continue
        references = dict(
            (tuple(path), target) for path, target in resource.origin.get("references", ())
        )
        if resource.kind == "aws.s3.bucket_policy":
            bucket = deployed.get(references.get(("bucket",), ""))
            out.append(_with_physical(resource, bucket) if bucket else resource)
            continue
        physical = deployed.get(resource.address)
        if resource.kind == "aws.apigateway.stage" and physical:
            api = resource.attributes.get("rest_api_id")
            if is_unknown(api) or api is None:
                api = deployed.get(references.get(("rest_api_id",), ""))
            if isinstance(api, str):
                attributes = dict(resource.attributes, rest_api_id=api, stage_name=physical)
                resource = replace(resource, attributes=attributes)
                physical = (
                    f"arn:{stack.partition}:apigateway:{stack.region}::/restapis/{api}/stages/"
                    f"{physical}"
                )
        out.append(_with_physical(resource, physical) if physical else resource)
    spans = {r.key: dict(declared.graph.locations.paths(r.key)) for r in out}
    graph = build_graph([FileResult("<declared>", resources=out, spans=spans, recognised=True)])
    return replace(declared, graph=graph)
