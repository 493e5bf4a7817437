"""Every canonical AWS kind, declared once (``model/aws/declaration.py``), one module per
service. The registry is this visible list: a new service is one more name here.

A scan imports only the declarations of the kinds it meets. Which service declares each kind,
and which kind each Terraform and CloudFormation type makes or folds into, is read from
``index.json`` beside this file (generated with the schema by ``schema.write()``; a test keeps
it current). Every declaration is imported on first use of ``SERVICES``, ``KINDS`` or
``BY_NAME`` (the schema, drift, the live collector, the docs).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iacgate.model.aws.declaration import AwsKind

    SERVICES: tuple[ModuleType, ...]
    KINDS: tuple[AwsKind, ...]
    BY_NAME: dict[str, AwsKind]

SERVICE_NAMES: tuple[str, ...] = (
    "s3",
    "ec2",
    "ec2_network",
    "iam",
    "rds",
    "kms",
    "cloudtrail",
    "lambda_",
    "dynamodb",
    "sqs",
    "sns",
    "eks",
    "elbv2",
    "ecr",
    "secretsmanager",
    "logs",
    "apigateway",
    "cloudfront",
    "efs",
    "opensearch",
    "redshift",
    "elasticache",
    "neptune",
    "docdb",
    "dax",
    "msk",
    "mq",
    "dms",
    "kinesis",
    "backup",
    "config",
    "guardduty",
    "securityhub",
    "cloudwatch",
    "glacier",
    "elb",
    "acm",
    "wafv2",
    "route53",
    "appsync",
    "athena",
    "codebuild",
    "cognito",
    "events",
    "glue",
    "sagemaker",
    "ses",
    "ssm",
    "stepfunctions",
    "transfer",
    "launch_template",
    "autoscaling",
    "ecs",
    "emr",
    "workspaces",
    "batch",
    "directoryservice",
    "amplify",
    "terraform",
)

INDEX_FILE = Path(__file__).with_name("index.json")
SOURCES = ("terraform", "cloudformation")


@cache
def service(name: str) -> ModuleType:
    """One service's declaration module (``kinds/<name>.py``)."""
    if name not in SERVICE_NAMES:
        raise KeyError(f"no AWS service {name!r} in the registry")
    return importlib.import_module(f"{__name__}.{name}")


@cache
def _everything() -> tuple[tuple[ModuleType, ...], tuple[AwsKind, ...], dict[str, AwsKind]]:
    services = tuple(service(name) for name in SERVICE_NAMES)
    kinds: tuple[AwsKind, ...] = tuple(kind for module in services for kind in module.KINDS)
    return services, kinds, {kind.name: kind for kind in kinds}


def __getattr__(name: str) -> Any:
    if name == "SERVICES":
        return _everything()[0]
    if name == "KINDS":
        return _everything()[1]
    if name == "BY_NAME":
        return _everything()[2]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class SourceIndex:
    """One source's types: the kind each primary type makes, and the kinds that fold each split
    type in (in registry order, each with whether its fold is declared or left to code)."""

    primary: dict[str, str]
    folds: dict[str, tuple[tuple[str, bool], ...]]


@dataclass(frozen=True, slots=True)
class Index:
    services: dict[str, str]  # kind -> its service's module name
    order: dict[str, int]  # kind -> its position in the registry (declarations' order)
    descriptions: dict[str, str]  # kind -> its description
    sources: dict[str, SourceIndex]


@cache
def index() -> Index:
    """The registry's index (``index.json``)."""
    data = json.loads(INDEX_FILE.read_text("utf-8"))
    return Index(
        services=dict(data["services"]),
        order={name: position for position, name in enumerate(data["order"])},
        descriptions=dict(data["descriptions"]),
        sources={
            source: SourceIndex(
                primary=dict(data[source]["primary"]),
                folds={
                    type_: tuple((str(kind), bool(declared)) for kind, declared in entries)
                    for type_, entries in data[source]["folds"].items()
                },
            )
            for source in SOURCES
        },
    )


def kind(name: str) -> AwsKind:
    """One kind's declaration, importing its service's module only (``KeyError``: not an AWS
    kind)."""
    for declared in service(index().services[name]).KINDS:
        if declared.name == name:
            return declared  # type: ignore[no-any-return]  # module attributes are untyped
    raise KeyError(name)


def build_index() -> dict[str, Any]:
    """The index of every declaration (imports them all): what ``index.json`` holds."""
    from iacgate.model.aws.declaration import Fold

    services, kinds, _ = _everything()
    data: dict[str, Any] = {
        "services": {
            kind.name: module.__name__.rsplit(".", 1)[-1]
            for module in services
            for kind in module.KINDS
        },
        "descriptions": {kind.name: kind.description for kind in kinds},
        "order": [kind.name for kind in kinds],
    }
    for source in SOURCES:
        folded = {t for k in kinds for t in k.writers(source).fold_types}
        primary: dict[str, str] = {}
        folds: dict[str, list[tuple[str, bool]]] = {}
        for declared in kinds:
            writers = declared.writers(source)
            for type_ in writers.types:
                if type_ not in folded:  # made by its owner's folder (a bucket policy, ...)
                    primary[type_] = declared.name
            for fold in writers.folds:
                if isinstance(fold, Fold):
                    folds.setdefault(fold.type, []).append((declared.name, True))
                else:
                    folds.setdefault(fold, []).append((declared.name, False))
        data[source] = {"primary": primary, "folds": folds}
    return data


def render_index() -> str:
    return json.dumps(build_index(), indent=1, sort_keys=True) + "\n"


def write_index(path: Path = INDEX_FILE) -> None:
    path.write_text(render_index(), "utf-8")
