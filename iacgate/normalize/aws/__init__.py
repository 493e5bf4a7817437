"""What the AWS field tables cannot say, one module per service, and the registries every
source's normalizer takes from the kind declarations (``model/aws/kinds``).

A kind's primary types are read by the table (``framework.fill``) and the kind's code
(``code.KindCode``); its split types fold in through a declared ``Fold`` or the kind's folders.
The list below is the registry: a service module with code is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION, Fold
from iacgate.model.aws.kinds import KINDS
from iacgate.normalize.aws import (
    apigateway,
    cloudfront,
    dynamodb,
    ec2,
    eks,
    elbv2,
    iam,
    instance,
    kms,
    lambda_,
    logs,
    rds,
    s3,
    secretsmanager,
    security_groups,
    sns,
    sqs,
)
from iacgate.normalize.aws.code import Finisher, Folder, KindCode, declared_fold, mapper
from iacgate.normalize.framework import Context, Draft

MODULES: tuple[Any, ...] = (
    s3,
    security_groups,
    iam,
    ec2,
    instance,
    rds,
    kms,
    lambda_,
    dynamodb,
    sqs,
    sns,
    eks,
    elbv2,
    secretsmanager,
    logs,
    apigateway,
    cloudfront,
)

CODE: dict[str, KindCode] = {code.kind.name: code for m in MODULES for code in m.CODE}


def registries(
    source: str,
) -> tuple[dict[str, Callable[[Any], Draft]], dict[str, Folder], dict[str, Finisher]]:
    """For ``terraform`` or ``cloudformation``: the mapper of every primary type, the folder of
    every split type, and the finisher of every kind that has one."""
    kinds = KINDS
    folded = {t for k in kinds for t in k.writers(source).fold_types}
    primary: dict[str, Callable[[Any], Draft]] = {}
    folders: dict[str, Folder] = {}
    finishers: dict[str, Finisher] = {}
    for kind in kinds:
        code = CODE.get(kind.name)
        writers = kind.writers(source)
        for type_ in writers.types:
            if type_ not in folded:  # made by its owner's folder (a bucket policy, ...)
                primary[type_] = mapper(kind, code)
        for fold in writers.folds:
            if isinstance(fold, Fold):
                folders.setdefault(fold.type, declared_fold(kind, fold))
            elif code is not None and fold in code.folds:
                folders.setdefault(fold, code.folds[fold])
        if code is not None and code.finish is not None:
            finishers[kind.name] = code.finish
    return primary, folders, finishers


def api_registries() -> tuple[dict[str, Callable[[Any], Draft]], dict[str, Finisher]]:
    """For the AWS API: the mapper of every collected kind (by kind: a record is of one), and
    the finisher of every kind that has one."""
    mappers: dict[str, Callable[[Any], Draft]] = {}
    finishers: dict[str, Finisher] = {}
    for kind in KINDS:
        if kind.collector is None:
            continue
        code = CODE.get(kind.name)
        mappers[kind.name] = mapper(kind, code)
    for kind in KINDS:
        code = CODE.get(kind.name)
        if code is not None and code.finish is not None:
            finishers[kind.name] = code.finish
    return mappers, finishers


def links(source: str) -> tuple[Callable[[Context], None], ...]:
    """What runs once every split type is folded in: relations a resource writes on its own
    side (a CloudFormation managed policy naming its roles attaches it to them)."""
    if source == CLOUDFORMATION:
        return (iam.attach_managed_policies,)
    return ()
