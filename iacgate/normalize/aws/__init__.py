"""What the AWS field tables cannot say, one module per service, and the registries every
source's normalizer takes from the kind declarations (``model/aws/kinds``).

A kind's primary types are read by the table (``framework.fill``) and the kind's code
(``code.KindCode``); its split types fold in through a declared ``Fold`` or the kind's folders.
A service's code, when it has any, is the module named like its declaration module: the
declarations' registry (``model/aws/kinds/__init__.py``) is the only list to edit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

from iacgate.model.aws.declaration import Fold
from iacgate.model.aws.kinds import KINDS, SERVICES
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.normalize.aws.code import Finisher, Folder, KindCode, declared_fold, mapper
from iacgate.normalize.framework import Context, Draft, finish


def _code(service: ModuleType) -> tuple[KindCode, ...]:
    """The code of a service's kinds: ``CODE`` of the module of this package named like the
    service's declaration module (``model/aws/kinds/s3.py`` -> ``normalize/aws/s3.py``), none
    when there is no such module (every field is in the table)."""
    name = f"{__name__}.{service.__name__.rsplit('.', 1)[-1]}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return ()
    return tuple(module.CODE)


CODE: dict[str, KindCode] = {code.kind.name: code for s in SERVICES for code in _code(s)}


class Normalizer:
    """One source's registries (from the declarations and the kinds' code) and the steps every
    source takes: each record read into a draft (primary types) or folded into its owner's
    (split types), the links made, each draft finished into a resource."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.primary, self.folders, self.finishers = registries(source)
        self.links = links(source)

    def supported_types(self) -> frozenset[str]:
        """Resource types with a canonical mapping (owners and folded split types)."""
        return frozenset(self.primary) | frozenset(self.folders)

    def read(self, views: Iterable[Any]) -> tuple[Context, list[Any]]:
        """Every view read (in order: owners first, then the split types folded in, then the
        links); the views no kind takes are returned for the caller to judge."""
        ctx = Context()
        split: list[Any] = []
        other: list[Any] = []
        for view in views:
            make = self.primary.get(view.type)
            if make is not None:
                ctx.add(make(view))
            elif view.type in self.folders:
                split.append(view)
            else:
                other.append(view)
        for view in split:
            self.folders[view.type](view, ctx)
        for link in self.links:
            link(ctx)
        return ctx, other

    def finished(
        self, ctx: Context, *, scope: str, source: str
    ) -> Iterator[tuple[Resource, dict[AttrPath, Location], list[tuple[AttrPath, str]]]]:
        """Each draft finished (its kind's finisher, then :func:`framework.finish`): the
        resource, its spans and its references. One address twice (a malformed input): the
        first is kept."""
        seen: set[str] = set()
        for draft in (*ctx.drafts.values(), *ctx.extra):
            finisher = self.finishers.get(draft.kind)
            if finisher is not None:
                finisher(draft)
            resource, spans, references = finish(draft, scope=scope, source=source)
            if resource.key not in seen:
                seen.add(resource.key)
                yield resource, spans, references


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
    return tuple(code.links[source] for code in CODE.values() if source in code.links)
