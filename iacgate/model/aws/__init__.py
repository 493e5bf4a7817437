"""AWS vocabulary shared by every AWS source: identities, policy documents, rule shapes; the
kind declarations (``kinds``, ``declaration``) and their JSON Schema (``schema``).

Terraform, CloudFormation and the live APIs all normalize through these helpers, so that the
same bucket policy, security group rule or ACL grant has one canonical value whatever wrote it.
``docs/model.md`` explains each decision; the kind schemas (``schemas/aws.json``) list the
attributes and their defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.model.values import Value


# The attribute that holds each kind's physical id (``AwsKind.physical_id``): the identifier
# the AWS API addresses the resource by. It is what Terraform keeps as ``id`` and what
# CloudFormation returns for ``Ref`` (its PhysicalResourceId), so drift can match declared and
# live resources on it. Derived from the declarations on first use (``PHYSICAL_ID``): a scan
# that judges no AWS resource never loads them.
@cache
def physical_ids() -> dict[str, str]:
    from iacgate.model.aws.kinds import KINDS

    return {kind.name: kind.physical_id for kind in KINDS}


@cache
def physical_id_attribute(kind: str) -> str | None:
    """The attribute holding ``kind``'s physical id (its declaration alone imported)."""
    from iacgate.model.aws import kinds

    if kind not in kinds.index().services:
        return None
    return kinds.kind(kind).physical_id


def __getattr__(name: str) -> Any:
    if name == "PHYSICAL_ID":
        return physical_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def value_or(value: Value, default: Value = None) -> Value:
    """``default`` for an unset value (None or ""); the value otherwise, unknowns included.
    (``value or default`` would ask an unknown for its truth value.)"""
    return default if value is None or (isinstance(value, str) and value == "") else value


def physical_id(kind: str, attributes: Mapping[str, Value]) -> str | None:
    """The physical id of a resource of ``kind``, or None while it is not known."""
    name = physical_id_attribute(kind)
    value = attributes.get(name) if name else None
    return value if isinstance(value, str) and value else None


# -- policy documents ------------------------------------------------------------------------

_LIST_KEYS = ("Action", "NotAction", "Resource", "NotResource")
_ACCOUNT_ID = re.compile(r"^\d{12}$")


def parse_policy(value: Value) -> Value:
    """A policy as a canonical document: JSON text is parsed, then :func:`normalize_policy`.

    ``None`` and ``""`` mean no policy (None); an unknown stays unknown; text that is not a
    JSON object becomes ``Unknown`` saying so (the provider would reject it)."""
    if is_unknown(value) and isinstance(value.decoded, Mapping):
        # JSON text whose unknown parts sit at its leaves: the document is known around them.
        return normalize_policy(value.decoded)
    if value is None or is_unknown(value):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            return Unknown(f"policy is not valid JSON ({exc.msg} at line {exc.lineno})")
    if not isinstance(value, Mapping):
        return Unknown("policy is not a JSON object")
    return normalize_policy(value)


def _as_list(value: Value) -> Value:
    if isinstance(value, str | Unknown):
        return [value]
    return list(value) if isinstance(value, list | tuple) else value


def _principal_values(value: Value) -> Value:
    values = _as_list(value)
    if not isinstance(values, list):
        return values
    # AWS stores a bare account id as the account's root ARN.
    return [
        f"arn:aws:iam::{v}:root" if isinstance(v, str) and _ACCOUNT_ID.match(v) else v
        for v in values
    ]


def normalize_statement(statement: Mapping[str, Value]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for key, value in statement.items():
        if key in _LIST_KEYS:
            out[key] = _as_list(value)
        elif key in ("Principal", "NotPrincipal") and isinstance(value, Mapping):
            out[key] = {k: _principal_values(v) for k, v in value.items()}
        elif key == "Condition" and isinstance(value, Mapping):
            out[key] = {
                op: {k: _as_list(v) for k, v in cond.items()} if isinstance(cond, Mapping) else cond
                for op, cond in value.items()
            }
        else:
            out[key] = value
    return out


def normalize_policy(document: Mapping[str, Value]) -> dict[str, Value]:
    """One spelling for equivalent IAM JSON: ``Statement`` is a list; ``Action``,
    ``NotAction``, ``Resource``, ``NotResource``, principal values and condition values are
    lists; 12-digit account principals become ``arn:aws:iam::<id>:root``. Order is kept."""
    out = dict(document)
    statements = out.get("Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if isinstance(statements, list):
        out["Statement"] = [
            normalize_statement(s) if isinstance(s, Mapping) else s for s in statements
        ]
    return out


def statements(document: Value) -> Iterator[tuple[int, Mapping[str, Value]]]:
    """(index, statement) of a canonical policy document; nothing for None or unknown."""
    if not isinstance(document, Mapping):
        return
    items = document.get("Statement")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, Mapping):
                yield index, item


# -- Lambda permissions ----------------------------------------------------------------------


def lambda_permission_statement(
    *,
    action: Value,
    principal: Value,
    resource: Value,
    source_arn: Value = None,
    source_account: Value = None,
    principal_org_id: Value = None,
    function_url_auth_type: Value = None,
    event_source_token: Value = None,
) -> dict[str, Value]:
    """The statement a Lambda permission adds to its function's resource policy, as
    ``GetPolicy`` returns it (without the generated ``Sid``): a service principal becomes
    ``{"Service": ...}``, ``*`` stays ``*``, anything else (an account, a role) ``{"AWS": ...}``;
    the permission's arguments become conditions."""
    who: Value
    if is_unknown(principal):
        who = principal
    elif principal == "*":
        who = "*"
    elif isinstance(principal, str) and ".amazonaws.com" in principal:
        who = {"Service": principal}
    else:
        who = {"AWS": principal}
    statement: dict[str, Value] = {
        "Effect": "Allow",
        "Principal": who,
        "Action": value_or(action, "lambda:InvokeFunction"),
        "Resource": resource,
    }
    condition: dict[str, dict[str, Value]] = {}
    for operator, key, value in (
        ("ArnLike", "AWS:SourceArn", source_arn),
        ("StringEquals", "AWS:SourceAccount", source_account),
        ("StringEquals", "aws:PrincipalOrgID", principal_org_id),
        ("StringEquals", "lambda:FunctionUrlAuthType", function_url_auth_type),
        ("StringEquals", "lambda:EventSourceToken", event_source_token),
    ):
        if value_or(value) is not None:
            condition.setdefault(operator, {})[key] = value
    if condition:
        statement["Condition"] = condition
    return normalize_statement(statement)


def add_statement(policy: Value, statement: Mapping[str, Value]) -> Value:
    """A resource policy with ``statement`` appended (a new document when there was none)."""
    if is_unknown(policy):
        return policy
    document = dict(policy) if isinstance(policy, Mapping) else {"Version": "2012-10-17"}
    items = document.get("Statement")
    document["Statement"] = [*(items if isinstance(items, list) else []), dict(statement)]
    return document


# -- security group rules --------------------------------------------------------------------

_PROTOCOLS = {"-1": "-1", "all": "-1", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
ALL_PROTOCOLS = "-1"
PORTED = frozenset({"tcp", "udp"})
ICMP = frozenset({"icmp", "icmpv6"})


def protocol(value: Value) -> Value:
    """``"6"`` -> ``"tcp"``, ``"all"``/``-1`` -> ``"-1"``; other numbers stay numeric strings."""
    if value is None or is_unknown(value):
        return value
    text = str(value).strip().lower()
    return _PROTOCOLS.get(text, text)


def port_range(proto: Value, from_port: Value, to_port: Value) -> tuple[Value, Value]:
    """Effective (from_port, to_port): all protocols open every port (0, 65535); TCP/UDP keep
    their range (-1 or absent also meaning every port); ICMP keeps type and code (-1 = any);
    other protocol numbers have no ports (None, None)."""
    if proto == ALL_PROTOCOLS:
        return 0, 65535
    if proto in PORTED:
        lo = _int(from_port)
        hi = _int(to_port)
        if lo in (None, -1) and hi in (None, -1):
            return 0, 65535
        return lo, hi
    if proto in ICMP:
        lo, hi = _int(from_port), _int(to_port)
        return (-1 if lo is None else lo), (-1 if hi is None else hi)
    if is_unknown(proto):
        return _int(from_port), _int(to_port)
    return None, None


def _int(value: Value) -> Value:
    if value is None or is_unknown(value) or isinstance(value, bool):
        return None if isinstance(value, bool) else value
    try:
        return int(value)
    except (TypeError, ValueError):
        return Unknown(f"not a port number: {value!r}")


def sg_rule(
    *,
    proto: Value,
    from_port: Value,
    to_port: Value,
    cidr_ipv4: Value = None,
    cidr_ipv6: Value = None,
    prefix_list_id: Value = None,
    referenced_group_id: Value = None,
    self_referencing: bool = False,
    description: Value = None,
) -> dict[str, Value]:
    """One canonical security group rule: one protocol and port range, exactly one peer."""
    canonical = protocol(proto)
    lo, hi = port_range(canonical, from_port, to_port)
    return {
        "protocol": canonical,
        "from_port": lo,
        "to_port": hi,
        "cidr_ipv4": value_or(cidr_ipv4),
        "cidr_ipv6": value_or(cidr_ipv6),
        "prefix_list_id": value_or(prefix_list_id),
        "referenced_group_id": value_or(referenced_group_id),
        "self_referencing": self_referencing,
        "description": value_or(description),
    }


# The fields that tell security group rules apart (AWS refuses duplicates on them).
RULE_KEY = (
    "protocol",
    "from_port",
    "to_port",
    "cidr_ipv4",
    "cidr_ipv6",
    "prefix_list_id",
    "referenced_group_id",
    "self_referencing",
)


def rule_identity(rule: Mapping[str, Value]) -> tuple[str, ...]:
    """What makes two rules the same rule (AWS refuses duplicates on these fields)."""
    return tuple(repr(rule.get(k)) for k in RULE_KEY)


@dataclass(frozen=True, slots=True)
class RuleRef:
    """A security group rule with its attribute path and direction."""

    path: AttrPath
    direction: str  # "ingress" or "egress"
    rule: Mapping[str, Value]


def sg_rules(resource: Resource, direction: str | None = None) -> Iterator[RuleRef]:
    """Every rule of an ``aws.ec2.security_group`` or of an ``aws.ec2.security_group_rule``
    (rules whose group is not part of the input): both keep ``ingress`` and ``egress`` lists."""
    for side in ("ingress", "egress"):
        if direction not in (None, side):
            continue
        items = resource.get(side)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, Mapping):
                    yield RuleRef((side, index), side, item)


def admitted_ports(rule: Mapping[str, Value], protocols: Collection[str] = PORTED) -> Value:
    """``(from_port, to_port)`` that ``rule`` admits for any of ``protocols``; None when it
    admits none of them; Unknown when it cannot tell."""
    rule_proto = rule.get("protocol")
    if is_unknown(rule_proto):
        return rule_proto
    if rule_proto != ALL_PROTOCOLS and rule_proto not in protocols:
        return None
    lo, hi = rule.get("from_port"), rule.get("to_port")
    if is_unknown(lo):
        return lo
    if is_unknown(hi):
        return hi
    if lo is None or hi is None:
        return None
    return lo, hi


def opens_port(rule: Mapping[str, Value], port: int, proto: str = "tcp") -> Value:
    """True when ``rule`` admits ``proto`` traffic on ``port``; Unknown when it cannot tell."""
    span = admitted_ports(rule, (proto,))
    if span is None:
        return False
    if is_unknown(span):
        return span
    return bool(span[0] <= port <= span[1])


PUBLIC_CIDRS = frozenset({"0.0.0.0/0", "::/0"})


# -- S3 ACL grants ---------------------------------------------------------------------------

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
PUBLIC_GRANTEES = frozenset({ALL_USERS, AUTHENTICATED_USERS})


def grant(
    permission: str, *, type: str, id: Value = None, uri: Value = None, email: Value = None
) -> dict[str, Value]:
    return {
        "permission": permission,
        "grantee_type": type,
        "grantee_id": value_or(id),
        "grantee_uri": value_or(uri),
        "grantee_email": value_or(email),
    }


def _group(permission: str, uri: str) -> dict[str, Value]:
    return grant(permission, type="Group", uri=uri)


# Grants a canned bucket ACL adds besides the owner's FULL_CONTROL (which every bucket has and
# the canonical ``grants`` leave out).
CANNED_ACL_GRANTS: dict[str, tuple[dict[str, Value], ...]] = {
    "private": (),
    "bucket-owner-read": (),
    "bucket-owner-full-control": (),
    "aws-exec-read": (),  # grants EC2 READ on objects (AMI bundles); nothing on the bucket
    "public-read": (_group("READ", ALL_USERS),),
    "public-read-write": (_group("READ", ALL_USERS), _group("WRITE", ALL_USERS)),
    "authenticated-read": (_group("READ", AUTHENTICATED_USERS),),
    "log-delivery-write": (_group("WRITE", LOG_DELIVERY), _group("READ_ACP", LOG_DELIVERY)),
}


def canned_acl_grants(acl: Value) -> Value:
    """The canonical grants of a canned ACL; Unknown for an unknown or unrecognised one."""
    if acl is None or acl == "":
        return []
    if is_unknown(acl):
        return acl
    found = CANNED_ACL_GRANTS.get(str(acl))
    if found is None:
        return Unknown(f"unrecognised canned ACL {acl!r}")
    return [dict(g) for g in found]


def grant_sort_key(item: Mapping[str, Value]) -> tuple[str, ...]:
    return tuple(
        str(value_or(item.get(k), ""))
        for k in ("grantee_type", "grantee_uri", "grantee_id", "grantee_email", "permission")
    )


# -- ARNs ------------------------------------------------------------------------------------


def arn_resource_name(arn: Value) -> Value:
    """The last path segment of an ARN (``arn:aws:iam::1:instance-profile/a/b`` -> ``b``);
    anything that is not an ARN is returned unchanged."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return arn
    resource = arn.split(":", 5)[-1]
    return resource.rsplit("/", 1)[-1]
