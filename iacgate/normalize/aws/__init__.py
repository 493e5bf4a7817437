"""What the AWS field tables cannot say, one module per service, and the registries every
source's normalizer takes from the kind declarations (``model/aws/kinds``).

A kind's primary types are read by the table (``framework.fill``) and the kind's code
(``code.KindCode``); its split types fold in through a declared ``Fold`` or the kind's folders.
A service's code, when it has any, is the module named like its declaration module: the
declarations' registry (``model/aws/kinds/__init__.py``) is the only list to edit.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from iacgate.model.aws import kinds as registry
from iacgate.model.aws.declaration import Fold
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import outside_code
from iacgate.normalize.aws.code import Folder, KindCode, declared_fold, mapper
from iacgate.normalize.framework import Context, Draft, finish


@cache
def _service_code(name: str) -> dict[str, KindCode]:
    """The code of a service's kinds: ``CODE`` of the module of this package named like the
    service's declaration module (``model/aws/kinds/s3.py`` -> ``normalize/aws/s3.py``), none
    when there is no such module (every field is in the table). Imported on first use: a scan
    loads the code of the kinds it meets only."""
    module_name = f"{__name__}.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return {}
    return {code.kind.name: code for code in module.CODE}


def code_of(kind: str) -> KindCode | None:
    """The code of ``kind`` (None: the field table says everything)."""
    # The declaration module of each kind: its code, if any, is the module named like it here.
    return _service_code(registry.index().services[kind]).get(kind)


class Normalizer:
    """One source's registries (from the declarations and the kinds' code) and the steps every
    source takes: each record read into a draft (primary types) or folded into its owner's
    (split types), the links made, each draft finished into a resource.

    A type's mapper or folder is made when a record of the type is first met, from the
    registry's index: a scan imports the declarations and code of the kinds it meets only."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index = registry.index().sources[source]
        self._mappers: dict[str, Callable[[Any], Draft]] = {}
        self._folders: dict[str, Folder] = {}

    def supported_types(self) -> frozenset[str]:
        """Resource types with a canonical mapping (owners and folded split types)."""
        return frozenset(self.index.primary) | frozenset(self.index.folds)

    def mapper(self, type_: str) -> Callable[[Any], Draft] | None:
        """The mapper of a primary type (None: the type is not one)."""
        made = self._mappers.get(type_)
        if made is None:
            name = self.index.primary.get(type_)
            if name is None:
                return None
            made = self._mappers[type_] = mapper(registry.kind(name), code_of)
        return made

    def folder(self, type_: str) -> Folder | None:
        """The folder of a split type (None: the type is not one): the first declared fold of
        the kinds naming it, else their code's."""
        made = self._folders.get(type_)
        if made is None:
            entries = self.index.folds.get(type_)
            if entries is None:
                return None
            made = self._folders[type_] = _folder(self.source, type_, entries)
        return made

    def read(self, views: Iterable[Any]) -> tuple[Context, list[Any]]:
        """Every view read (in order: owners first, then the split types folded in, then the
        links); the views no kind takes are returned for the caller to judge."""
        ctx = Context()
        split: list[Any] = []
        other: list[Any] = []
        for view in views:
            make = self.mapper(view.type)
            if make is not None:
                ctx.add(make(view))
            elif view.type in self.index.folds:
                split.append(view)
            else:
                other.append(view)
        for view in split:
            fold = self.folder(view.type)
            assert fold is not None  # a split type of the index
            fold(view, ctx)
        if ctx.unattached and self.source != "api":
            self._standalone(ctx, [v for v in split if v.address in set(ctx.unattached)])
        for kind in sorted({draft.kind for draft in ctx.drafts.values()}):
            code = code_of(kind)
            link = code.links.get(self.source) if code is not None else None
            if link is not None:
                link(ctx)
        return ctx, other

    def _standalone(self, ctx: Context, orphans: list[Any]) -> None:
        """Split resources whose owner is not among the records (a policy attached to a role
        created by hand, a public access block of a bucket made elsewhere) folded into a stand-in
        owner made where they are written: what they write is judged, the rest of the owner is
        unknown and not reported (``OUTSIDE_CODE``). Live state has the real owner."""
        made: dict[tuple[str, str], Draft] = {}

        def stand_in(view: Any, path: AttrPath, kind: str) -> Draft | None:
            value = view.raw(*path)
            if value is None or value == "" or value == []:
                return None  # the argument names no owner at all
            key = (view.address, kind)
            found = made.get(key)
            if found is not None:
                return found
            primary = self._primary.get(kind)
            make = self.mapper(primary) if primary is not None else None
            if make is None or any(k[0] == view.address for k in made):
                return None  # one stand-in per split resource (its address is the key)
            draft = make(view.blank(primary))
            draft.blank = copy.deepcopy(draft.attrs)
            made[key] = draft
            ctx.extra.append(draft)
            return draft

        ctx.standalone = stand_in
        try:
            for view in orphans:
                ctx.unattached.remove(view.address)
                fold = self.folder(view.type)
                assert fold is not None
                fold(view, ctx)
        finally:
            ctx.standalone = None

    @property
    def _primary(self) -> dict[str, str]:
        """Kind -> its first primary type (by name: deterministic)."""
        table: dict[str, str] = {}
        for type_, kind in sorted(self.index.primary.items()):
            table.setdefault(kind, type_)
        return table

    def finished(
        self, ctx: Context, *, scope: str, source: str
    ) -> Iterator[tuple[Resource, dict[AttrPath, Location], list[tuple[AttrPath, str]]]]:
        """Each draft finished (its kind's finisher, then :func:`framework.finish`): the
        resource, its spans and its references. One address twice (a malformed input): the
        first is kept."""
        seen: set[str] = set()
        for draft in (*ctx.drafts.values(), *ctx.extra):
            finish_kind(draft)
            if draft.blank is not None:
                _unwritten(draft)
            resource, spans, references = finish(draft, scope=scope, source=source)
            if draft.blank is not None:
                standalone = {"standalone": draft.folded[0] if draft.folded else draft.address}
                resource = dataclasses.replace(resource, origin={**resource.origin, **standalone})
            if resource.key not in seen:
                seen.add(resource.key)
                yield resource, spans, references


def _unwritten(draft: Draft) -> None:
    """A stand-in owner's attributes that no folded record wrote become unknown: the owner is
    outside the code, and its defaults would be guesses."""
    assert draft.blank is not None
    written = {path[0] for path in draft.spans if path}
    what = f"the {draft.kind} named by {draft.address}"
    for name, value in draft.attrs.items():
        if name not in written and value == draft.blank.get(name):
            draft.attrs[name] = outside_code(what)


def finish_kind(draft: Draft) -> None:
    """The kind's own last step (``KindCode.finish``), if it has one."""
    code = code_of(draft.kind)
    if code is not None and code.finish is not None:
        code.finish(draft)


def _folder(source: str, type_: str, entries: tuple[tuple[str, bool], ...]) -> Folder:
    for name, declared in entries:
        if declared:
            kind = registry.kind(name)
            for fold in kind.writers(source).folds:
                if isinstance(fold, Fold) and fold.type == type_:
                    return declared_fold(kind, fold)
    return _coded_fold(type_, [name for name, declared in entries if not declared])


def coded_folder(type_: str, kinds: Iterable[str]) -> Folder | None:
    """The folder of a split type several kinds may name (``AWS::IAM::Policy`` goes into
    roles, users and groups): the first of their codes that has one."""
    for kind in kinds:
        code = code_of(kind)
        if code is not None and type_ in code.folds:
            return code.folds[type_]
    return None


def _coded_fold(type_: str, kinds: list[str]) -> Folder:
    def fold(view: Any, ctx: Context) -> None:
        folder = coded_folder(type_, kinds)
        assert folder is not None, f"{kinds} name {type_} but no code folds it"
        folder(view, ctx)

    return fold


def api_mappers() -> dict[str, Callable[[Any], Draft]]:
    """For the AWS API: the mapper of every collected kind (by kind: a record is of one)."""
    return {
        kind.name: mapper(kind, code_of) for kind in registry.KINDS if kind.collector is not None
    }
