"""One evaluated module instance: its variables, locals, resources, module calls and outputs.

Everything is evaluated on demand and remembered, so that a reference evaluates what it needs
once, in any order, and a cycle (``local.a`` needs ``local.b`` needs ``local.a``) is detected
instead of recursing. Child module instances are shared through ``Session.instantiate``: a
module directory called with identical inputs is evaluated once, whoever calls it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate.model.diagnostics import DiagnosticKind
from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown
from iacgate.sources.terraform import datasources, functions
from iacgate.sources.terraform.config import Declared, ModuleConfig, is_local_source, source_of
from iacgate.sources.terraform.evaluate import (
    Budget,
    Evaluator,
    ModuleValue,
    Scope,
    SensitiveKeys,
    address_key,
    collection_items,
)
from iacgate.sources.terraform.marks import (
    Marked,
    Origin,
    Sensitive,
    describe,
    is_sensitive,
    mark,
    unmark,
    written_at,
)
from iacgate.sources.terraform.syntax import (
    Body,
    Expr,
    ObjectExpr,
    ScopeRef,
    Span,
    TupleExpr,
    unwrap,
)
from iacgate.sources.terraform.values import (
    EvalError,
    ResourceObject,
    TypeSpec,
    check_size,
    convert,
    iter_collection,
    plain,
    to_number,
)

MAX_INSTANCES = 10_000  # count / for_each instances of one block
_SCALAR_TYPES = frozenset({"any", "string", "number", "bool"})
MAX_MODULE_DEPTH = 16
RESOURCE_META = frozenset({"count", "for_each", "depends_on", "provider"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
MODULE_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


@dataclass(slots=True)
class InstanceRecord:
    """A resource instance relative to the module instance that declares (or lifts) it."""

    address: str
    module: str  # module path below the instance that holds this record ("" for its own)
    mode: str
    type: str
    name: str
    index: str | int | None
    values: dict[str, Any]
    spans: dict[AttrPath, Location]
    deps: dict[AttrPath, set[str]]


@dataclass(slots=True)
class _Expansion:
    keys: list[Any]  # instance keys; [None] for a block without count / for_each
    kind: str  # "single", "count", "for_each"
    unknown: Unknown | None = None  # count / for_each not known: one representative instance
    each: dict[Any, Any] = field(default_factory=dict)  # for_each: key -> each.value


@dataclass(slots=True)
class _Call:
    expansion: _Expansion
    target: Path | Unknown
    values: dict[Any, ModuleValue] = field(default_factory=dict)
    arg_deps: dict[Any, dict[str, set[str]]] = field(default_factory=dict)
    pending: bool = True  # its arguments are being evaluated
    provisional: dict[Any, ModuleValue] | None = None


class _LazyInputs(Mapping[str, Any]):
    """A module call's arguments evaluated one by one, when the module asks for them.

    Used while the call's own arguments are still being evaluated and one of them needs an
    output of the same call (``module.a`` arguments use ``module.b`` outputs and the other way
    round): Terraform orders this per output and variable, and so does this.
    """

    def __init__(self, caller: ModuleInstance, declared: Declared, bindings: dict[str, Any]):
        self.caller = caller
        self.file = declared.file
        self.attributes = {
            k: a for k, a in declared.block.body.attributes.items() if k not in MODULE_META
        }
        self.scope = Scope(caller, bindings)
        self.known: dict[str, Any] = {}
        self.deps: dict[str, set[str]] = {}
        self.busy: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        if name not in self.known:
            if name in self.busy:
                return Unknown(f"module argument {name} depends on itself")
            self.busy.add(name)
            inner: set[str] = set()
            try:
                attribute = self.attributes[name]
                value = self.caller.evaluator.value(attribute.expr, self.scope, inner)
            finally:
                self.busy.discard(name)
            value = written_at(value, self.file, attribute.span[0])
            self.known[name] = value
            self.deps[name] = inner
        return self.known[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.attributes)

    def __len__(self) -> int:
        return len(self.attributes)


def location(file: str, span: Span) -> Location:
    return Location(file, span[0], span[2], span[1], span[3])


def map_deps(inner: set[str], prefix: str, arg_deps: dict[str, set[str]]) -> set[str]:
    """Dependencies of a child instance as its caller sees them."""
    out: set[str] = set()
    for dep in inner:
        if dep.startswith("var."):
            out.update(arg_deps.get(dep[4:], ()))
        else:
            out.add(f"{prefix}.{dep}")
    return out


class ModuleInstance:
    def __init__(
        self,
        session: Any,  # Session (modules.py); Any to keep the import graph acyclic
        config: ModuleConfig,
        inputs: Mapping[str, Any],
        root_dir: Path,
        chain: tuple[Path, ...],
        call_path: tuple[str, ...],
    ) -> None:
        self.session = session
        self.config = config
        self.inputs = inputs
        self.root_dir = root_dir
        self.chain = chain
        self.call_path = call_path
        context = functions.FunctionContext(root_dir, session.files, self._render_template)
        self.evaluator = Evaluator(session.budget, context)
        self.scope = Scope(self)
        self._resource_types = {
            key.split(".")[0] for key in config.resources if not key.startswith("data.")
        }
        self._variables: dict[str, Any] = {}
        self._locals: dict[str, tuple[Any, set[str]]] = {}
        self._outputs: dict[str, tuple[Any, set[str]]] = {}
        self._in_progress: set[str] = set()
        self._expansions: dict[str, _Expansion] = {}
        self._instances: dict[tuple[str, Any], InstanceRecord | None] = {}
        self._read: dict[str, dict[str, Any]] = {}  # data sources read statically
        self._calls: dict[str, _Call] = {}
        self._records: list[InstanceRecord] | None = None
        self._constant: Evaluator | None = None  # for variable defaults (no scope)

    # -- names -----------------------------------------------------------------------------
    def has_resource_type(self, name: str) -> bool:
        return name in self._resource_types

    def path_value(self, name: str, line: int) -> str:
        if name == "module":
            return _relative(self.config.directory, self.root_dir)
        if name == "root":
            return "."
        if name == "cwd":
            return str(self.root_dir)
        raise EvalError(f"unknown attribute path.{name}", line)

    def variable(self, name: str, deps: set[str], line: int) -> Any:
        declared = self.config.variables.get(name)
        if declared is None:
            raise EvalError(f"reference to undeclared input variable {name!r}", line)
        deps.add(f"var.{name}")
        if name not in self._variables:
            self._variables[name] = self._variable_value(name, declared)
        return self._variables[name]

    def _variable_value(self, name: str, declared: Declared) -> Any:
        from iacgate.sources.terraform.variables import type_spec

        body = declared.block.body
        spec: TypeSpec = (
            type_spec(body.attributes["type"].expr)
            if "type" in body.attributes
            else (TypeSpec("any"))
        )
        default_attr = body.attributes.get("default")
        # Written here (a default) or by the user for the root module (.tfvars, --var): its
        # errors may quote the value. A module argument's errors belong to its caller.
        own = not self.call_path
        if name in self.inputs:
            value = self.inputs[name]
            if value is None and not _nullable(body) and default_attr is not None:
                value = self._default(declared, default_attr.expr, default_attr.span[0])
                own = True
        elif default_attr is not None:
            value = self._default(declared, default_attr.expr, default_attr.span[0])
            own = True
        else:
            where = "root module" if not self.call_path else "the module call"
            return Unknown(f"variable {name} has no value (not set by {where}, no default)")
        if _is_true(body, "sensitive"):
            # Marked before converting: a conversion error must not quote the value either;
            # nor may an error met while evaluating the value (in a default, a .tfvars file,
            # a --var), which was not marked yet.
            if own:
                value = _secret_errors(value, name)
            value = mark(value, frozenset({Sensitive(f"var.{name}")}))
        try:
            if spec.kind not in _SCALAR_TYPES:
                check_size(value)  # a conversion walks the value (it may share its elements)
            return convert(value, spec, f"var.{name}")
        except EvalError as exc:
            return Unknown(f"error: {exc.message}")

    def _default(self, declared: Declared, expr: Expr, line: int) -> Any:
        constant = self._constant
        if constant is None:
            constant = self._constant = Evaluator(self.session.budget)
        return written_at(constant.value(expr, Scope(None), set()), declared.file, line)

    def local(self, name: str, deps: set[str], line: int) -> Any:
        cached = self._locals.get(name)
        if cached is None:
            entry = self.config.locals.get(name)
            if entry is None:
                raise EvalError(f"reference to undeclared local value {name!r}", line)
            key = f"local.{name}"
            if key in self._in_progress:
                raise EvalError(f"local.{name} depends on itself", line)
            if len(self._in_progress) > 200:
                raise EvalError("chain of references too long", line)
            self._in_progress.add(key)
            inner: set[str] = set()
            try:
                value = self.evaluator.value(entry[0].expr, self.scope, inner)
            finally:
                self._in_progress.discard(key)
            value = written_at(value, entry[1], entry[0].span[0])
            cached = (value, inner)
            self._locals[name] = cached
        deps.update(cached[1])
        return cached[0]

    def output(self, name: str) -> tuple[Any, set[str]]:
        cached = self._outputs.get(name)
        if cached is None:
            declared = self.config.outputs[name]
            attribute = declared.block.body.attributes.get("value")
            key = f"output.{name}"
            if attribute is None:
                cached = (None, set())
            elif key in self._in_progress:
                cached = (Unknown(f"output {name} depends on itself"), set())
            else:
                self._in_progress.add(key)
                inner: set[str] = set()
                try:
                    value = self.evaluator.value(attribute.expr, self.scope, inner)
                finally:
                    self._in_progress.discard(key)
                cached = (value, inner)
            self._outputs[name] = cached
        return cached

    def output_is_sensitive(self, name: str) -> bool:
        return _is_true(self.config.outputs[name].block.body, "sensitive")

    # -- count / for_each ------------------------------------------------------------------
    def _take(self, count: int, what: str) -> None:
        """Count ``count`` instances against the root's limit (``Session.over_instances``)."""
        session = self.session
        session.instances_left -= count
        if session.instances_left < 0:
            where = ".".join([*(f"module.{name}" for name in self.call_path), what])
            session.over_instances(where)

    def _expand(self, declared: Declared, what: str) -> _Expansion:
        attributes = declared.block.body.attributes
        count = attributes.get("count")
        for_each = attributes.get("for_each")
        line = declared.block.span[0]
        if count is not None and for_each is not None:
            self.session.diagnose(declared.file, line, f"{what} sets both count and for_each")
            return _Expansion([None], "single", Unknown(f"{what} sets both count and for_each"))
        if count is not None:
            # Terraform accepts a sensitive count: its keys are only 0..n-1.
            value, marks = unmark(self.evaluator.value(count.expr, self.scope, set()))
            if isinstance(value, Unknown):
                return _Expansion(
                    [None], "count", Unknown(f"count of {what} unknown: {value.reason}")
                )
            shown = describe(marks) if marks and is_sensitive(marks) else None
            try:
                number = to_number(value)
            except EvalError as exc:
                reason = f"count of {what}: {shown or exc.message}"
                return _Expansion([None], "count", Unknown(reason))
            if number < 0 or int(number) != number:
                reason = f"count of {what} is {shown or number}, not a whole number of instances"
                return _Expansion([None], "count", Unknown(reason))
            if number > MAX_INSTANCES:
                self.session.diagnose(
                    declared.file, line, f"{what}: count {shown or number} is over {MAX_INSTANCES}"
                )
                return _Expansion([None], "count", Unknown(f"count of {what} too large"))
            return _Expansion(list(range(int(number))), "count")
        if for_each is not None:
            value = self.evaluator.value(for_each.expr, self.scope, set())
            try:
                items = collection_items(value, f"for_each of {what}", line)
            except SensitiveKeys as exc:
                self.session.diagnose(
                    declared.file,
                    line,
                    f"{what}: for_each uses {describe(exc.marks)}; Terraform refuses sensitive "
                    "instance keys (they would show in every address); not expanded",
                )
                reason = f"for_each of {what} is sensitive: not expanded"
                return _Expansion([None], "for_each", Unknown(reason))
            except EvalError as exc:
                return _Expansion([None], "for_each", Unknown(f"error: {exc.message}"))
            if isinstance(items, Unknown):
                return _Expansion([None], "for_each", items)
            each = dict(items)
            if len(each) > MAX_INSTANCES:
                self.session.diagnose(
                    declared.file, line, f"{what}: over {MAX_INSTANCES} instances"
                )
                return _Expansion([None], "for_each", Unknown(f"for_each of {what} too large"))
            return _Expansion(list(each), "for_each", None, each)
        return _Expansion([None], "single")

    def _bindings(self, declared: Declared, expansion: _Expansion, key: Any) -> dict[str, Any]:
        if expansion.unknown is not None:
            unknown = expansion.unknown
            if expansion.kind == "count":
                return {"count": {"index": unknown}}
            if expansion.kind == "for_each":
                return {"each": {"key": unknown, "value": unknown}}
            return {}
        if expansion.kind == "count":
            return {"count": {"index": key}}
        if expansion.kind == "for_each":
            return {"each": {"key": key, "value": expansion.each.get(key)}}
        return {}

    def _resource_expansion(self, key: str) -> _Expansion:
        expansion = self._expansions.get(key)
        if expansion is None:
            expansion = self._expand(self.config.resources[key], key)
            self._take(len(expansion.keys), key)
            self._expansions[key] = expansion
        return expansion

    # -- resources -------------------------------------------------------------------------
    def resource_value(self, mode: str, type_: str, name: str, deps: set[str], line: int) -> Any:
        key = f"{type_}.{name}" if mode == "managed" else f"data.{type_}.{name}"
        if key not in self.config.resources:
            raise EvalError(f"reference to undeclared resource {key}", line)
        deps.add(key)
        expansion = self._resource_expansion(key)
        if expansion.unknown is not None:
            return Unknown(expansion.unknown.reason)
        objects = [(k, self._object(key, k, mode == "data")) for k in expansion.keys]
        if expansion.kind == "single":
            return objects[0][1]
        if expansion.kind == "count":
            return [obj for _, obj in objects]
        return dict(objects)

    def _object(self, key: str, index: Any, data: bool) -> ResourceObject:
        address = key + ("" if index is None else address_key(index))
        record = self.instance_record(key, index)
        if record is None:
            return ResourceObject(address, {}, data)
        if data and datasources.has_evaluator(record.type):
            # A data source whose values follow from its arguments: read it as the provider
            # would, once per instance.
            read = self._read.get(address)
            if read is None:
                declared = self.config.resources[key]
                bindings = self._bindings(declared, self._resource_expansion(key), index)
                scope = Scope(self, bindings)
                read = datasources.read(self, declared, record.values, scope)
                self._read[address] = read
            return ResourceObject(address, read, data)
        return ResourceObject(address, record.values, data)

    def instance_record(self, key: str, index: Any) -> InstanceRecord | None:
        marker = (key, index)
        if marker in self._instances:
            return self._instances[marker]  # None while it is being evaluated (a cycle)
        self._instances[marker] = None
        declared = self.config.resources[key]
        expansion = self._resource_expansion(key)
        bindings = self._bindings(declared, expansion, index)
        scope = Scope(self, bindings)
        block = declared.block
        values: dict[str, Any] = {}
        spans: dict[AttrPath, Location] = {(): declared.location()}
        deps: dict[AttrPath, set[str]] = {}
        self.eval_body(block.body, scope, declared.file, (), values, spans, deps, top=True)
        type_, name = block.labels
        address = key + ("" if index is None else address_key(index))
        record = InstanceRecord(
            address=address,
            module="",
            mode="data" if key.startswith("data.") else "managed",
            type=type_,
            name=name,
            index=index,
            values=values,
            spans=spans,
            deps=deps,
        )
        self._instances[marker] = record
        return record

    def provider_record(self, key: str, declared: Declared) -> InstanceRecord:
        """A provider configuration block as a record: type ``provider.aws``, address
        ``provider.aws`` or ``provider.aws.<alias>``, its arguments evaluated as a resource's
        (a sensitive variable stays marked so)."""
        values: dict[str, Any] = {}
        spans: dict[AttrPath, Location] = {(): declared.location()}
        deps: dict[AttrPath, set[str]] = {}
        scope = Scope(self, {})
        self.eval_body(declared.block.body, scope, declared.file, (), values, spans, deps, top=True)
        provider, _, alias = key.partition(".")
        return InstanceRecord(
            address=f"provider.{key}",
            module="",
            mode="managed",
            type=f"provider.{provider}",
            name=alias or "default",
            index=None,
            values=values,
            spans=spans,
            deps=deps,
        )

    def eval_body(
        self,
        body: Body,
        scope: Scope,
        file: str,
        path: AttrPath,
        values: dict[str, Any],
        spans: dict[AttrPath, Location],
        deps: dict[AttrPath, set[str]],
        top: bool,
    ) -> None:
        for name, attribute in body.attributes.items():
            if top and name in RESOURCE_META:
                continue
            inner: set[str] = set()
            here = (*path, name)
            values[name] = self.evaluator.value(attribute.expr, scope, inner)
            spans[here] = location(file, attribute.span)
            _element_spans(attribute.expr, here, file, spans)
            if inner:
                deps[here] = inner
        for block in body.blocks:
            if top and block.type in RESOURCE_META_BLOCKS:
                continue
            if block.type == "dynamic":
                self._dynamic(block, scope, file, path, values, spans, deps)
                continue
            target = values.setdefault(block.type, [])
            if not isinstance(target, list):
                continue  # an unknown dynamic block of the same type already decided it
            here = (*path, block.type, len(target))
            spans.setdefault((*path, block.type), location(file, block.span))
            spans[here] = location(file, block.span)
            nested: dict[str, Any] = {}
            self.eval_body(block.body, scope, file, here, nested, spans, deps, top=False)
            target.append(nested)

    def blocks_around_unknown(self, declared: Declared, type_: str, scope: Scope) -> list[Any]:
        """The ``type_`` blocks of a resource's body in order, each dynamic block over an
        unknown collection standing as one Unknown item among the blocks written beside it
        (the body's own value of ``type_`` is then a whole Unknown)."""
        out: list[Any] = []
        for block in declared.block.body.blocks:
            holder: dict[str, Any] = {}
            if block.type == type_:
                nested: dict[str, Any] = {}
                self.eval_body(block.body, scope, declared.file, (), nested, {}, {}, top=False)
                out.append(nested)
            elif block.type == "dynamic" and tuple(block.labels) == (type_,):
                self._dynamic(block, scope, declared.file, (), holder, {}, {})
                expanded = holder.get(type_)
                out.extend(expanded if isinstance(expanded, list) else [expanded])
        return [item for item in out if item is not None]

    def _dynamic(
        self,
        block: Any,
        scope: Scope,
        file: str,
        path: AttrPath,
        values: dict[str, Any],
        spans: dict[AttrPath, Location],
        deps: dict[AttrPath, set[str]],
    ) -> None:
        if len(block.labels) != 1:
            self.session.diagnose(file, block.span[0], "dynamic block needs one label")
            return
        label = block.labels[0]
        attributes = block.body.attributes
        content = next((b for b in block.body.blocks if b.type == "content"), None)
        for_each = attributes.get("for_each")
        if content is None or for_each is None:
            self.session.diagnose(
                file, block.span[0], f"dynamic {label!r} needs for_each and a content block"
            )
            return
        iterator = label
        if "iterator" in attributes:
            ref = unwrap(attributes["iterator"].expr)
            if isinstance(ref, ScopeRef):
                iterator = ref.name
        here = (*path, label)
        inner: set[str] = set()
        collection, marks = unmark(self.evaluator.value(for_each.expr, scope, inner))
        if inner:
            deps.setdefault(here, set()).update(inner)
        spans.setdefault(here, location(file, block.span))
        if isinstance(collection, Unknown):
            values[label] = Unknown(
                f"dynamic {label} blocks: for_each unknown: {collection.reason}"
            )
            return
        if collection is None:
            return
        target = values.setdefault(label, [])
        if not isinstance(target, list):
            return
        try:
            items = list(iter_collection(collection))
        except EvalError as exc:
            values[label] = Unknown(f"error: dynamic {label}: {exc.message}")
            return
        for key, item in items:
            bound = {"key": mark(key, marks), "value": mark(item, marks)}
            child = scope.bind_map({iterator: bound})
            position = (*here, len(target))
            spans[position] = location(file, content.span)
            nested: dict[str, Any] = {}
            self.eval_body(content.body, child, file, position, nested, spans, deps, top=False)
            target.append(nested)

    # -- module calls ----------------------------------------------------------------------
    def module_value(self, name: str, deps: set[str], line: int) -> Any:
        if name not in self.config.modules:
            raise EvalError(f"reference to undeclared module {name!r}", line)
        call = self.module_call(name)
        expansion = call.expansion
        if expansion.unknown is not None and expansion.kind != "single":
            return Unknown(expansion.unknown.reason)
        values = self._provisional(name, call) if call.pending else call.values
        if expansion.kind == "single":
            return values[None]
        if expansion.kind == "count":
            return [values[k] for k in expansion.keys]
        return {k: values[k] for k in expansion.keys}

    def _provisional(self, name: str, call: _Call) -> dict[Any, ModuleValue]:
        """Instances that answer outputs while the call's arguments are still evaluated."""
        if call.provisional is None:
            call.provisional = {}
            declared = self.config.modules[name]
            for key in call.expansion.keys:
                address = f"module.{name}" + ("" if key is None else address_key(key))
                lazy = _LazyInputs(self, declared, self._bindings(declared, call.expansion, key))
                child: ModuleInstance | Unknown
                if isinstance(call.target, Unknown):
                    child = call.target
                else:
                    config = self.session.loader.module(call.target)
                    child = ModuleInstance(
                        self.session,
                        config,
                        lazy,
                        self.root_dir,
                        (*self.chain, self.config.directory),
                        (*self.call_path, name),
                    )
                call.provisional[key] = ModuleValue(address, child, _mapper(address, lazy.deps))
        return call.provisional

    def module_call(self, name: str) -> _Call:
        cached = self._calls.get(name)
        if cached is not None:
            return cached
        declared = self.config.modules[name]
        what = f"module.{name}"
        expansion = self._expand(declared, what)
        self._take(len(expansion.keys), what)
        target = self._resolve(declared, name)
        call = _Call(expansion, target)
        self._calls[name] = call  # before evaluating: a call that reaches itself sees it
        for key in expansion.keys:
            address = f"module.{name}" + ("" if key is None else address_key(key))
            bindings = self._bindings(declared, expansion, key)
            scope = Scope(self, bindings)
            inputs: dict[str, Any] = {}
            arg_deps: dict[str, set[str]] = {}
            for arg, attribute in declared.block.body.attributes.items():
                if arg in MODULE_META:
                    continue
                inner: set[str] = set()
                value = self.evaluator.value(attribute.expr, scope, inner)
                inputs[arg] = written_at(value, declared.file, attribute.span[0])
                arg_deps[arg] = inner
            child: ModuleInstance | Unknown
            if isinstance(target, Unknown):
                child = target
            else:
                child = self.session.instantiate(
                    target,
                    inputs,
                    self.root_dir,
                    (*self.chain, self.config.directory),
                    (*self.call_path, name),
                    declared,
                )
            call.arg_deps[key] = arg_deps
            call.values[key] = ModuleValue(address, child, _mapper(address, arg_deps))
        call.pending = False
        return call

    def _resolve(self, declared: Declared, name: str) -> Path | Unknown:
        source = source_of(declared)
        line = declared.block.span[0]
        if source is None:
            self.session.diagnose(declared.file, line, f"module {name!r} has no literal source")
            return Unknown(f"module {name} has no literal source")
        if is_local_source(source):
            target = (self.config.directory / source).resolve()
        else:
            found = self.session.downloaded_module(self.root_dir, (*self.call_path, name))
            if found is None:
                # Its resources are invisible: read but not judged, which gates (fail closed).
                self.session.diagnose(
                    declared.file,
                    line,
                    f"module {name!r}: {source!r} is not downloaded, so its resources are not "
                    "judged; run `terraform init -backend=false` in the root module to download it",
                    DiagnosticKind.NOT_SCANNED,
                )
                return Unknown(
                    f"module {name} ({source}) is not on disk; run terraform init to download it"
                )
            target = found
        if not self.session.modules.admits(str(target)):
            self.session.diagnose(
                declared.file, line, f"module {name!r}: source {source!r} is outside the scan root"
            )
            return Unknown(f"module {name} ({source}) is outside the scan root")
        if not target.is_dir():
            self.session.diagnose(declared.file, line, f"module {name!r}: no directory {source!r}")
            return Unknown(f"module {name}: directory {source} does not exist")
        if target in self.chain or target == self.config.directory:
            self.session.diagnose(
                declared.file,
                line,
                f"module {name!r} calls itself (module cycle through {source!r})",
            )
            return Unknown(f"module {name} is part of a module cycle")
        if len(self.chain) >= MAX_MODULE_DEPTH:
            self.session.diagnose(
                declared.file, line, f"module {name!r}: modules nested over {MAX_MODULE_DEPTH} deep"
            )
            return Unknown(f"module {name} nested too deeply")
        return target

    # -- records ---------------------------------------------------------------------------
    def records(self) -> list[InstanceRecord]:
        if self._records is not None:
            return self._records
        self._records = []  # a cycle back into this instance sees no records
        out: list[InstanceRecord] = []
        for key in self.config.resources:
            expansion = self._resource_expansion(key)
            for index in expansion.keys:
                record = self.instance_record(key, index)
                if record is not None:
                    out.append(record)
        out.extend(
            self.provider_record(key, declared) for key, declared in self.config.providers.items()
        )
        for name in self.config.modules:
            call = self.module_call(name)
            for key, value in call.values.items():
                if isinstance(value.instance, Unknown):
                    continue
                prefix = value.address
                arg_deps = call.arg_deps[key]
                children = value.instance.records()
                self._take(len(children), prefix)
                for child in children:
                    out.append(_lift(child, prefix, arg_deps))
        self._records = out
        return out

    # -- templatefile ----------------------------------------------------------------------
    def _render_template(self, text: str, variables: dict[str, Any], path: str) -> Any:
        from iacgate.sources.diagnostics import SourceError
        from iacgate.sources.terraform.hcl import parse_template

        try:
            expr: Expr = parse_template(text)
        except SourceError as exc:
            raise EvalError(f"template {path}: {exc.message}") from None
        # Only the variables passed in are visible, as in Terraform; functions still work.
        scope = Scope(None, dict(variables))
        evaluator = Evaluator(self.session.budget, self.evaluator.context)
        return evaluator.eval(expr, scope, set())


def _secret_errors(value: Any, name: str, depth: int = 0) -> Any:
    """``value`` with the reason of every Unknown in it replaced (it may quote the value)."""
    if isinstance(value, Unknown):
        return Unknown(f"var.{name} is sensitive and its value could not be evaluated")
    if depth > 100:
        return value
    if isinstance(value, dict):
        return {k: _secret_errors(v, name, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_secret_errors(v, name, depth + 1) for v in value]
    return value


def _mapper(prefix: str, arg_deps: dict[str, set[str]]) -> Callable[[set[str]], set[str]]:
    return lambda inner: map_deps(inner, prefix, arg_deps)


def _lift(record: InstanceRecord, prefix: str, arg_deps: dict[str, set[str]]) -> InstanceRecord:
    return InstanceRecord(
        address=f"{prefix}.{record.address}",
        module=prefix if not record.module else f"{prefix}.{record.module}",
        mode=record.mode,
        type=record.type,
        name=record.name,
        index=record.index,
        values=record.values,
        spans=record.spans,
        deps={path: map_deps(d, prefix, arg_deps) for path, d in record.deps.items()},
    )


def _element_spans(expr: Expr, path: AttrPath, file: str, spans: dict[AttrPath, Location]) -> None:
    """Lines of the elements of literal objects and tuples (``tags = { Name = ... }``)."""
    node = unwrap(expr)
    if isinstance(node, ObjectExpr):
        for item in node.items:
            key = unwrap(item.key)
            from iacgate.sources.terraform.syntax import Literal

            if isinstance(key, Literal) and isinstance(key.value, str) and item.span[0]:
                here = (*path, key.value)
                spans[here] = location(file, item.span)
                _element_spans(item.value, here, file, spans)
    elif isinstance(node, TupleExpr):
        for index, element in enumerate(node.items):
            if element.span[0]:
                here = (*path, index)
                spans[here] = location(file, element.span)
                _element_spans(element, here, file, spans)


def _is_true(body: Body, name: str) -> bool:
    from iacgate.sources.terraform.syntax import Literal

    attribute = body.attributes.get(name)
    return (
        attribute is not None
        and isinstance(attribute.expr, Literal)
        and attribute.expr.value is True
    )


def _nullable(body: Body) -> bool:
    from iacgate.sources.terraform.syntax import Literal

    attribute = body.attributes.get("nullable")
    return not (
        attribute is not None
        and isinstance(attribute.expr, Literal)
        and attribute.expr.value is False
    )


def _relative(directory: Path, root: Path) -> str:
    import os

    return Path(os.path.relpath(directory, root)).as_posix()


# Inputs larger than this are not worth a sharing key (and could be huge to write out:
# [local.a, local.a] nested 30 times is small in memory only).
_KEY_NODES = 100_000
_KEY_CHARS = 16 * 1024 * 1024


class _TooLarge(Exception):
    pass


def frozen_inputs(inputs: dict[str, Any]) -> str | None:
    """A key for ``inputs``: identical values give identical keys (instance sharing); None
    when the inputs are too large to key (the instance is then not shared)."""
    budget = [_KEY_NODES, _KEY_CHARS]
    try:
        return json.dumps(_freeze(inputs, budget), sort_keys=True, separators=(",", ":"))
    except (_TooLarge, RecursionError):
        return None


def _freeze(value: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or budget[1] < 0:
        raise _TooLarge
    if isinstance(value, Marked):
        # Origins stay out of the key: instances of one module with equal inputs are shared
        # (the first caller's origins then stand for all; the hook reads few callers).
        marks = sorted(str(m) for m in value.marks if not isinstance(m, Origin))
        if not marks:
            return _freeze(value.value, budget)
        return {"\x00marked": marks, "value": _freeze(value.value, budget)}
    if isinstance(value, Unknown):
        return {"\x00unknown": value.reason}
    if isinstance(value, ResourceObject):
        return {"\x00resource": value.address, "values": _freeze(dict(value.values), budget)}
    if isinstance(value, dict):
        budget[1] -= sum(len(k) for k in value)
        return {k: _freeze(v, budget) for k, v in value.items()}
    if isinstance(value, list):
        return [_freeze(v, budget) for v in value]
    if isinstance(value, float) and value != value:
        return "\x00nan"
    if isinstance(value, str):
        budget[1] -= len(value)
        return value
    return (
        plain(value)
        if not isinstance(value, str | int | float | bool) and value is not None
        else value
    )


__all__ = ["Budget", "InstanceRecord", "ModuleInstance", "frozen_inputs", "map_deps"]
