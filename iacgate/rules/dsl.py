"""The ``rule`` decorator: a typed function plus its metadata, and nothing registered."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iacgate.rules.metadata import RuleMeta, Severity, parse_doc

if TYPE_CHECKING:
    from iacgate.model.resource import Resource
    from iacgate.rules.context import Context
    from iacgate.rules.verdicts import Verdicts

CheckFunction = Callable[["Resource", "Context"], "Verdicts"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: metadata and the check. Holds no per-scan state."""

    meta: RuleMeta
    check: CheckFunction
    origin: str  # "module:function", for error messages naming where a rule came from
    pack: str = ""

    @property
    def code(self) -> str:
        return self.meta.code


def rule(
    *,
    code: str,
    name: str,
    kind: str | Iterable[str],
    severity: Severity,
    frameworks: Mapping[str, Iterable[str]] | None = None,
    tags: Iterable[str] = (),
) -> Callable[[CheckFunction], Rule]:
    """Turn a check function into a ``Rule``. Decorating registers nothing: packs list their
    modules and the loader collects the ``Rule`` objects found in them."""
    kinds = (kind,) if isinstance(kind, str) else tuple(kind)

    def wrap(function: CheckFunction) -> Rule:
        meta = RuleMeta(
            code=code,
            name=name,
            severity=severity,
            kinds=kinds,
            frameworks=tuple(
                (framework, tuple(ids)) for framework, ids in sorted((frameworks or {}).items())
            ),
            tags=tuple(tags),
            doc=parse_doc(function.__doc__),
        )
        return Rule(meta, function, f"{function.__module__}:{function.__qualname__}")

    return wrap
