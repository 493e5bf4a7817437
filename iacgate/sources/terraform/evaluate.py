"""Static evaluation of HCL expressions the way Terraform evaluates them at plan time.

Every evaluation also collects *dependencies*: the resources (``aws_iam_role.app``,
``aws_s3_bucket.b["k"]``, ``data.aws_vpc.main``, ``module.net.aws_vpc.this``) whose values it
used, and symbolic ``var.NAME`` markers for the module's inputs (resolved by the caller, so that
one module instance can be shared by every caller that passes identical values). Dependencies
become the records' ``Reference``s even where the value itself stays unknown.

Values carry marks (``marks.py``): each handler unmarks what it looks into and marks its result
with those marks; an error about a sensitive value never quotes it (``values.redacted``).

Anything Terraform could only know after apply, or that a static scanner must not do, evaluates
to ``Unknown`` with the reason; an expression Terraform would reject raises ``EvalError``, which
the caller turns into an Unknown naming the error.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacgate.model.unknown import Unknown, concat
from iacgate.sources.terraform import functions
from iacgate.sources.terraform.boundary import ReadBoundary
from iacgate.sources.terraform.marks import (
    NO_MARKS,
    Mark,
    Marked,
    Sensitive,
    describe,
    is_sensitive,
    mark,
    unmark,
)
from iacgate.sources.terraform.syntax import (
    BinaryChain,
    Call,
    Conditional,
    Expr,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    ObjectExpr,
    Parens,
    ScopeRef,
    Splat,
    SplatItem,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    TupleExpr,
    Unary,
    Wrap,
)
from iacgate.sources.terraform.values import (
    BudgetExceeded,
    EvalError,
    ResourceObject,
    equal,
    first_unknown,
    iter_collection,
    make_set,
    normalize_number,
    redacted,
    to_bool,
    to_number,
    to_string,
    type_name,
    unmark_deep,
)

if TYPE_CHECKING:
    from iacgate.sources.terraform.instance import ModuleInstance

MAX_COLLECTION = 100_000

_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    ">": 4,
    ">=": 4,
    "<": 4,
    "<=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}


class Namespace:
    """A name that is not a value by itself: ``var``, ``local``, ``data.aws_vpc``, a resource
    type... Only a following attribute access makes it a value."""

    __slots__ = ("kind", "name")

    def __init__(self, kind: str, name: str = "") -> None:
        self.kind = kind
        self.name = name


class ModuleValue:
    """A module call instance seen from its caller: outputs are evaluated when asked for."""

    __slots__ = ("address", "instance", "resolve_deps")

    def __init__(
        self,
        address: str,
        instance: ModuleInstance | Unknown,
        resolve_deps: Callable[[set[str]], set[str]],
    ) -> None:
        self.address = address
        self.instance = instance
        self.resolve_deps = resolve_deps

    def output(self, name: str, deps: set[str]) -> Any:
        if isinstance(self.instance, Unknown):
            return Unknown(self.instance.reason)
        if name not in self.instance.config.outputs:
            raise EvalError(f"{self.address} has no output {name!r}")
        value, inner = self.instance.output(name)
        deps.update(self.resolve_deps(inner))
        if self.instance.output_is_sensitive(name):
            return mark(value, frozenset({Sensitive(f"{self.address}.{name}")}))
        return value

    def materialize(self, deps: set[str]) -> Any:
        if isinstance(self.instance, Unknown):
            return Unknown(self.instance.reason)
        return {name: self.output(name, deps) for name in sorted(self.instance.config.outputs)}


class Budget:
    """Bounds one root's evaluation in steps, wall time and memory.

    Every expression node is a step; built-in functions charge in proportion to their work
    (a ``join`` of a million strings is many steps), so the clock is read about every 4,096
    steps of work however the work is spread. ``produced`` adds up the bytes of the values the
    evaluation builds (strings, collections): one value is bounded by the size checks of each
    operation, many values by this total (a thousand 4 MB strings in a list)."""

    __slots__ = ("_check_at", "deadline", "produced", "steps")

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.steps = 0
        self.produced = 0
        self._check_at = _CHECK_EVERY

    def alloc(self, size: int) -> None:
        self.produced += size
        if self.produced > MAX_PRODUCED:
            raise BudgetExceeded(f"evaluation built more than {MAX_PRODUCED >> 20} MiB of values")

    def tick(self, weight: int = 1) -> None:
        self.steps += weight
        if self.steps >= self._check_at:
            self._check_at = self.steps + _CHECK_EVERY
            if time.monotonic() > self.deadline:
                raise BudgetExceeded("evaluation took longer than its time budget")


_CHECK_EVERY = 0x1000
# Bytes of values one root may build in total (garbage included). Real configurations stay
# far below (the largest root of the public corpus builds 2.3 MiB); the hardening suite's
# 1.5 GB address-space limit stays out of reach.
MAX_PRODUCED = 256 * 1024 * 1024


def address_key(key: Any) -> str:
    """``[0]`` or ``["name"]``, as Terraform prints instance keys."""
    if isinstance(key, int):
        return f"[{key}]"
    import json

    return f"[{json.dumps(str(key), ensure_ascii=False)}]"


class Scope:
    """Where an expression is evaluated: a module instance plus local symbols (``each``,
    ``count``, for-expression and dynamic-block iterators, template variables)."""

    __slots__ = ("bindings", "instance")

    def __init__(self, instance: ModuleInstance | None, bindings: dict[str, Any] | None = None):
        self.instance = instance
        self.bindings = bindings or {}

    def bind(self, **names: Any) -> Scope:
        return Scope(self.instance, {**self.bindings, **names})

    def bind_map(self, names: dict[str, Any]) -> Scope:
        return Scope(self.instance, {**self.bindings, **names})


class Evaluator:
    def __init__(self, budget: Budget, context: functions.FunctionContext | None = None) -> None:
        self.budget = budget
        self.files = context is not None  # file functions are available
        base = context or _NO_FILES
        self.context = functions.FunctionContext(
            base.cwd, base.boundary, base.render_template, budget.tick, budget.alloc
        )

    # -- entry points ----------------------------------------------------------------------
    def value(self, expr: Expr, scope: Scope, deps: set[str]) -> Any:
        """The value of ``expr``; EvalError becomes an Unknown naming the error."""
        try:
            return self.eval(expr, scope, deps)
        except EvalError as exc:
            return Unknown(f"error: {exc.message} (line {exc.line or expr.span[0]})")
        except RecursionError:
            return Unknown(f"expression too deeply nested to evaluate (line {expr.span[0]})")

    def eval(self, expr: Expr, scope: Scope, deps: set[str]) -> Any:
        value = self.raw(expr, scope, deps)
        if isinstance(value, ModuleValue):
            return value.materialize(deps)
        if isinstance(value, Namespace):
            raise EvalError(f"{_describe(value)} is not a value on its own", expr.span[0])
        if isinstance(value, list) and value and isinstance(value[0], ModuleValue):
            return [v.materialize(deps) if isinstance(v, ModuleValue) else v for v in value]
        if isinstance(value, dict) and value:
            first = next(iter(value.values()))
            if isinstance(first, ModuleValue):
                return {
                    k: v.materialize(deps) if isinstance(v, ModuleValue) else v
                    for k, v in value.items()
                }
        return value

    def raw(self, expr: Expr, scope: Scope, deps: set[str]) -> Any:
        self.budget.tick()
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            raise EvalError(f"cannot evaluate {type(expr).__name__}", expr.span[0])
        return handler(self, expr, scope, deps)

    # -- literals and collections ----------------------------------------------------------
    def _literal(self, expr: Literal, scope: Scope, deps: set[str]) -> Any:
        return expr.value

    def _parens(self, expr: Parens, scope: Scope, deps: set[str]) -> Any:
        return self.raw(expr.expr, scope, deps)

    def _wrap(self, expr: Wrap, scope: Scope, deps: set[str]) -> Any:
        return self.eval(expr.expr, scope, deps)

    def _tuple(self, expr: TupleExpr, scope: Scope, deps: set[str]) -> Any:
        self.budget.alloc(functions.LIST_BYTES * len(expr.items))
        return [self.eval(item, scope, deps) for item in expr.items]

    def _object(self, expr: ObjectExpr, scope: Scope, deps: set[str]) -> Any:
        out: dict[str, Any] = {}
        key_marks = NO_MARKS  # a key has no marks of its own: it marks the whole object
        for item in expr.items:
            key, marks = unmark(self.eval(item.key, scope, deps))
            if isinstance(key, Unknown):
                return Unknown(f"object key unknown: {key.reason}")
            if key is None:
                raise EvalError("object key must not be null", item.span[0])
            if marks:
                key_marks |= marks
            out[to_string(key)] = self.eval(item.value, scope, deps)
        self.budget.alloc(functions.MAP_BYTES * len(out))
        return mark(out, key_marks)

    # -- templates -------------------------------------------------------------------------
    def _template(self, expr: Template, scope: Scope, deps: set[str]) -> Any:
        rendering = _Rendering()
        unknown = self._render(expr.parts, scope, deps, rendering, expr.span[0])
        if unknown is not None:
            if is_sensitive(rendering.marks):
                # The known text of a partly unknown string would be shown in messages
                # (model/unknown.py): none is kept when any part is marked.
                return Unknown(unknown.reason)
            # Unknown parts leave holes; the known text stays (model/unknown.py).
            return concat(rendering.out, reason=unknown.reason)
        self.budget.alloc(rendering.size)
        return mark("".join(rendering.out), rendering.marks)  # type: ignore[arg-type]  # no Unknown: _render found none

    def _render(
        self,
        parts: tuple[TemplatePart, ...],
        scope: Scope,
        deps: set[str],
        rendering: _Rendering,
        line: int,
    ) -> Unknown | None:
        pending: Unknown | None = None
        for part in parts:
            if isinstance(part, str):
                rendering.add(part, line)
            elif isinstance(part, TemplateIf):
                cond, marks = unmark(self.eval(part.cond, scope, deps))
                if isinstance(cond, Unknown):
                    pending = _keep(pending, Unknown(cond.reason))
                    rendering.hole(Unknown(cond.reason))  # the branch is not known
                    continue
                rendering.mark(marks)
                branch = part.then if _truth(cond, marks, line) else part.else_
                pending = _keep(self._render(branch, scope, deps, rendering, line), pending)
            elif isinstance(part, TemplateFor):
                collection, marks = unmark(self.eval(part.collection, scope, deps))
                if isinstance(collection, Unknown):
                    pending = _keep(pending, Unknown(collection.reason))
                    rendering.hole(Unknown(collection.reason))
                    continue
                if collection is None:
                    raise EvalError("cannot iterate over null in a template", line)
                rendering.mark(marks)
                for key, item in iter_collection(collection):
                    names = {part.value_var: mark(item, marks)}
                    if part.key_var:
                        names[part.key_var] = mark(key, marks)
                    inner = scope.bind_map(names)
                    pending = _keep(self._render(part.body, inner, deps, rendering, line), pending)
            else:
                value = self.eval(part, scope, deps)
                if type(value) is Marked:
                    rendering.mark(value.marks)
                    value = value.value
                if isinstance(value, Unknown):
                    pending = _keep(pending, value)
                    rendering.hole(value)
                    continue
                if isinstance(value, ResourceObject):
                    raise EvalError("cannot interpolate a whole resource", line)
                try:
                    text = to_string(value)
                except EvalError as exc:
                    raise EvalError(f"in template: {exc.message}", line) from None
                rendering.add(text, line)
        return pending

    # -- references ------------------------------------------------------------------------
    def _scope_ref(self, expr: ScopeRef, scope: Scope, deps: set[str]) -> Any:
        name = expr.name
        if name in scope.bindings:
            return scope.bindings[name]
        if name in ("var", "local", "module", "data", "path", "terraform"):
            return Namespace(name)
        if name in ("count", "each"):
            raise EvalError(f"{name} is only available in blocks that set {name}", expr.span[0])
        if name == "self":
            return Unknown("self is only known inside provisioners")
        instance = scope.instance
        if instance is None:
            raise EvalError(f"variables are not allowed here ({name})", expr.span[0])
        if instance.has_resource_type(name):
            return Namespace("resource", name)
        raise EvalError(f"reference to undeclared resource or name {name!r}", expr.span[0])

    def _get_attr(self, expr: GetAttr, scope: Scope, deps: set[str]) -> Any:
        obj = self.raw(expr.obj, scope, deps)
        return self.get_attr(obj, expr.name, scope, deps, expr.span[0])

    def get_attr(self, obj: Any, name: str, scope: Scope, deps: set[str], line: int) -> Any:
        if type(obj) is Marked:
            return mark(self.get_attr(obj.value, name, scope, deps, line), obj.marks)
        if isinstance(obj, Namespace):
            return self._namespace_attr(obj, name, scope, deps, line)
        if isinstance(obj, ModuleValue):
            return obj.output(name, deps)
        if isinstance(obj, ResourceObject):
            return obj.attr(name)
        if isinstance(obj, Unknown):
            return obj
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
            raise EvalError(f"object has no attribute {name!r}", line)
        if obj is None:
            raise EvalError(f"attempt to get attribute {name!r} from a null value", line)
        if isinstance(obj, list):
            raise EvalError(
                f"cannot access attribute {name!r} of a list (use an index or a splat [*])", line
            )
        raise EvalError(f"cannot access attribute {name!r} of a {type_name(obj)}", line)

    def _namespace_attr(
        self, ns: Namespace, name: str, scope: Scope, deps: set[str], line: int
    ) -> Any:
        instance = scope.instance
        if ns.kind == "path":
            if instance is None:
                raise EvalError("path is not available here", line)
            return instance.path_value(name, line)
        if ns.kind == "terraform":
            if name == "workspace":
                return "default"
            raise EvalError(f"unknown attribute terraform.{name}", line)
        if instance is None:
            raise EvalError(f"{ns.kind}.{name} is not available here", line)
        if ns.kind == "var":
            return instance.variable(name, deps, line)
        if ns.kind == "local":
            return instance.local(name, deps, line)
        if ns.kind == "module":
            return instance.module_value(name, deps, line)
        if ns.kind == "data":
            return Namespace("data_type", name)
        if ns.kind == "data_type":
            return instance.resource_value("data", ns.name, name, deps, line)
        if ns.kind == "resource":
            return instance.resource_value("managed", ns.name, name, deps, line)
        raise EvalError(f"unknown reference {ns.kind}.{name}", line)

    def _index(self, expr: Index, scope: Scope, deps: set[str]) -> Any:
        obj = self.raw(expr.obj, scope, deps)
        key = self.eval(expr.key, scope, deps)
        marks = NO_MARKS
        if type(key) is Marked:
            key, marks = key.value, key.marks
        if isinstance(key, Unknown):
            return Unknown(f"index unknown: {key.reason}")
        self._refine_dependency(expr, key, deps)
        return self.index(obj, key, expr.span[0], marks)

    def _refine_dependency(self, expr: Index, key: Any, deps: set[str]) -> None:
        """``aws_x.y[0]`` depends on that instance only, not on every instance of aws_x.y."""
        target = expr.obj
        if isinstance(target, GetAttr) and isinstance(target.obj, ScopeRef):
            root = target.obj.name
            base = f"{root}.{target.name}"
        elif (
            isinstance(target, GetAttr)
            and isinstance(target.obj, GetAttr)
            and isinstance(target.obj.obj, ScopeRef)
            and target.obj.obj.name == "data"
        ):
            base = f"data.{target.obj.name}.{target.name}"
        else:
            return
        if base in deps and isinstance(key, int | str) and not isinstance(key, bool):
            deps.discard(base)
            deps.add(base + address_key(key))

    def index(self, obj: Any, key: Any, line: int, key_marks: frozenset[Mark] = NO_MARKS) -> Any:
        """``obj[key]``; the result carries the key's marks and the container's."""
        if isinstance(obj, Marked):
            try:
                return mark(self.index(obj.value, key, line, key_marks), obj.marks)
            except EvalError as exc:  # "index 5 out of range for list of 3" tells its size
                raise redacted(exc, obj.marks, "index") from None
        if not key_marks:
            return self._index_value(obj, key, line)
        try:
            return mark(self._index_value(obj, key, line), key_marks)
        except EvalError as exc:
            raise redacted(exc, key_marks, "index") from None

    def _index_value(self, obj: Any, key: Any, line: int) -> Any:
        if isinstance(obj, Unknown):
            return obj
        if isinstance(obj, ModuleValue):
            raise EvalError(f"{obj.address} is a single module instance; it has no index", line)
        if isinstance(obj, ResourceObject):
            return obj.attr(to_string(key))
        if isinstance(obj, list):
            if isinstance(key, bool):
                raise EvalError("list index must be a number", line)
            number = to_number(key)
            if isinstance(number, float) and not number.is_integer():
                raise EvalError("list index must be a whole number", line)
            position = int(number)
            if not 0 <= position < len(obj):
                raise EvalError(f"index {position} out of range for list of {len(obj)}", line)
            return obj[position]
        if isinstance(obj, dict):
            name = to_string(key)
            if name not in obj:
                raise EvalError(f"key {name!r} not found", line)
            return obj[name]
        if obj is None:
            raise EvalError("cannot index a null value", line)
        raise EvalError(f"cannot index a {type_name(obj)}", line)

    def _splat(self, expr: Splat, scope: Scope, deps: set[str]) -> Any:
        source, marks = unmark(self.raw(expr.source, scope, deps))
        if isinstance(source, ModuleValue):
            source = [source]
        if isinstance(source, Unknown):
            return source
        if source is None:
            return mark([], marks)
        items = source if isinstance(source, list) else [source]
        out: list[Any] = []
        for item in items:
            out.append(self._apply_each(expr.each, item, scope, deps))
        self.budget.alloc(functions.LIST_BYTES * len(out))
        return mark(out, marks)

    def _apply_each(self, each: Expr, item: Any, scope: Scope, deps: set[str]) -> Any:
        if isinstance(each, SplatItem):
            return item
        if isinstance(each, GetAttr):
            obj = self._apply_each(each.obj, item, scope, deps)
            return self.get_attr(obj, each.name, scope, deps, each.span[0])
        if isinstance(each, Index):
            obj = self._apply_each(each.obj, item, scope, deps)
            key, marks = unmark(self.eval(each.key, scope, deps))
            if isinstance(key, Unknown):
                return Unknown(f"index unknown: {key.reason}")
            return self.index(obj, key, each.span[0], marks)
        raise EvalError("unsupported splat traversal", each.span[0])

    def _splat_item(self, expr: SplatItem, scope: Scope, deps: set[str]) -> Any:
        raise EvalError("splat placeholder outside a splat", expr.span[0])

    # -- operators -------------------------------------------------------------------------
    def _unary(self, expr: Unary, scope: Scope, deps: set[str]) -> Any:
        value, marks = unmark(self.eval(expr.operand, scope, deps))
        if isinstance(value, Unknown):
            return value
        try:
            if expr.op == "!":
                return mark(not to_bool(value), marks)
            return mark(normalize_number(-to_number(value)), marks)
        except EvalError as exc:
            raise redacted(exc, marks, f"operator {expr.op}") from None

    def _chain(self, expr: BinaryChain, scope: Scope, deps: set[str]) -> Any:
        # Precedence applied to the flat chain (shunting-yard).
        operands = list(expr.operands)
        operators = list(expr.operators)
        tree = self._build_tree(operands, operators)
        return self._eval_tree(tree, scope, deps, expr.span[0])

    @staticmethod
    def _build_tree(operands: list[Expr], operators: list[str]) -> Any:
        output: list[Any] = [("leaf", operands[0])]
        ops: list[str] = []

        def reduce() -> None:
            op = ops.pop()
            right = output.pop()
            left = output.pop()
            output.append(("op", op, left, right))

        for op, operand in zip(operators, operands[1:], strict=True):
            while ops and _PRECEDENCE[ops[-1]] >= _PRECEDENCE[op]:
                reduce()
            ops.append(op)
            output.append(("leaf", operand))
        while ops:
            reduce()
        return output[0]

    def _eval_tree(self, node: Any, scope: Scope, deps: set[str], line: int) -> Any:
        if node[0] == "leaf":
            return self.eval(node[1], scope, deps)
        _, op, left_node, right_node = node
        left = self._eval_tree(left_node, scope, deps, line)
        if op in ("&&", "||"):
            return self._logic(op, left, right_node, scope, deps, line)
        right = self._eval_tree(right_node, scope, deps, line)
        if op in ("==", "!="):
            left, left_marks = unmark_deep(left)
            right, right_marks = unmark_deep(right)
            unknown = _keep(first_unknown(left), first_unknown(right))
            if unknown is not None:
                return Unknown(unknown.reason)
            same = equal(left, right)
            return mark(same if op == "==" else not same, left_marks | right_marks)
        marks = NO_MARKS
        if type(left) is Marked:
            left, marks = left.value, left.marks
        if type(right) is Marked:
            right, marks = right.value, marks | right.marks
        for value in (left, right):
            if isinstance(value, Unknown):
                return value
        try:
            result = _arithmetic(op, to_number(left), to_number(right), line)
        except EvalError as exc:
            raise redacted(EvalError(f"operator {op}: {exc.message}", line), marks, op) from None
        return mark(result, marks) if marks else result

    def _logic(
        self, op: str, left: Any, right_node: Any, scope: Scope, deps: set[str], line: int
    ) -> Any:
        deciding = op != "&&"
        left_marks = NO_MARKS
        if type(left) is Marked:
            left, left_marks = left.value, left.marks
        known = not isinstance(left, Unknown)
        if known and (left if type(left) is bool else _truth(left, left_marks, line)) is deciding:
            # Decided by the left side; the right side still counts as a dependency.
            with contextlib.suppress(EvalError):
                self._eval_tree(right_node, scope, deps, line)
            return mark(deciding, left_marks) if left_marks else deciding
        right = self._eval_tree(right_node, scope, deps, line)
        right_marks = NO_MARKS
        if type(right) is Marked:
            right, right_marks = right.value, right.marks
        marks = left_marks | right_marks if right_marks else left_marks
        if (
            not isinstance(right, Unknown)
            and (right if type(right) is bool else _truth(right, right_marks, line)) is deciding
        ):
            return mark(deciding, marks) if marks else deciding
        if isinstance(left, Unknown):
            return left
        return right if isinstance(right, Unknown) else mark(_truth(right, marks, line), marks)

    def _conditional(self, expr: Conditional, scope: Scope, deps: set[str]) -> Any:
        cond = self.eval(expr.cond, scope, deps)
        marks = NO_MARKS
        if type(cond) is Marked:
            cond, marks = cond.value, cond.marks
        if isinstance(cond, Unknown):
            # Both branches may be taken: record what each depends on.
            self.value(expr.then, scope, deps)
            self.value(expr.else_, scope, deps)
            return Unknown(f"condition unknown: {cond.reason}")
        if cond is None:
            raise EvalError("condition is null", expr.span[0])
        truth = cond if type(cond) is bool else _truth(cond, marks, expr.span[0])
        result = self.eval(expr.then if truth else expr.else_, scope, deps)
        return mark(result, marks) if marks else result

    # -- for expressions -------------------------------------------------------------------
    def _for(self, expr: ForExpr, scope: Scope, deps: set[str]) -> Any:
        collection, marks = unmark(self.eval(expr.collection, scope, deps))
        if isinstance(collection, Unknown):
            return Unknown(f"for expression over an unknown collection: {collection.reason}")
        if collection is None:
            raise EvalError("cannot iterate over a null value", expr.span[0])
        if isinstance(collection, ResourceObject):
            return Unknown(f"attributes of {collection.address} are known only after apply")
        results_list: list[Any] = []
        results_map: dict[str, Any] = {}
        unknown: Unknown | None = None
        count = 0
        line = expr.span[0]
        # The result is marked by the collection, the filter and the keys (an element has no
        # marks of its own as a key, so a marked key marks the whole map).
        result_marks: set[Mark] = set(marks)
        for key, item in iter_collection(collection):
            count += 1
            if count > MAX_COLLECTION:
                raise EvalError("for expression over too many elements", line)
            names = {expr.value_var: mark(item, marks) if marks else item}
            if expr.key_var:
                names[expr.key_var] = mark(key, marks) if marks else key
            inner = scope.bind_map(names)
            if expr.cond is not None:
                keep = self.eval(expr.cond, inner, deps)
                keep_marks = NO_MARKS
                if type(keep) is Marked:
                    keep, keep_marks = keep.value, keep.marks
                if isinstance(keep, Unknown):
                    unknown = _keep(
                        unknown, Unknown(f"for expression filter unknown: {keep.reason}")
                    )
                    continue
                if keep_marks:
                    result_marks |= keep_marks
                if not (keep if type(keep) is bool else _truth(keep, keep_marks, line)):
                    continue
            value = self.eval(expr.value, inner, deps)
            if expr.key is None:
                results_list.append(value)
                continue
            map_key = self.eval(expr.key, inner, deps)
            key_marks = NO_MARKS
            if type(map_key) is Marked:
                map_key, key_marks = map_key.value, map_key.marks
                result_marks |= key_marks
            if isinstance(map_key, Unknown):
                unknown = _keep(unknown, Unknown(f"for expression key unknown: {map_key.reason}"))
                continue
            name = to_string(map_key)
            if expr.grouping:
                results_map.setdefault(name, []).append(value)
            elif name in results_map:
                shown = describe(key_marks) if is_sensitive(key_marks) else repr(name)
                raise EvalError(f"duplicate key {shown} in for expression (use ... to group)", line)
            else:
                results_map[name] = value
        if unknown is not None:
            return unknown
        result = results_list if expr.key is None else results_map
        self.budget.alloc(functions.produced(result))
        return mark(result, frozenset(result_marks)) if result_marks else result

    # -- function calls --------------------------------------------------------------------
    def _call(self, expr: Call, scope: Scope, deps: set[str]) -> Any:
        name = expr.name
        if name in ("try", "can"):
            return self._try(expr, scope, deps)
        if name in ("sensitive", "nonsensitive") and len(expr.args) == 1:
            value = self.eval(expr.args[0], scope, deps)
            if name == "sensitive":
                return mark(value, frozenset({Sensitive(f"sensitive() on line {expr.span[0]}")}))
            return unmark_deep(value)[0]
        if name == "type":
            return Unknown("type() is only available in the console")
        args = [self.eval(arg, scope, deps) for arg in expr.args]
        if expr.expand_final and args:
            last, marks = unmark(args.pop())
            if isinstance(last, Unknown):
                return last
            if not isinstance(last, list):
                raise EvalError("only a list can be expanded with ...", expr.span[0])
            args.extend(mark(item, marks) for item in last)
        if not self.files and name in functions.FILE_FUNCTIONS:
            return Unknown(f"{name}() is not available here")
        try:
            result = functions.call(self.context, name, args)
        except EvalError as exc:
            raise EvalError(exc.message, expr.span[0]) from None
        self.budget.tick(functions.weight(result))
        self.budget.alloc(functions.produced(result))
        return result

    def _try(self, expr: Call, scope: Scope, deps: set[str]) -> Any:
        if not expr.args:
            raise EvalError(f"{expr.name}() needs at least one argument", expr.span[0])
        if expr.name == "can":
            if len(expr.args) != 1:
                raise EvalError("can() takes exactly one argument", expr.span[0])
            try:
                value = self.eval(expr.args[0], scope, deps)
            except EvalError:
                return False
            unknown = first_unknown(value)
            return Unknown(unknown.reason) if unknown is not None else True
        errors: list[str] = []
        for arg in expr.args:
            try:
                value = self.eval(arg, scope, deps)
            except EvalError as exc:
                errors.append(exc.message)
                continue
            if isinstance(value, Unknown):
                return value
            return value
        raise EvalError(f"no argument of try() succeeded: {errors[-1]}", expr.span[0])


def _keep(first: Unknown | None, second: Unknown | None) -> Unknown | None:
    """The first of two optional unknowns (``or`` would ask an Unknown for its truth)."""
    return first if first is not None else second


def _truth(value: Any, marks: frozenset[Mark], line: int) -> bool:
    """``to_bool`` whose error never quotes a sensitive value."""
    try:
        return to_bool(value)
    except EvalError as exc:
        raise redacted(EvalError(exc.message, line), marks, "condition") from None


def _arithmetic(op: str, a: int | float, b: int | float, line: int) -> Any:
    if op == "+":
        return normalize_number(a + b)
    if op == "-":
        return normalize_number(a - b)
    if op == "*":
        return normalize_number(a * b)
    if op == "/":
        if b == 0:
            raise EvalError("division by zero", line)
        return normalize_number(a / b)
    if op == "%":
        if b == 0:
            raise EvalError("modulo by zero", line)
        return normalize_number(_go_mod(a, b))
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    raise EvalError(f"unknown operator {op}", line)


class _Rendering:
    """A template being rendered: its pieces (text, and unknowns as holes), their total
    length, and the marks of the values interpolated into it."""

    __slots__ = ("marks", "out", "size")

    def __init__(self) -> None:
        self.out: list[str | Unknown] = []
        self.size = 0
        self.marks = NO_MARKS

    def mark(self, marks: frozenset[Mark]) -> None:
        if marks:
            self.marks |= marks

    def add(self, text: str, line: int) -> None:
        self.size += len(text)
        if self.size > functions.MAX_STRING:
            raise EvalError("template result too long", line)
        self.out.append(text)

    def hole(self, unknown: Unknown) -> None:
        self.out.append(unknown)


def _go_mod(a: int | float, b: int | float) -> int | float:
    """Remainder with the sign of the dividend, as in Terraform."""
    result = abs(a) % abs(b)
    return -result if a < 0 else result


def _describe(ns: Namespace) -> str:
    return f"{ns.kind} {ns.name}".strip()


def _render_unsupported(text: str, variables: dict[str, Any], path: str) -> Any:
    return Unknown("templatefile() is not available here")


_NO_FILES = functions.FunctionContext(
    cwd=Path("/nonexistent"), boundary=ReadBoundary(()), render_template=_render_unsupported
)

_HANDLERS: dict[type, Callable[[Evaluator, Any, Scope, set[str]], Any]] = {
    Literal: Evaluator._literal,
    Parens: Evaluator._parens,
    Wrap: Evaluator._wrap,
    TupleExpr: Evaluator._tuple,
    ObjectExpr: Evaluator._object,
    Template: Evaluator._template,
    ScopeRef: Evaluator._scope_ref,
    GetAttr: Evaluator._get_attr,
    Index: Evaluator._index,
    Splat: Evaluator._splat,
    SplatItem: Evaluator._splat_item,
    Unary: Evaluator._unary,
    BinaryChain: Evaluator._chain,
    Conditional: Evaluator._conditional,
    ForExpr: Evaluator._for,
    Call: Evaluator._call,
}


class SensitiveKeys(Exception):
    """A ``for_each`` whose instance keys would be (or derive from) sensitive values: Terraform
    refuses it ("Invalid for_each argument"), since the keys would expose them in addresses."""

    def __init__(self, marks: frozenset[Mark]) -> None:
        super().__init__(describe(marks))
        self.marks = marks


def collection_items(value: Any, what: str, line: int) -> Iterator[tuple[Any, Any]] | Unknown:
    """Keys and values of a ``for_each`` (a map, or a set of strings). Raises
    ``SensitiveKeys`` when the keys would carry a sensitive value (a map's element values may
    be sensitive: ``each.value`` then is)."""
    value, marks = unmark(value)
    if isinstance(value, Unknown):
        return Unknown(f"{what} is not known: {value.reason}")
    if is_sensitive(marks):
        raise SensitiveKeys(marks)
    if value is None:
        raise EvalError(f"{what} must not be null", line)
    if isinstance(value, dict):
        return iter(value.items())
    if isinstance(value, list):
        keys, key_marks = unmark(make_set(value))
        if isinstance(keys, Unknown):
            return Unknown(f"{what} has unknown elements: {keys.reason}")
        if is_sensitive(key_marks):
            raise SensitiveKeys(key_marks)
        for key in keys:
            if not isinstance(key, str):
                raise EvalError(f"{what} must be a map or a set of strings", line)
        return iter((k, k) for k in keys)
    raise EvalError(f"{what} must be a map or a set of strings, got {type_name(value)}", line)
