"""Reading one template (and the local nested stacks it names) into resource records.

A file is a template when its one document is a mapping with ``AWSTemplateFormatVersion``, or
with a ``Resources`` mapping of which some entry has a ``Type`` shaped like a CloudFormation type
(``AWS::S3::Bucket``, ``Alexa::ASK::Skill``, ``Custom::Thing``, a registry type
``Org::Service::Resource``). Anything else is left to the other sources.

Nested stacks (``AWS::CloudFormation::Stack``) whose ``TemplateURL`` is a local path (relative to
the parent template, as ``aws cloudformation package`` reads it) are followed with their
``Parameters`` passed in; their resources are addressed ``Stack/LogicalId`` (deeper stacks add
their logical ids: ``Network/Subnets/SubnetA``) in the scope of the root template, and
``Fn::GetAtt Stack.Outputs.Name`` resolves to the child's output. Remote URLs are not fetched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.sources.cloudformation import foreach, sam
from iacgate.sources.cloudformation.detect import is_template, parse_with
from iacgate.sources.cloudformation.intrinsics import (
    NOVALUE,
    Context,
    Resolution,
    StackOutput,
)
from iacgate.sources.cloudformation.parameters import CloudFormationOptions, pseudo_values
from iacgate.sources.cloudformation.records import CloudFormationResource, Reference
from iacgate.sources.cloudformation.tags import TagCollector, function_of, to_plain, uses_rain
from iacgate.sources.diagnostics import Diagnostic, DiagnosticKind, SourceError
from iacgate.sources.structured import Document
from iacgate.sources.textfile import read_text

STACK_TYPE = "AWS::CloudFormation::Stack"
MAX_NESTING = 16
_LIST_TYPES = ("CommaDelimitedList", "List<")
_SSM_TYPE = "AWS::SSM::Parameter::Value<"
_LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


# Generated properties whose SAM source property has another name.
_SAM_ALIASES = {
    "ManagedPolicyArns": "Policies",
    "Code": "CodeUri",
    "TracingConfig": "Tracing",
    "Content": "ContentUri",
    "DefinitionS3Location": "DefinitionUri",
    "BodyS3Location": "DefinitionUri",
}


# -- results ---------------------------------------------------------------------------------


@dataclass(slots=True)
class TemplateResult:
    records: list[CloudFormationResource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Display paths of the nested templates read as part of this one.
    includes: list[str] = field(default_factory=list)


def read_template(
    document: Document,
    display: str,
    *,
    path: Path | None,
    root: Path | None,
    options: CloudFormationOptions | None = None,
    rain: bool = False,
) -> TemplateResult:
    """Records for the resources of one root template (and of its local nested stacks).

    ``rain``: the template uses rain directives (``!Rain::Module``), so names rain defines are
    unknown rather than errors."""
    options = options or CloudFormationOptions()
    result = TemplateResult()
    given: dict[str, Any] = {k: v for k, v in options.parameters.items() if "::" not in k}
    chain = (path.resolve(),) if path is not None else ()
    reader = _Stack(
        document.value,
        document.spans,
        display,
        path=path,
        root=root,
        template=display,
        stack_path=(),
        given=given,
        options=options,
        chain=chain,
        result=result,
        rain=rain or uses_rain(document.value),
    )
    reader.read()
    return result


# -- one stack -------------------------------------------------------------------------------


class _Stack:
    def __init__(
        self,
        value: Any,
        spans: Mapping[AttrPath, Location],
        file: str,
        *,
        path: Path | None,
        root: Path | None,
        template: str,
        stack_path: tuple[str, ...],
        given: Mapping[str, Any],
        options: CloudFormationOptions,
        chain: tuple[Path, ...],
        result: TemplateResult,
        rain: bool = False,
        enclosing: tuple[Location, ...] = (),
    ) -> None:
        self.rain = rain
        self.enclosing = enclosing
        self.value = value
        self.spans = spans
        self.file = file
        self.path = path
        self.root = root
        self.template = template
        self.stack_path = stack_path
        self.given = given
        self.options = options
        self.chain = chain
        self.result = result
        self.bodies: dict[str, tuple[Any, AttrPath | None, str | None]] = {}
        self.resolved: dict[str, Resolution] = {}
        self.resolving: set[str] = set()
        self.children: dict[str, _Stack | None] = {}
        self.outputs: dict[str, StackOutput] | None = None
        self.context: Context | None = None

    # -- diagnostics -------------------------------------------------------------------------

    def error(self, message: str, path: AttrPath = (), line: int = 0) -> None:
        if not line:
            line = _line_of(self.spans, path)
        self.result.diagnostics.append(
            Diagnostic(DiagnosticKind.PARSE_ERROR, self.file, message, line)
        )

    def not_judged(self, message: str, path: AttrPath = (), line: int = 0) -> None:
        """A limit cut something off: a gating file-not-scanned finding, with the reason."""
        self.result.diagnostics.append(
            Diagnostic(
                DiagnosticKind.NOT_SCANNED, self.file, message, line or _line_of(self.spans, path)
            )
        )

    def note(self, message: str, path: AttrPath = ()) -> None:
        self.result.diagnostics.append(
            Diagnostic(DiagnosticKind.SKIPPED, self.file, message, _line_of(self.spans, path))
        )

    def address(self, logical_id: str) -> str:
        return "/".join((*self.stack_path, logical_id))

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> None:
        template = self.value
        if not isinstance(template, dict):
            self.error("a template must be a mapping")
            return
        resources = template.get("Resources")
        if not isinstance(resources, dict) or not resources:
            self.error("a template needs a Resources section with at least one resource")
            return
        context = self._context(template)
        self.context = context
        transforms = sam.transforms_of(template)
        for name in transforms:
            if name not in (sam.SAM_TRANSFORM, _LANGUAGE_EXTENSIONS):
                self.note(
                    f"transform {name} is a macro CloudFormation runs at deploy time: "
                    "resources are read as written",
                    ("Transform",),
                )
        self._collect_resources(resources, context)
        if sam.SAM_TRANSFORM in transforms:
            self._expand_sam(template, context)
        context.resources = {key: self.address(key) for key in self.bodies}
        context.aws_typed = frozenset(
            key
            for key, (body, _, _) in self.bodies.items()
            if isinstance(body, dict)
            and isinstance(body.get("Type"), str)
            and body["Type"].startswith("AWS::")
        )
        for logical_id in self.bodies:
            record = self._record(logical_id)
            if record is not None:
                self.result.records.append(record)
                if record.type == STACK_TYPE:
                    self._child(logical_id)
        self._flush(context)

    def _flush(self, context: Context) -> None:
        seen: set[tuple[str, str, int]] = set()
        for problem in context.problems:
            key = (problem.message, problem.file, problem.line)
            if key in seen:
                continue
            seen.add(key)
            if problem.not_judged:
                self.not_judged(problem.message, line=problem.line)
            else:
                self.error(problem.message, line=problem.line)
        context.problems.clear()

    def _context(self, template: dict[str, Any]) -> Context:
        declared = template.get("Parameters")
        declared = declared if isinstance(declared, dict) else {}
        values: dict[str, Any] = {}
        secret: set[str] = set()
        for name, spec in declared.items():
            spec = spec if isinstance(spec, dict) else {}
            if str(spec.get("NoEcho", "")).lower() == "true":
                secret.add(name)
            values[name] = self._parameter(name, spec)
        mappings = template.get("Mappings")
        conditions = template.get("Conditions")
        return Context(
            file=self.file,
            spans=self.spans,
            parameters=values,
            secret_parameters=frozenset(secret),
            pseudo=pseudo_values(self.options.parameters, self.options.stack_name),
            mappings=mappings if isinstance(mappings, dict) else {},
            conditions=dict(conditions) if isinstance(conditions, dict) else {},
            resources={},
            stack_output=self._stack_output,
            # Values a parameter file gave: the root stack's only (a nested stack's
            # parameters are written in its parent).
            parameter_origins=self.options.origins if not self.stack_path else None,
            rain=self.rain,
        )

    def _parameter(self, name: str, spec: Mapping[str, Any]) -> Any:
        kind = str(spec.get("Type", "String"))
        if name in self.given:
            value = self.given[name]
        elif "Default" in spec:
            value = spec["Default"]
        elif self.stack_path:
            return Unknown(f"parameter {name} of nested stack {self.address('')[:-1]} is not set")
        else:
            return Unknown(f"parameter {name} has no default (set --cfn-param {name}=...)")
        if is_unknown(value):
            return value
        if kind.startswith(_SSM_TYPE):
            return Unknown(f"parameter {name} is read from SSM Parameter Store at deploy time")
        if isinstance(value, list):
            return [_scalar_text(v) for v in value]
        text = _scalar_text(value)
        if kind.startswith(_LIST_TYPES):
            return text.split(",") if text else []
        return text

    def _collect_resources(self, resources: dict[str, Any], context: Context) -> None:
        def collection(value: Any, where: AttrPath) -> Any:
            return context.resolve(value, where, record=False).value

        try:
            for found in foreach.expand(resources, ("Resources",), collection):
                if isinstance(found, tuple):
                    loop, unknown = found
                    if isinstance(unknown, foreach.ForEachTooLarge):
                        self.not_judged(str(unknown), ("Resources", loop))
                        continue
                    self.note(
                        f"{loop} not expanded: its collection is unknown ({unknown.reason})",
                        ("Resources", loop),
                    )
                    continue
                if found.key in self.bodies:
                    self.error(f"duplicate resource {found.key!r}", found.path)
                    continue
                self.bodies[found.key] = (found.body, found.path, None)
        except foreach.ForEachError as exc:
            self.error(str(exc), ("Resources",))
        self._flush(context)

    def _expand_sam(self, template: dict[str, Any], context: Context) -> None:
        plain = to_plain({key: value for key, value in template.items() if key != "Resources"})
        plain["Resources"] = {key: to_plain(body) for key, (body, _, _) in self.bodies.items()}
        # Loops are already unrolled; SAM must not apply them a second time.
        plain["Transform"] = sam.SAM_TRANSFORM
        try:
            expansion = sam.expand(plain, self.options.region)
        except ImportError:
            self.error(
                "SAM templates are expanded by the SAM translator: "
                "pip install 'iacgate[cloudformation]'",
                ("Transform",),
            )
            return
        except Exception as exc:  # the translator's own failures must not stop the scan
            self.error(f"SAM transform failed: {type(exc).__name__}: {exc}", ("Transform",))
            return
        for message in expansion.errors:
            self.error(f"SAM: {message}", ("Transform",))
        if expansion.errors:
            return
        for logical_id, body in expansion.resources.items():
            self.bodies[logical_id] = (body, None, expansion.sources.get(logical_id) or "")
        # Serverless resources that SAM replaced under another name are gone.
        for logical_id in [k for k, (b, _, _) in self.bodies.items() if _is_serverless(b)]:
            if logical_id not in expansion.resources:
                del self.bodies[logical_id]
        context.conditions.update(expansion.conditions)

    # -- one resource ------------------------------------------------------------------------

    def _resolve_properties(self, logical_id: str) -> Resolution | None:
        """The resolved properties of a resource (memoized; None while being resolved)."""
        if logical_id in self.resolved:
            return self.resolved[logical_id]
        if logical_id in self.resolving:
            return None
        assert self.context is not None
        body, src, _ = self.bodies[logical_id]
        properties = body.get("Properties", {}) if isinstance(body, dict) else {}
        self.resolving.add(logical_id)
        try:
            where = (*src, "Properties") if src is not None else ("Resources", logical_id)
            resolution = self.context.resolve(properties, where, record=src is not None)
        finally:
            self.resolving.discard(logical_id)
        self.resolved[logical_id] = resolution
        return resolution

    def _record(self, logical_id: str) -> CloudFormationResource | None:
        context = self.context
        assert context is not None
        body, src, sam_source = self.bodies[logical_id]
        where: AttrPath = src if src is not None else ()
        if not isinstance(body, dict):
            self.error(f"resource {logical_id} must be a mapping", where)
            return None
        kind = body.get("Type")
        if kind is None:
            self.error(f"resource {logical_id} has no Type", where)
            return None
        if not isinstance(kind, str) or not kind:
            call = function_of(kind)
            if call is not None and call[0] == "Rain::Module":
                self.note(
                    f"resource {logical_id} is a rain module ({call[1]}): 'rain pkg' expands it",
                    (*where, "Type"),
                )
                return None
            self.error(f"resource {logical_id}: Type must be a string", (*where, "Type"))
            return None
        condition = body.get("Condition")
        created: bool | Unknown = True
        if condition is not None:
            if not isinstance(condition, str):
                self.error(f"resource {logical_id}: Condition must be a name", where)
                return None
            created = context.condition(condition, (*where, "Condition"))
            if created is False:
                return None
        properties = body.get("Properties", {})
        if properties is None:
            properties = {}
        if not isinstance(properties, dict):
            self.error(f"resource {logical_id}: Properties must be a mapping", where)
            return None
        resolution = self._resolve_properties(logical_id)
        assert resolution is not None
        value = resolution.value
        if value is NOVALUE:
            value = {}
        spans = dict(resolution.spans)
        if src is not None:
            entry = self.spans.get(src)
            if entry is not None:
                spans[()] = entry
        else:
            spans = self._sam_spans(value, sam_source)
        return CloudFormationResource(
            address=self.address(logical_id),
            logical_id=logical_id,
            type=kind,
            properties=value if isinstance(value, dict) or is_unknown(value) else {},
            template=self.template,
            file=self.file,
            spans=spans,
            references=tuple(resolution.references),
            condition=condition,
            created=created,
            depends_on=self._depends_on(body.get("DependsOn"), logical_id, where),
            metadata=self._plain_value(body.get("Metadata"), (*where, "Metadata")) or {},
            deletion_policy=self._policy(body.get("DeletionPolicy"), (*where, "DeletionPolicy")),
            update_replace_policy=self._policy(
                body.get("UpdateReplacePolicy"), (*where, "UpdateReplacePolicy")
            ),
            sensitive=frozenset(resolution.sensitive),
            origins={path: tuple(sorted(found)) for path, found in resolution.origins.items()},
            stack_path=self.stack_path,
            enclosing=self.enclosing,
            sam_source=sam_source,
        )

    def _sam_spans(self, value: Any, source: str | None) -> dict[AttrPath, Location]:
        """Lines of a SAM-generated resource: its source resource, and the source's property
        at the same path where SAM kept the name (``Runtime``, ``Environment.Variables.X``)."""
        base: AttrPath = ("Resources", source) if source else ("Transform",)
        spans: dict[AttrPath, Location] = {}
        entry = self.spans.get(base) or self.spans.get(())
        if entry is not None:
            spans[()] = entry
        if not source:
            return spans
        for path in _paths(value):
            found = self.spans.get((*base, "Properties", *path))
            if found is None and len(path) == 1:
                alias = _SAM_ALIASES.get(str(path[0]))
                found = self.spans.get((*base, "Properties", alias)) if alias else None
            if found is not None:
                spans[path] = found
        return spans

    def _plain_value(self, node: Any, where: AttrPath) -> Any:
        if node is None:
            return None
        assert self.context is not None
        value = self.context.resolve(node, where, record=False).value
        return None if value is NOVALUE else value

    def _policy(self, node: Any, where: AttrPath) -> str | Unknown | None:
        value = self._plain_value(node, where)
        return value if isinstance(value, str) or is_unknown(value) else None

    def _depends_on(self, node: Any, logical_id: str, where: AttrPath) -> tuple[str, ...]:
        names = [node] if isinstance(node, str) else node if isinstance(node, list) else []
        out: list[str] = []
        for name in names:
            if isinstance(name, str) and name in self.bodies:
                out.append(self.address(name))
            else:
                self.error(f"resource {logical_id} depends on undefined {name!r}", where)
        return tuple(out)

    # -- nested stacks -----------------------------------------------------------------------

    def _stack_output(self, logical_id: str, output: str) -> StackOutput | None:
        child = self._child(logical_id)
        if child is None or child.outputs is None:
            return None
        return child.outputs.get(output)

    def _child(self, logical_id: str) -> _Stack | None:
        """The nested stack of a stack resource, read once; None when not followed."""
        if logical_id in self.children:
            return self.children[logical_id]
        body, src, _ = self.bodies.get(logical_id, (None, None, None))
        if not isinstance(body, dict) or body.get("Type") != STACK_TYPE:
            return None
        self.children[logical_id] = None  # a cycle through outputs ends here
        resolution = self._resolve_properties(logical_id)
        if resolution is None or not isinstance(resolution.value, dict):
            return None
        where = (*(src or ("Resources", logical_id)), "Properties")
        url = resolution.value.get("TemplateURL")
        if not isinstance(url, str) or _REMOTE.match(url) or self.path is None:
            return None
        child_path = (self.path.parent / url).resolve()
        display = posixpath.normpath(posixpath.join(posixpath.dirname(self.file), url))
        if len(self.chain) >= MAX_NESTING:
            self.error(f"nested stacks deeper than {MAX_NESTING} levels", (*where, "TemplateURL"))
            return None
        if child_path in self.chain:
            self.error(f"nested stack cycle: {url} includes itself", (*where, "TemplateURL"))
            return None
        if self.root is not None and not _inside(child_path, self.root):
            self.error(f"nested template {url} is outside the scan root", (*where, "TemplateURL"))
            return None
        read = read_text(child_path)
        if read.text is None:
            reason = read.error or read.skipped or "cannot read"
            if not child_path.exists():
                reason = "file not found"
            self.error(f"nested template {url}: {reason}", (*where, "TemplateURL"))
            return None
        tags = TagCollector()
        try:
            documents = parse_with(read.text, display, tags)
        except SourceError as exc:
            self.result.diagnostics.append(
                Diagnostic(DiagnosticKind.PARSE_ERROR, display, exc.message, exc.line, exc.column)
            )
            return None
        if not is_template(documents):
            self.error(f"nested template {url} is not a CloudFormation template", where)
            return None
        parameters = resolution.value.get("Parameters")
        given = dict(parameters) if isinstance(parameters, dict) else {}
        child = _Stack(
            documents[0].value,
            documents[0].spans,
            display,
            path=child_path,
            root=self.root,
            template=self.template,
            stack_path=(*self.stack_path, logical_id),
            given=given,
            options=self.options,
            chain=(*self.chain, child_path),
            result=self.result,
            rain=tags.rain or uses_rain(documents[0].value),
            enclosing=(*self.enclosing, *_entry(self.spans, src or ("Resources", logical_id))),
        )
        self.result.includes.append(display)
        child.read()
        child.outputs = child._outputs()
        self.children[logical_id] = child
        return child

    def _outputs(self) -> dict[str, StackOutput]:
        outputs = self.value.get("Outputs") if isinstance(self.value, dict) else None
        if not isinstance(outputs, dict) or self.context is None:
            return {}
        found: dict[str, StackOutput] = {}
        for name, body in outputs.items():
            if not isinstance(body, dict) or "Value" not in body:
                continue
            condition = body.get("Condition")
            if isinstance(condition, str) and self.context.condition(condition, ()) is False:
                continue
            resolution = self.context.resolve(body["Value"], ("Outputs", name, "Value"))
            refs = tuple(
                Reference((), r.target, r.attribute, r.certain) for r in resolution.references
            )
            found[name] = StackOutput(resolution.value, refs)
        self._flush(self.context)
        return found


# -- helpers ---------------------------------------------------------------------------------


def _entry(spans: Mapping[AttrPath, Location], path: AttrPath) -> tuple[Location, ...]:
    found = spans.get(path)
    return (found,) if found is not None else ()


def _is_serverless(body: Any) -> bool:
    return isinstance(body, dict) and str(body.get("Type", "")).startswith(sam.SAM_PREFIX)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list) or function_of(value) is not None:
        return str(to_plain(value))
    return str(value)


def _line_of(spans: Mapping[AttrPath, Location], path: AttrPath) -> int:
    for end in range(len(path), -1, -1):
        found = spans.get(path[:end])
        if found is not None:
            return found.start_line
    return 0


def _paths(value: Any, prefix: AttrPath = ()) -> list[AttrPath]:
    out: list[AttrPath] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append((*prefix, key))
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.append((*prefix, index))
            out.extend(_paths(item, (*prefix, index)))
    return out


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    return True
