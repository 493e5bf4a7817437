"""Data sources whose values follow from their arguments alone, evaluated as the provider would.

``data.aws_iam_policy_document`` renders its statements to the JSON the AWS provider puts in
``json`` and ``minified_json`` (hashicorp/aws 5.x, ``data_source_iam_policy_document.go``):
actions, resources and principal identifiers are sets, written as a string when there is one
and reverse-sorted otherwise; condition values keep their order; principals are grouped by
type and conditions by test and variable; ``&{...}`` becomes ``${...}``;
``source_policy_documents``, the statements and ``override_policy_documents`` are merged in that
order, a statement with the ``Sid`` of an earlier one replacing it. ``aws_partition`` and
``aws_region`` follow from the provider configuration's region; ``aws_caller_identity`` knows
only the shape of its ARN.

Where an argument is unknown, what it decides stays unknown and the rest is rendered: the
``json`` is then an ``Unknown`` whose ``decoded`` holds the document with unknown leaves, so
that a policy built from it is judged statement by statement. Registry: ``EVALUATORS``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iacgate.model.unknown import Unknown, concat
from iacgate.sources.terraform.marks import mark
from iacgate.sources.terraform.syntax import GetAttr, ScopeRef, unwrap
from iacgate.sources.terraform.values import unmark_deep

if TYPE_CHECKING:
    from iacgate.sources.terraform.config import Declared
    from iacgate.sources.terraform.evaluate import Scope
    from iacgate.sources.terraform.instance import ModuleInstance

# -- the context a data source is read in -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProviderView:
    """What an evaluator may know of the provider configuration that reads the data source:
    its region (a string, or the Unknown saying why not)."""

    region: Any


Evaluator = Callable[[Mapping[str, Any], ProviderView], dict[str, Any]]


def evaluate(type_: str, values: Mapping[str, Any], provider: ProviderView) -> dict[str, Any]:
    """The attributes the provider computes for a data source of ``type_`` (empty when there is
    no static evaluator: they stay "read from the provider at plan time")."""
    evaluator = EVALUATORS.get(type_)
    return evaluator(values, provider) if evaluator is not None else {}


def has_evaluator(type_: str) -> bool:
    return type_ in EVALUATORS


def read(
    instance: ModuleInstance, declared: Declared, values: Mapping[str, Any], scope: Scope
) -> dict[str, Any]:
    """The data source's arguments and the attributes computed from them. Marks (a
    sensitive argument) carry over to every computed attribute."""
    type_ = declared.block.labels[0]
    plain, marks = unmark_deep(dict(values))
    if type_ == "aws_iam_policy_document" and isinstance(plain.get("statement"), Unknown):
        # A dynamic block over an unknown collection left every statement unknown; the
        # statements written beside it are known, and judged.
        blocks, found = unmark_deep(instance.blocks_around_unknown(declared, "statement", scope))
        plain["statement"], marks = blocks, marks | found
    computed = evaluate(type_, plain, provider_view(instance, declared))
    if marks:
        computed = {name: mark(value, marks) for name, value in computed.items()}
    return {**values, **computed}


def provider_view(instance: ModuleInstance, declared: Declared) -> ProviderView:
    """The region of the provider configuration that reads the data source: its ``provider``
    argument's, else the default configuration of its provider, written in the same module."""
    type_ = declared.block.labels[0]
    name = type_.split("_", 1)[0]
    chosen = declared.block.body.attributes.get("provider")
    if chosen is not None:
        expr = unwrap(chosen.expr)
        if isinstance(expr, GetAttr) and isinstance(expr.obj, ScopeRef):
            name = f"{expr.obj.name}.{expr.name}"
        elif isinstance(expr, ScopeRef):
            name = expr.name
    configured = instance.config.providers.get(name)
    if configured is None:
        if instance.call_path:
            why = f"the provider configuration {name} comes from the module's caller"
        else:
            why = f"no provider {name} block: the region comes from the environment"
        return ProviderView(Unknown(why))
    attribute = configured.block.body.attributes.get("region")
    if attribute is None:
        return ProviderView(Unknown(f"provider {name} sets no region: the environment's"))
    from iacgate.sources.terraform.evaluate import Scope

    region, _ = unmark_deep(instance.evaluator.value(attribute.expr, Scope(instance), set()))
    if region is None:
        return ProviderView(Unknown(f"provider {name} sets no region: the environment's"))
    return ProviderView(region)


# -- partitions and regions -----------------------------------------------------------------------

# Region name prefixes of the partitions other than "aws", longest first.
_PARTITION_PREFIXES = (
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-iso-", "aws-iso"),
    ("us-gov-", "aws-us-gov"),
    ("eusc-", "aws-eusc"),
    ("cn-", "aws-cn"),
)
_DNS_SUFFIX = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}
# Every partition's name starts so: an unknown partition is still known not to be "*".
_PARTITION_SHAPE = ("aws", None)


def partition_of(region: Any) -> Any:
    if isinstance(region, Unknown):
        return Unknown(f"the partition follows the region: {region.reason}", _PARTITION_SHAPE)
    if not isinstance(region, str):
        return Unknown("the provider's region is not a string", _PARTITION_SHAPE)
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


def _dns_suffix(partition: Any) -> Any:
    if isinstance(partition, str) and partition in _DNS_SUFFIX:
        return _DNS_SUFFIX[partition]
    return Unknown(f"the DNS suffix of partition {partition!r} is not tabulated")


def aws_partition(values: Mapping[str, Any], provider: ProviderView) -> dict[str, Any]:
    partition = partition_of(provider.region)
    if isinstance(partition, Unknown):
        suffix: Any = Unknown(partition.reason)
    else:
        suffix = _dns_suffix(partition)
    reverse = ".".join(reversed(suffix.split("."))) if isinstance(suffix, str) else suffix
    return {
        "id": partition,
        "partition": partition,
        "dns_suffix": suffix,
        "reverse_dns_prefix": reverse,
    }


def aws_region(values: Mapping[str, Any], provider: ProviderView) -> dict[str, Any]:
    # A region named in the data source (``name = "us-east-1"``) is that region.
    named = values.get("name")
    region = named if named is not None else provider.region
    if not isinstance(region, str | Unknown):
        region = Unknown("the region is not a string")
    suffix = _dns_suffix(partition_of(region)) if isinstance(region, str) else region
    endpoint = concat(["ec2.", region, ".", suffix]) if region is not None else None
    return {"name": region, "id": region, "endpoint": endpoint}


def aws_caller_identity(values: Mapping[str, Any], provider: ProviderView) -> dict[str, Any]:
    account = Unknown(
        "the account id is read from the provider at plan time (the credentials' account)"
    )
    partition = partition_of(provider.region)
    # arn:<partition>:iam::<account>:user/x, ...:sts::<account>:assumed-role/r/s: no region.
    hole = Unknown(account.reason)
    arn = concat(["arn:", partition, ":", hole, "::", hole, ":", hole], account.reason)
    return {
        "account_id": account,
        "id": account,
        "arn": arn,
        "user_id": Unknown("the caller's id is read from the provider at plan time"),
    }


# -- aws_iam_policy_document -----------------------------------------------------------------

_VERSION = "2012-10-17"
_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
)


class _Rejected(Exception):
    """An argument the provider refuses (the plan would fail)."""


def _or_empty(value: Any) -> Any:
    return "" if value is None else value


def _first_unknown(value: Any) -> Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Mapping):
        items: Any = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        found = _first_unknown(item)
        if found is not None:
            return found
    return None


def _string_set(items: Any) -> Any:
    """A set of strings as the provider writes it: one string alone, else reverse-sorted.
    Unknown elements keep the set from being sorted (nor deduplicated): it is judged as is."""
    if isinstance(items, Unknown) or items is None:
        return items
    if not isinstance(items, list):
        raise _Rejected("expected a set of strings")
    if any(isinstance(i, Unknown) for i in items):
        return items[0] if len(items) == 1 else list(items)
    unique = sorted({str(i) for i in items if i is not None}, reverse=True)
    return unique[0] if len(unique) == 1 else unique


def _ordered(items: Any) -> Any:
    """A list of strings (condition values): one string alone, else in the order written."""
    if isinstance(items, Unknown) or items is None:
        return items
    if not isinstance(items, list):
        raise _Rejected("expected a list of strings")
    return items[0] if len(items) == 1 else list(items)


def _variables(value: Any, version: Any) -> Any:
    """``&{aws:username}`` is how HCL writes the policy variable ``${aws:username}``."""
    if isinstance(value, list):
        return [_variables(v, version) for v in value]
    if isinstance(value, str) and "&{" in value:
        if version == "2008-10-17":
            raise _Rejected(f"&{{ is not supported in document version 2008-10-17 ({value})")
        return value.replace("&{", "${")
    return value


@dataclass(slots=True)
class _Principal:
    type: Any
    identifiers: Any  # a string, a list of strings, or an Unknown


@dataclass(slots=True)
class _Condition:
    test: Any
    variable: Any
    values: Any


def _principals_json(principals: Any) -> Any:
    """The provider's ``IAMPolicyStatementPrincipalSet.MarshalJSON``."""
    if isinstance(principals, Unknown):
        return principals
    if (
        len(principals) == 1
        and principals[0].type == "*"
        and principals[0].identifiers in ("*", ["*"])
    ):
        return "*"
    raw: dict[str, Any] = {}
    for principal in principals:
        if isinstance(principal.type, Unknown):
            return Unknown(f"a principal type is not known: {principal.type.reason}")
        if not isinstance(principal.type, str):
            raise _Rejected("a principal has the wrong type: no type")
        ids = principal.identifiers
        have = raw.get(principal.type)
        if isinstance(ids, list):
            listed = list(ids)
            if not any(isinstance(i, Unknown) for i in listed):
                listed.sort(reverse=True)
            if have is None:
                raw[principal.type] = listed
            elif isinstance(have, list):
                raw[principal.type] = [*have, *listed]
            else:
                raw[principal.type] = [have, *listed]
        elif isinstance(ids, Unknown) and have is not None:
            raw[principal.type] = Unknown(ids.reason)
        else:
            if have is None:
                raw[principal.type] = ids
            elif isinstance(have, list):
                raw[principal.type] = [*have, ids]
            else:
                raw[principal.type] = [have, ids]
    return {key: raw[key] for key in sorted(raw)}


def _conditions_json(conditions: Any) -> Any:
    """The provider's ``IAMPolicyStatementConditionSet.MarshalJSON``."""
    if isinstance(conditions, Unknown):
        return conditions
    raw: dict[str, dict[str, Any]] = {}
    for condition in conditions:
        for part in (condition.test, condition.variable):
            if isinstance(part, Unknown):
                return Unknown(f"a condition's test or variable is not known: {part.reason}")
            if not isinstance(part, str):
                raise _Rejected("a condition has the wrong type: no test or variable")
        tests = raw.setdefault(condition.test, {})
        values = condition.values
        have = tests.get(condition.variable)
        if isinstance(values, list):
            tests[condition.variable] = [*(have if isinstance(have, list) else []), *values]
        elif have is None:
            tests[condition.variable] = values
        elif isinstance(have, list):
            tests[condition.variable] = [*have, values]
        else:
            tests[condition.variable] = [have, values]
    return {test: {k: raw[test][k] for k in sorted(raw[test])} for test in sorted(raw)}


@dataclass(slots=True)
class _Statement:
    fields: dict[str, Any]  # JSON key -> value; principals and conditions still as sets

    @property
    def sid(self) -> Any:
        return self.fields.get("Sid", "")

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in _STATEMENT_KEYS:
            value = self.fields.get(key)
            if key in ("Principal", "NotPrincipal") and value is not None:
                value = _principals_json(value)
            elif key == "Condition" and value is not None:
                value = _conditions_json(value)
            if value is None or (not isinstance(value, Unknown) and value in ("", [], {})):
                continue  # the provider's ``omitempty``
            out[key] = value
        return out


@dataclass(slots=True)
class _Document:
    version: Any = ""
    id: Any = ""
    statements: Any = None  # a list of _Statement (or Unknown items), or an Unknown

    def merge(self, other: _Document) -> None:
        """The provider's ``IAMPolicyDoc.Merge``: Id adopted, Version upgraded, statements
        appended unless one with the same Sid is there already, which they replace."""
        if isinstance(other.id, Unknown) or other.id:
            self.id = other.id
        if isinstance(other.version, Unknown) or isinstance(self.version, Unknown):
            self.version = Unknown(
                "the policy version is not known",
            )
        elif str(other.version) > str(self.version):
            self.version = other.version
        if isinstance(other.statements, Unknown):
            self.statements = other.statements
            return
        if isinstance(self.statements, Unknown):
            return
        mine: list[_Statement | Unknown] = self.statements or []
        # Statements of earlier documents, which a statement of this one may replace (two of
        # one document never share a Sid: the provider rejects that).
        earlier = len(mine)
        for statement in other.statements or []:
            if isinstance(statement, Unknown):
                # A statement not known at all (a dynamic block over an unknown collection):
                # its Sid may replace any earlier statement that has one.
                if any(isinstance(e, Unknown) or e.sid != "" for e in mine[:earlier]):
                    raise _Merge(statement)
                mine.append(statement)
                continue
            sid = statement.sid
            if isinstance(sid, Unknown):
                if any(isinstance(e, Unknown) or e.sid != "" for e in mine[:earlier]):
                    raise _Merge(sid)
                mine.append(statement)
                continue
            if not sid:
                mine.append(statement)
                continue
            for index, existing in enumerate(mine):
                if isinstance(existing, Unknown):
                    if index < earlier:
                        raise _Merge(existing)
                    continue
                if isinstance(existing.sid, Unknown):
                    if index < earlier:
                        raise _Merge(existing.sid)
                    continue
                if existing.sid == sid:
                    mine[index] = statement
                    break
            else:
                mine.append(statement)
        self.statements = mine

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if isinstance(self.version, Unknown) or self.version:
            out["Version"] = self.version
        if isinstance(self.id, Unknown) or self.id:
            out["Id"] = self.id
        if isinstance(self.statements, Unknown):
            out["Statement"] = self.statements
        elif self.statements:
            out["Statement"] = [s if isinstance(s, Unknown) else s.json() for s in self.statements]
        return out


class _Merge(Exception):
    """A Sid that decides the merge is not known."""

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason)
        self.unknown = unknown


def _blocks(value: Any) -> Any:
    """Nested blocks as a list of mappings (or unknown items: the blocks of a dynamic block
    over an unknown collection); an unknown list stays unknown."""
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, list) or not all(isinstance(v, Mapping | Unknown) for v in value):
        raise _Rejected("expected blocks")
    return value


def _configured_statement(block: Mapping[str, Any], version: Any) -> _Statement:
    effect = block.get("effect")
    fields: dict[str, Any] = {
        "Sid": _or_empty(block.get("sid")),
        "Effect": "Allow" if effect is None else effect,
        "Action": _string_set(block.get("actions")),
        "NotAction": _string_set(block.get("not_actions")),
        "Resource": _variables(_string_set(block.get("resources")), version),
        "NotResource": _variables(_string_set(block.get("not_resources")), version),
    }
    for key, name in (("Principal", "principals"), ("NotPrincipal", "not_principals")):
        blocks = _blocks(block.get(name))
        if isinstance(blocks, Unknown):
            fields[key] = blocks
            continue
        if any(isinstance(b, Unknown) for b in blocks):
            fields[key] = next(b for b in blocks if isinstance(b, Unknown))
            continue
        principals = [
            _Principal(b.get("type"), _variables(_string_set(b.get("identifiers")), version))
            for b in blocks
        ]
        fields[key] = principals or None
    conditions = _blocks(block.get("condition"))
    if isinstance(conditions, list) and any(isinstance(c, Unknown) for c in conditions):
        conditions = next(c for c in conditions if isinstance(c, Unknown))
    if isinstance(conditions, Unknown):
        fields["Condition"] = conditions
    else:
        fields["Condition"] = [
            _Condition(
                c.get("test"), c.get("variable"), _variables(_ordered(c.get("values")), version)
            )
            for c in conditions
        ] or None
    return _Statement(fields)


def _configured(values: Mapping[str, Any]) -> _Document:
    version = values.get("version")
    version = _VERSION if version is None else version
    policy_id = values.get("policy_id")
    document = _Document(version=version, id=_or_empty(policy_id))
    blocks = _blocks(values.get("statement"))
    if isinstance(blocks, Unknown):
        document.statements = blocks
        return document
    sids: set[str] = set()
    statements: list[_Statement | Unknown] = []
    for block in blocks:
        if isinstance(block, Unknown):
            statements.append(block)
            continue
        statement = _configured_statement(block, version)
        sid = statement.sid
        if isinstance(sid, str) and sid:
            if sid in sids:
                raise _Rejected(f"duplicate Sid ({sid})")
            sids.add(sid)
        statements.append(statement)
    document.statements = statements
    return document


# Go's encoding/json matches object keys to struct fields without regard to case.
_JSON_FIELDS = {key.lower(): key for key in _STATEMENT_KEYS}


def _parsed_principals(value: Any) -> Any:
    """The provider's ``IAMPolicyStatementPrincipalSet.UnmarshalJSON``."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return [_Principal("*", ["*"])]
    if not isinstance(value, Mapping):
        raise _Rejected("a principal is neither a string nor an object")
    out: list[_Principal] = []
    for key, ids in value.items():
        if isinstance(ids, str | Unknown):
            out.append(_Principal(key, ids))
        elif isinstance(ids, list):
            out.append(_Principal(key, list(ids)))
        else:
            raise _Rejected("a principal's identifiers are neither a string nor a list")
    return out


def _condition_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return value


def _parsed_conditions(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, Mapping):
        raise _Rejected("a condition is not an object")
    out: list[_Condition] = []
    for test, variables in value.items():
        if isinstance(variables, Unknown):
            return variables
        if not isinstance(variables, Mapping):
            raise _Rejected("a condition test is not an object")
        for variable, values in variables.items():
            if isinstance(values, list):
                out.append(_Condition(test, variable, [_condition_value(v) for v in values]))
            else:
                out.append(_Condition(test, variable, _condition_value(values)))
    return out


def _parsed(text: Any, what: str) -> _Document | Unknown:
    """A document given as JSON text (or as JSON text whose leaves are unknown)."""
    if isinstance(text, Unknown):
        if not isinstance(text.decoded, Mapping):
            return Unknown(f"{what} is not known: {text.reason}")
        body: Any = text.decoded
    else:
        try:
            body = json.loads(text)
        except (TypeError, ValueError):
            raise _Rejected(f"{what} is not valid JSON") from None
    if not isinstance(body, Mapping):
        raise _Rejected(f"{what} is not a JSON object")
    document = _Document(version=body.get("Version", ""), id=body.get("Id", ""))
    raw = body.get("Statement")
    if isinstance(raw, Unknown):
        document.statements = raw
        return document
    if raw is not None and not isinstance(raw, list):
        raise _Rejected(f"the Statement of {what} is not a list")
    statements: list[_Statement | Unknown] = []
    for item in raw or []:
        if isinstance(item, Unknown):
            statements.append(item)
            continue
        if not isinstance(item, Mapping):
            raise _Rejected(f"a statement of {what} is not an object")
        fields: dict[str, Any] = {}
        for key, value in item.items():
            name = _JSON_FIELDS.get(str(key).lower())
            if name in ("Principal", "NotPrincipal"):
                fields[name] = _parsed_principals(value)
            elif name == "Condition":
                fields[name] = _parsed_conditions(value)
            elif name is not None:
                fields[name] = value
        statements.append(_Statement(fields))
    document.statements = statements
    return document


def _go_json(document: dict[str, Any], *, indent: bool) -> str:
    if indent:
        text = json.dumps(document, indent=2, ensure_ascii=False)
    else:
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    # Go's encoder escapes these for safe embedding in HTML.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _merged(values: Mapping[str, Any]) -> _Document | Unknown:
    merged = _Document()
    sources = values.get("source_policy_documents")
    if isinstance(sources, Unknown):
        return Unknown(f"source_policy_documents are not known: {sources.reason}")
    sids: set[str] = set()
    for index, text in enumerate(sources or []):
        if text is None:
            continue
        source = _parsed(text, f"source_policy_documents[{index}]")
        if isinstance(source, Unknown):
            return source
        for statement in source.statements if isinstance(source.statements, list) else []:
            if isinstance(statement, Unknown):
                continue
            sid = statement.sid
            if isinstance(sid, str) and sid:
                if sid in sids:
                    raise _Rejected(f"duplicate Sid ({sid}) in source_policy_documents")
                sids.add(sid)
        merged.merge(source)
    merged.merge(_configured(values))
    overrides = values.get("override_policy_documents")
    if isinstance(overrides, Unknown):
        return Unknown(f"override_policy_documents are not known: {overrides.reason}")
    for index, text in enumerate(overrides or []):
        if text is None:
            continue
        override = _parsed(text, f"override_policy_documents[{index}]")
        if isinstance(override, Unknown):
            return override
        merged.merge(override)
    return merged


def aws_iam_policy_document(values: Mapping[str, Any], provider: ProviderView) -> dict[str, Any]:
    try:
        document = _merged(values)
        body = document.json() if isinstance(document, _Document) else None
    except (_Rejected, TypeError, ValueError, AttributeError) as exc:
        # Arguments of the wrong shape (a principal without a type, a number for a list):
        # Terraform refuses them before the provider renders anything.
        why = str(exc) if isinstance(exc, _Rejected) else "an argument has the wrong type"
        rejected = Unknown(f"the provider rejects this policy document: {why}")
        return {"json": rejected, "minified_json": rejected, "id": rejected}
    except _Merge as exc:
        pending = Unknown(f"a Sid that decides how documents merge is not known: {exc}")
        return {"json": pending, "minified_json": pending, "id": pending}
    if isinstance(document, Unknown) or body is None:
        pending = document if isinstance(document, Unknown) else Unknown("not rendered")
        return {"json": pending, "minified_json": pending, "id": Unknown(pending.reason)}
    unknown = _first_unknown(body)
    if unknown is not None:
        partly = Unknown(unknown.reason, decoded=body)
        return {"json": partly, "minified_json": partly, "id": Unknown(unknown.reason)}
    text = _go_json(body, indent=True)
    # The provider's id is create.StringHashcode(json): the CRC-32 of the text.
    return {
        "json": text,
        "minified_json": _go_json(body, indent=False),
        "id": str(zlib.crc32(text.encode("utf-8"))),
    }


EVALUATORS: dict[str, Evaluator] = {
    "aws_iam_policy_document": aws_iam_policy_document,
    "aws_partition": aws_partition,
    "aws_region": aws_region,
    "aws_caller_identity": aws_caller_identity,
}
