"""A kind's code: what its field table (``model/aws/kinds``) cannot say, for each source.

Every primary type of a kind is read the same way: a draft, the table filled from the record
(``framework.fill``), then the kind's own reader for that source, if it has one. Split types
fold in through the kind's folders, or through a declared ``Fold``. Once everything is folded,
the kind's ``finish`` runs whatever the source: the canonical rules every source obeys (a
network load balancer parses no HTTP headers; a stage without a cache encrypts nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.aws.declaration import TERRAFORM, AwsKind, Fold
from iacgate.normalize.framework import Context, Draft, fill, split_path, typed

Reader = Callable[[Draft, Any], None]  # (draft, view): after the table
Folder = Callable[[Any, Context], None]  # (view of the split resource, context)
Finisher = Callable[[Draft], None]
Linker = Callable[[Context], None]  # once every record of an input is read and folded


@dataclass(frozen=True, slots=True)
class KindCode:
    """``read``: by source (``terraform``, ``cloudformation``, ``api``), what runs after the
    table; ``types``: by primary type, what a type reads differently (``aws_default_vpc``);
    ``folds``: by split type, its folder; ``links``: by source, what relates resources once
    everything is folded (a managed policy naming its roles); ``finish``: after folding,
    whatever the source."""

    kind: AwsKind
    read: Mapping[str, Reader] = field(default_factory=dict)
    types: Mapping[str, Reader] = field(default_factory=dict)
    folds: Mapping[str, Folder] = field(default_factory=dict)
    links: Mapping[str, Linker] = field(default_factory=dict)
    finish: Finisher | None = None


def mapper(kind: AwsKind, code_of: Callable[[str], KindCode | None]) -> Callable[[Any], Draft]:
    """The mapper of a kind's primary types (its code looked up when a record is read)."""

    def make(view: Any) -> Draft:
        d = Draft(kind.name, view, {})
        fill(d, view, kind.fields)
        code = code_of(kind.name)
        if code is not None:
            reader = code.read.get(view.source)
            if reader is not None:
                reader(d, view)
            special = code.types.get(view.type)
            if special is not None:
                special(d, view)
        return d

    return make


def declared_fold(kind: AwsKind, fold: Fold) -> Folder:
    """A split resource whose one setting (``fold.value``) becomes the owner's ``fold.into``,
    on every owner it names (a reference, or a value matching an owner attribute)."""
    into = kind.field(fold.into)
    owner_path = split_path(fold.owner)
    value_path = split_path(fold.value)

    def fold_into(view: Any, ctx: Context) -> None:
        owners = ctx.owners(view, owner_path, kind.name, fold.by)
        if view.source == TERRAFORM:
            # A Terraform argument names one owner (a conditional may name several: the
            # first, as Terraform's own graph would); CloudFormation lists them (Queues).
            owners = owners[:1]
        if not owners:
            ctx.unattached.append(view.address)
        for owner in owners:
            owner.fold(view, (fold.into,))
            raw = view.value_at(value_path, (), None)
            owner.put(fold.into, None if raw is None else typed(into, raw), view, value_path)

    return fold_into
