"""The ``rule`` decorator: a typed function plus its metadata, and nothing registered."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iacgate.rules.metadata import RuleMeta, Severity

if TYPE_CHECKING:
    from iacgate.model.resource import Resource
    from iacgate.rules.context import Context
    from iacgate.rules.verdicts import Verdicts

CheckFunction = Callable[["Resource", "Context"], "Verdicts"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: metadata and the check. Holds no per-scan state."""

    meta: RuleMeta
    check: CheckFunction  # the function, or a ``LazyCheck`` for a rule made from a pack index
    origin: str  # "module:function", for error messages naming where a rule came from
    pack: str = ""

    @property
    def code(self) -> str:
        return self.meta.code

    def function(self) -> CheckFunction:
        """The check function itself (a lazy check's module imported now)."""
        check = self.check
        return check.rule().check if isinstance(check, LazyCheck) else check


class RuleLoadError(Exception):
    """A rule's module cannot be imported, or does not define the rule its index names."""


class LazyCheck:
    """A rule's check that imports its module when first called.

    A pack's index (``rules/index.py``) says what each rule is without importing the rule
    modules; the module is imported when the rule first judges a resource or its docstring is
    first read, and its rule is checked against the index then, so a stale index is an error
    and never a silently different rule."""

    __slots__ = ("_loaded", "expected", "function_name", "module")

    def __init__(self, module: str, function_name: str, expected: RuleMeta) -> None:
        self.module = module
        self.function_name = function_name
        self.expected = expected  # the index's metadata (its doc_source is this check's)
        self._loaded: Rule | None = None

    def rule(self) -> Rule:
        if self._loaded is None:
            import importlib

            try:
                module = importlib.import_module(self.module)
            except Exception as exc:
                raise RuleLoadError(f"cannot import rule module {self.module}: {exc}") from exc
            found = getattr(module, self.function_name, None)
            if not isinstance(found, Rule) or not _same(found.meta, self.expected):
                raise RuleLoadError(
                    f"{self.module}.{self.function_name} is not rule {self.expected.code} as "
                    "the pack index says: the index is stale (regenerate it)"
                )
            self._loaded = found
        return self._loaded

    def docstring(self) -> str | None:
        return self.rule().meta.docstring

    def __call__(self, resource: Resource, context: Context) -> Verdicts:
        return self.rule().check(resource, context)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyCheck) and (other.module, other.function_name) == (
            self.module,
            self.function_name,
        )

    def __hash__(self) -> int:
        return hash((self.module, self.function_name))


def _same(found: RuleMeta, expected: RuleMeta) -> bool:
    return (found.code, found.name, found.severity, found.kinds, found.frameworks, found.tags) == (
        expected.code,
        expected.name,
        expected.severity,
        expected.kinds,
        expected.frameworks,
        expected.tags,
    )


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
            doc_source=function.__doc__,
        )
        return Rule(meta, function, f"{function.__module__}:{function.__qualname__}")

    return wrap
