"""``terraform show -json`` documents (plans and states) and raw ``.tfstate`` files into
``TerraformResource`` records.

A plan gives, per resource instance, the planned values (``resource_changes[].change.after``),
which of them are only known after apply (``after_unknown``), which are sensitive
(``after_sensitive``), the prior values of an update (``before``) and the actions. Its
``configuration`` says which attributes the configuration sets and which resources their
expressions refer to: an unknown attribute the configuration does not set is filled in by the
provider (``COMPUTED_BY_PROVIDER``), the others depend on other resources.

Every format from 0.1 (Terraform 0.12) to 1.2 is read; anything else is refused with a reason.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacgate.model.addresses import base_address
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown
from iacgate.sources.diagnostics import SourceError
from iacgate.sources.terraform.records import COMPUTED_BY_PROVIDER, Reference, TerraformResource

KNOWN_AFTER_APPLY = "known after apply"
_NOT_RESOURCES = frozenset(
    {"var", "local", "each", "count", "path", "terraform", "self", "module", "data"}
)
_DEPTH_LIMIT = 200


@dataclass(frozen=True, slots=True)
class ModuleCall:
    """A module call of the configuration: where its source is, relative to its caller."""

    path: str  # module.a.module.b (no instance keys)
    source: str


@dataclass(frozen=True, slots=True)
class TerraformDocument:
    """What one plan or state document holds."""

    kind: str  # "plan" or "state"
    format_version: str
    terraform_version: str
    records: tuple[TerraformResource, ...]
    module_calls: tuple[ModuleCall, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()  # planned deletions (not part of the planned state)
    notes: tuple[str, ...] = ()


# -- document detection ----------------------------------------------------------------------


class _StrictJson(ValueError):
    """Valid for Python's parser, not for JSON (RFC 8259) or not for Terraform."""


def _strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _StrictJson(f"duplicate key {key[:80]!r}")
            seen.add(key)
    return value


def _strict_float(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):
        raise _StrictJson(f"number {text[:40]} is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise _StrictJson(f"{name} is not a JSON value")


def load_json(text: str) -> Any:
    """Parse JSON text strictly; a SourceError names the line and column of a syntax error.

    Python's parser accepts ``NaN``, ``Infinity``, numbers that overflow to infinity and
    duplicate keys (the last one wins); Terraform never writes them, and each could change a
    verdict unnoticed (``NaN`` compares unequal to everything), so each is a parse error.
    """
    try:
        return json.loads(
            text,
            object_pairs_hook=_strict_object,
            parse_float=_strict_float,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _StrictJson as exc:
        raise SourceError(f"invalid JSON: {exc}") from None
    except ValueError:  # Python's limit on the digits of an integer
        raise SourceError("invalid JSON: a number has too many digits") from None
    except RecursionError:
        raise SourceError("JSON nested too deeply") from None


def document_kind(data: Any) -> str | None:
    """``plan``, ``state`` (show -json of a state), ``tfstate`` (raw state file) or None."""
    if not isinstance(data, Mapping):
        return None
    if "planned_values" in data or "resource_changes" in data:
        return "plan"
    if "format_version" in data and "values" in data:
        return "state"
    if isinstance(data.get("version"), int) and "resources" in data and "lineage" in data:
        return "tfstate"
    if "format_version" in data and "terraform_version" in data:
        return "state"  # an empty state has no values
    return None


def read_document(data: Any, *, include_deleted: bool = False) -> TerraformDocument:
    """Records of a parsed plan, state or ``.tfstate`` document. Raises SourceError for a
    document of another shape or of a format version this reader does not know."""
    kind = document_kind(data)
    if kind is None:
        raise SourceError(
            "not a Terraform plan or state (expected the output of terraform show -json, "
            "or a .tfstate file)"
        )
    if kind == "tfstate":
        from iacgate.sources.terraform.state import read_tfstate

        return read_tfstate(data)
    version = str(data.get("format_version", ""))
    major = version.split(".", 1)[0]
    if major not in ("0", "1"):
        raise SourceError(f"unsupported {kind} format_version {version!r} (known: 0.1 to 1.x)")
    if kind == "state":
        from iacgate.sources.terraform.state import read_state

        return read_state(data)
    return _read_plan(data, include_deleted)


# -- plan ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Config:
    """The configuration of one resource: its expressions and where its module is."""

    expressions: Mapping[str, Any]


def _module_path(address: str) -> str:
    """``module.a["x"].module.b[0]`` -> ``module.a.module.b`` (configuration address)."""
    return base_address(address)


def _walk_config(
    module: Mapping[str, Any], prefix: str, out: dict[str, _Config], calls: list[ModuleCall]
) -> None:
    for resource in _items(module.get("resources")):
        if not isinstance(resource, Mapping):
            continue
        address = str(resource.get("address", ""))
        expressions = resource.get("expressions")
        full = f"{prefix}.{address}" if prefix else address
        out[full] = _Config(expressions if isinstance(expressions, Mapping) else {})
    module_calls = module.get("module_calls")
    if not isinstance(module_calls, Mapping):
        return
    for name, call in module_calls.items():
        if not isinstance(call, Mapping):
            continue
        path = f"{prefix}.module.{name}" if prefix else f"module.{name}"
        calls.append(ModuleCall(path, str(call.get("source", ""))))
        child = call.get("module")
        if isinstance(child, Mapping) and prefix.count("module.") < _DEPTH_LIMIT:
            _walk_config(child, path, out, calls)


def _resource_target(reference: str) -> str | None:
    """The resource a reference names (``aws_s3_bucket.b[0].arn`` -> ``aws_s3_bucket.b[0]``),
    or None for variables, locals, module outputs and the like."""
    parts = reference.split(".")
    if len(parts) < 2 or parts[0] in _NOT_RESOURCES:
        if parts[0] == "data" and len(parts) >= 3:
            return ".".join(parts[:3])
        return None
    return ".".join(parts[:2])


def _references(expressions: Any, path: AttrPath = ()) -> Iterator[tuple[AttrPath, str]]:
    """(attribute path, target resource) for every reference in a resource's expressions."""
    stack: list[tuple[AttrPath, Any]] = [(path, expressions)]
    while stack:
        where, node = stack.pop()
        if len(where) > _DEPTH_LIMIT:
            continue
        if isinstance(node, list):
            stack.extend(((*where, i), item) for i, item in enumerate(node))
            continue
        if not isinstance(node, Mapping):
            continue
        refs = node.get("references")
        if isinstance(refs, list) and ("constant_value" not in node or refs):
            seen: list[str] = []
            for ref in refs:
                target = _resource_target(str(ref))
                if target and target not in seen:
                    seen.append(target)
            # Most specific first: ``aws_x.y[0]`` before ``aws_x.y``.
            seen.sort(key=lambda t: -len(t))
            for target in seen:
                yield where, target
            continue
        if "constant_value" in node:
            continue
        for key, child in node.items():
            if isinstance(key, str):
                stack.append(((*where, key), child))


def _configured(config: Any, path: AttrPath) -> bool:
    """Whether the configuration writes something at ``path`` (or an ancestor of it)."""
    node = config
    for part in path:
        if isinstance(node, Mapping) and ("constant_value" in node or "references" in node):
            return True  # an expression covers everything below it
        if isinstance(part, int):
            if isinstance(node, list):
                if not node:
                    return False
                node = node[part] if part < len(node) else node[0]
                continue
            return isinstance(node, Mapping) and bool(node)
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def _with_unknowns(value: Any, unknown: Any, config: Any, path: AttrPath, has_config: bool) -> Any:
    """``after`` with every ``after_unknown`` leaf replaced by an Unknown."""
    if unknown is True:
        if has_config and not _configured(config, path):
            return Unknown(COMPUTED_BY_PROVIDER)
        return Unknown(KNOWN_AFTER_APPLY)
    if len(path) > _DEPTH_LIMIT:
        return value
    if isinstance(unknown, Mapping):
        base = value if isinstance(value, Mapping) else {}
        out = dict(base)
        for key, flag in unknown.items():
            out[key] = _with_unknowns(base.get(key), flag, config, (*path, key), has_config)
        return out if base or out else value
    if isinstance(unknown, list) and isinstance(value, list):
        out_list = list(value)
        for i, flag in enumerate(unknown[: len(value)]):
            out_list[i] = _with_unknowns(value[i], flag, config, (*path, i), has_config)
        for i in range(len(value), len(unknown)):
            out_list.append(_with_unknowns(None, unknown[i], config, (*path, i), has_config))
        return out_list
    if isinstance(unknown, list) and value is None and any(u is not False for u in unknown):
        return [
            _with_unknowns(None, flag, config, (*path, i), has_config)
            for i, flag in enumerate(unknown)
        ]
    return value


def sensitive_paths(flags: Any, path: AttrPath = ()) -> Iterator[AttrPath]:
    """Paths marked true in a ``sensitive_values`` / ``after_sensitive`` tree."""
    if flags is True:
        yield path
    elif len(path) > _DEPTH_LIMIT:
        return
    elif isinstance(flags, Mapping):
        for key, child in flags.items():
            yield from sensitive_paths(child, (*path, key))
    elif isinstance(flags, list):
        for index, child in enumerate(flags):
            yield from sensitive_paths(child, (*path, index))


def split_address(address: str) -> tuple[str, str | int | None]:
    """(module path with instance keys, instance key) of a resource instance address."""
    parts = _address_parts(address)
    cut = 0
    for i, part in enumerate(parts):
        if part.startswith("module."):
            cut = i + 1
    module = ".".join(parts[:cut])
    last = parts[-1] if len(parts) > cut else ""
    index: str | int | None = None
    if last.endswith("]") and "[" in last:
        key = last[last.index("[") + 1 : -1]
        if key.startswith('"') and key.endswith('"'):
            try:
                index = str(json.loads(key))
            except ValueError:
                index = key[1:-1]
        else:
            try:
                index = int(key)
            except ValueError:
                index = key
    return module, index


def _address_parts(address: str) -> list[str]:
    """Split an address on dots outside brackets, joining ``module`` with its name."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for char in address:
        if quoted:
            current.append(char)
            if char == '"':
                quoted = False
            continue
        if char == '"' and depth:
            quoted = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "." and not depth:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    merged: list[str] = []
    skip = False
    for i, part in enumerate(parts):
        if skip:
            skip = False
            continue
        if part == "module" and i + 1 < len(parts):
            merged.append(f"module.{parts[i + 1]}")
            skip = True
        else:
            merged.append(part)
    return merged


def _record(
    item: Mapping[str, Any],
    values: Any,
    *,
    references: tuple[Reference, ...] = (),
    actions: tuple[str, ...] = (),
    before: Any = None,
    sensitive: Any = None,
) -> TerraformResource:
    address = str(item.get("address", ""))
    module, index = split_address(address)
    if (
        "index" in item
        and isinstance(item["index"], str | int)
        and not isinstance(item["index"], bool)
    ):
        index = item["index"]
    provider = str(item.get("provider_name", "aws")).rsplit("/", 1)[-1]
    return TerraformResource(
        address=address,
        mode=str(item.get("mode", "managed")),
        type=str(item.get("type", "")),
        name=str(item.get("name", "")),
        module=str(item.get("module_address", module)),
        index=index,
        values=values if isinstance(values, Mapping) else {},
        references=references,
        provider=provider,
        actions=actions,
        before=before if isinstance(before, Mapping) else None,
        sensitive=frozenset(sensitive_paths(sensitive)) if sensitive else frozenset(),
    )


def iter_module_resources(module: Any, depth: int = 0) -> Iterator[Mapping[str, Any]]:
    """Resources of a ``values``/``planned_values`` module tree, child modules included."""
    if not isinstance(module, Mapping) or depth > _DEPTH_LIMIT:
        return
    for resource in _items(module.get("resources")):
        if isinstance(resource, Mapping) and "address" in resource:
            yield resource
    for child in _items(module.get("child_modules")):
        yield from iter_module_resources(child, depth + 1)


def _read_plan(data: Mapping[str, Any], include_deleted: bool) -> TerraformDocument:
    configs: dict[str, _Config] = {}
    calls: list[ModuleCall] = []
    configuration = data.get("configuration")
    has_config = isinstance(configuration, Mapping) and isinstance(
        configuration.get("root_module"), Mapping
    )
    if has_config:
        assert isinstance(configuration, Mapping)
        _walk_config(configuration["root_module"], "", configs, calls)
    records: list[TerraformResource] = []
    deleted: list[str] = []
    seen: set[str] = set()
    prior: dict[str, Any] = {}
    prior_state = data.get("prior_state")
    prior_values = prior_state.get("values") if isinstance(prior_state, Mapping) else None
    if isinstance(prior_values, Mapping):
        for resource in iter_module_resources(prior_values.get("root_module")):
            prior[str(resource["address"])] = resource.get("values")
    for change in _items(data.get("resource_changes")):
        if not isinstance(change, Mapping) or not isinstance(change.get("change"), Mapping):
            continue
        address = str(change.get("address", ""))
        body = change["change"]
        actions = tuple(str(a) for a in _items(body.get("actions")))
        if actions == ("delete",) and not include_deleted:
            deleted.append(address)
            continue
        if change.get("mode") == "data" and address in seen:
            continue
        config = configs.get(_module_path(address))
        expressions = config.expressions if config else {}
        after = body.get("after") if actions != ("delete",) else body.get("before")
        values = _with_unknowns(after, body.get("after_unknown"), expressions, (), has_config)
        references = tuple(Reference(p, t) for p, t in _references(expressions))
        before = body.get("before")
        if before is None and actions not in (("create",), ("read",)):
            before = prior.get(address)  # old formats leave before out; the prior state has it
        if "create" in actions and "delete" not in actions:
            before = None
        records.append(
            _record(
                change,
                values,
                references=references,
                actions=actions,
                before=before,
                sensitive=body.get("after_sensitive"),
            )
        )
        seen.add(address)
    # Resources with no change entry (old formats, or a plan without changes to them).
    planned = data.get("planned_values")
    root = planned.get("root_module") if isinstance(planned, Mapping) else None
    for resource in iter_module_resources(root):
        address = str(resource["address"])
        if address in seen:
            continue
        config = configs.get(_module_path(address))
        expressions = config.expressions if config else {}
        records.append(
            _record(
                resource,
                resource.get("values"),
                references=tuple(Reference(p, t) for p, t in _references(expressions)),
                sensitive=resource.get("sensitive_values"),
            )
        )
        seen.add(address)
    variables = data.get("variables")
    return TerraformDocument(
        kind="plan",
        format_version=str(data.get("format_version", "")),
        terraform_version=str(data.get("terraform_version", "")),
        records=tuple(records),
        module_calls=tuple(calls),
        variables={str(k): v.get("value") for k, v in variables.items() if isinstance(v, Mapping)}
        if isinstance(variables, Mapping)
        else {},
        deleted=tuple(deleted),
        notes=() if has_config else ("the plan has no configuration section",),
    )


def _items(value: Any) -> list[Any]:
    """A JSON array as a list; anything else (null, or a wrong type in a damaged document)
    as no items."""
    return value if isinstance(value, list) else []
