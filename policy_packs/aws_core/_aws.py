"""Helpers shared by the aws_core rules: unknown handling, IAM documents, security group rules.

Everything here reads canonical attributes (``docs/model.md``); nothing knows Terraform or
CloudFormation. Three-valued answers are ``True``/``False`` or the ``Unknown`` that made the
question undecidable, so that a rule can say *why* it cannot tell.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.graph.graph import EdgeType
from iacgate.model import aws
from iacgate.model.paths import AttrPath
from iacgate.model.resource import Resource
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.rules import Context, Verdict, fail, ok, unknown

CIS = "cis-aws-3.0"
FSBP = "aws-fsbp"

# -- unknowns ----------------------------------------------------------------------------------


def chosen_by_aws(value: Any) -> bool:
    """An unset argument whose value AWS (an AMI, the account, the region) chooses: the model
    writes these as ``Unknown("not set: <who decides>")`` (docs/model.md, effective values)."""
    return is_unknown(value) and value.reason.startswith("not set:")


def reason(value: Unknown, what: str) -> str:
    return f"{what} is not known: {value.reason}"


def first_unknown(*values: Any) -> Unknown | None:
    for value in values:
        if is_unknown(value):
            return value
    return None


def refers(resource: Resource, path: AttrPath, ctx: Context) -> bool:
    """The graph resolved a reference written at ``path`` to another resource: the value is
    set (to that resource's id or ARN) even while it is known only after apply."""
    size = len(path)
    return any(edge.path[:size] == path for edge in ctx.graph.edges(resource, "out"))


def is_set(resource: Resource, path: AttrPath, ctx: Context) -> Any:
    """True when the attribute holds a value or a resolved reference; False when unset; the
    Unknown otherwise (a variable or parameter may still leave it empty)."""
    value = resource.get(path)
    if value is None or value == "":
        return False
    if is_unknown(value) and not refers(resource, path, ctx):
        return value
    return True


def summarize(fails: list[Verdict], unknowns: list[Verdict]) -> list[Verdict]:
    """Failures, and the unknowns that kept the rule from deciding; a pass when neither."""
    found = fails + unknowns
    return found or [ok()]


def tri_any(answers: Iterable[Any]) -> Any:
    """True if any answer is True; else the first Unknown; else False."""
    pending: Unknown | None = None
    for answer in answers:
        if answer is True:
            return True
        if is_unknown(answer) and pending is None:
            pending = answer
    return pending if pending is not None else False


# -- IAM policy documents ----------------------------------------------------------------------

PRINCIPAL_KINDS = ("aws.iam.role", "aws.iam.user", "aws.iam.group")
POLICY_KINDS = (*PRINCIPAL_KINDS, "aws.iam.policy")

# AWS-managed policies that grant everything, or the power to grant oneself everything.
ADMIN_MANAGED_POLICIES = frozenset(
    {
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/IAMFullAccess",
    }
)


def is_admin_managed_arn(arn: Any) -> bool:
    if not isinstance(arn, str):
        return False
    # Partitions other than aws (aws-cn, aws-us-gov) spell the same policies.
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[4] == "aws":
        return f"arn:aws:iam::aws:{parts[5]}" in ADMIN_MANAGED_POLICIES
    return False


def aws_managed_name(arn: Any) -> str | None:
    """The name of an AWS-managed policy ARN (any partition, any path), None otherwise."""
    if not isinstance(arn, str):
        return None
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or parts[4] != "aws":
        return None
    return parts[5].rsplit("/", 1)[-1] if parts[5].startswith("policy/") else None


@dataclass(frozen=True, slots=True)
class Document:
    """A policy document and where it sits on its resource (for the finding's line)."""

    path: AttrPath
    label: str  # "inline policy 'x'", "policy"
    body: Any  # the canonical document, None or Unknown


def documents(resource: Resource) -> Iterator[Document]:
    """The identity policy documents a resource holds itself: inline policies of a role, user
    or group; the document of a customer-managed policy."""
    if resource.kind == "aws.iam.policy":
        yield Document(("policy",), "policy", resource.get("policy"))
        return
    inline = resource.get("inline_policies")
    if is_unknown(inline):
        # Some policy name is not known: every document is listed without its name.
        unkeyed = resource.get("inline_policy_documents")
        if isinstance(unkeyed, list) and unkeyed:
            for index, body in enumerate(unkeyed):
                yield Document(
                    ("inline_policy_documents", index), f"inline policy #{index + 1}", body
                )
            return
        yield Document(("inline_policies",), "inline policies", inline)
        return
    if isinstance(inline, Mapping):
        for name, body in inline.items():
            yield Document(("inline_policies", name), f"inline policy {name!r}", body)


@dataclass(frozen=True, slots=True)
class Statement:
    document: Document
    index: int
    body: Mapping[str, Any]

    @property
    def path(self) -> AttrPath:
        return (*self.document.path, "Statement", self.index)

    def where(self) -> str:
        sid = self.body.get("Sid")
        named = f" ({sid})" if isinstance(sid, str) and sid else ""
        return f"{self.document.label}, statement {self.index}{named}"


def statements(document: Document) -> Iterator[Statement]:
    for index, body in aws.statements(document.body):
        yield Statement(document, index, body)


def _values(body: Mapping[str, Any], key: str) -> Any:
    value = body.get(key)
    if value is None or is_unknown(value):
        return value
    return value if isinstance(value, list) else [value]


def matches(pattern: Any, action: str) -> Any:
    """IAM action matching (case-insensitive; ``*`` and ``?`` wildcards)."""
    if is_unknown(pattern):
        return pattern
    if not isinstance(pattern, str):
        return False
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def allows(statement: Statement, action: str) -> Any:
    """Whether an Allow statement grants ``action`` (True/False/Unknown)."""
    effect = statement.body.get("Effect")
    if is_unknown(effect):
        return effect
    if effect != "Allow":
        return False
    if "Action" in statement.body:
        actions = _values(statement.body, "Action")
        if is_unknown(actions):
            return actions
        return tri_any(matches(p, action) for p in actions or [])
    excluded = _values(statement.body, "NotAction")
    if excluded is None:
        return False
    if is_unknown(excluded):
        return excluded
    hit = tri_any(matches(p, action) for p in excluded)
    if hit is True:
        return False
    return hit if is_unknown(hit) else True


def grants_everything(statement: Statement) -> Any:
    """``Action: "*"`` (or a NotAction that excludes nothing relevant) on every resource."""
    return tri_all(allows_literally(statement, "*"), on_every_resource(statement))


def allows_literally(statement: Statement, pattern: str) -> Any:
    """The statement lists ``pattern`` itself as an allowed action (``*``, ``iam:*``)."""
    effect = statement.body.get("Effect")
    if is_unknown(effect):
        return effect
    if effect != "Allow" or "Action" not in statement.body:
        return False
    actions = _values(statement.body, "Action")
    if is_unknown(actions):
        return actions
    pending: Unknown | None = None
    for item in actions or []:
        if is_unknown(item):
            pending = pending or item
        elif isinstance(item, str) and item.lower() == pattern.lower():
            return True
    return pending if pending is not None else False


def tri_all(*answers: Any) -> Any:
    pending: Unknown | None = None
    for answer in answers:
        if answer is False:
            return False
        if is_unknown(answer) and pending is None:
            pending = answer
    return pending if pending is not None else True


def on_every_resource(statement: Statement) -> Any:
    """``Resource: "*"`` (or any NotResource, which is nearly everything)."""
    if "NotResource" in statement.body:
        return True
    resources = _values(statement.body, "Resource")
    if resources is None:
        return False
    if is_unknown(resources):
        return resources
    return tri_any(
        r if is_unknown(r) else r == "*" for r in resources if isinstance(r, str | Unknown)
    )


def on_resources(statement: Statement, accept: Iterable[str]) -> Any:
    """Whether the statement's resources include one of ``accept`` (exact, or ``*``)."""
    if "NotResource" in statement.body:
        return True
    resources = _values(statement.body, "Resource")
    if resources is None:
        return False
    if is_unknown(resources):
        return resources
    wanted = {"*", *accept}
    return tri_any(r if is_unknown(r) else r in wanted for r in resources)


# Condition keys that confine a public principal to known callers (an account, an
# organisation, a network or a source resource).
RESTRICTING_KEYS = frozenset(
    {
        "aws:sourcearn",
        "aws:sourceaccount",
        "aws:sourceowner",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceip",
        "aws:userid",
        "aws:username",
        "kms:calleraccount",
        "kms:viaservice",
        "sts:externalid",
        "cloudfront:sourcearn",
        "aws:calledvia",
    }
)


def _principal_public(principal: Any) -> Any:
    if is_unknown(principal):
        return principal
    if principal == "*":
        return True
    if isinstance(principal, Mapping):
        values = principal.get("AWS")
        if is_unknown(values):
            return values
        if values == "*":
            return True
        if isinstance(values, list):
            return tri_any(v if is_unknown(v) else v == "*" for v in values)
    return False


def _restricted(condition: Any) -> Any:
    if condition is None:
        return False
    if is_unknown(condition):
        return condition
    if not isinstance(condition, Mapping):
        return False
    pending: Unknown | None = None
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping):
            continue
        negated = str(operator).lower().startswith(("stringnot", "arnnot", "notipaddress"))
        for key, values in tests.items():
            if str(key).lower() not in RESTRICTING_KEYS or negated:
                continue
            items = values if isinstance(values, list) else [values]
            if any(is_unknown(v) for v in items):
                pending = pending or next(v for v in items if is_unknown(v))
                continue
            if items and not any(v in ("*", "0.0.0.0/0", "::/0") for v in items):
                return True
    return pending if pending is not None else False


def public_statement(statement: Statement) -> Any:
    """An Allow statement for every principal that no condition confines to known callers."""
    effect = statement.body.get("Effect")
    if is_unknown(effect):
        return effect
    if effect != "Allow":
        return False
    public = _principal_public(statement.body.get("Principal"))
    if public is not True:
        return public
    restricted = _restricted(statement.body.get("Condition"))
    if restricted is True:
        return False
    return restricted if is_unknown(restricted) else True


def public_policy_verdicts(resource: Resource, path: AttrPath, what: str) -> list[Verdict]:
    """One failure per statement of the resource policy at ``path`` open to everyone."""
    document = resource.get(path)
    if is_unknown(document):
        if chosen_by_aws(document):
            return [ok()]  # the service's default policy admits only the owning account
        return [unknown(reason(document, what), path)]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    for statement in statements(Document(path, what, document)):
        public = public_statement(statement)
        if public is True:
            fails.append(fail(f"{what} allows any principal ({statement.where()})", statement.path))
        elif is_unknown(public):
            unknowns.append(unknown(reason(public, statement.where()), statement.path))
    return summarize(fails, unknowns)


# -- identity permissions through the graph ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Permissions:
    """What a role (or user, or group) is granted: the statements of its inline policies and
    of the customer-managed policies the graph attaches, the AWS-managed policy ARNs, and the
    unknowns that may hide more."""

    statements: tuple[Statement, ...]
    managed_arns: tuple[str, ...]
    unknowns: tuple[Unknown, ...]


def permissions(principal: Resource, ctx: Context) -> Permissions:
    found: list[Statement] = []
    pending: list[Unknown] = []
    holders = [principal, *ctx.related(principal, "aws.iam.policy", EdgeType.HAS_POLICY, "out")]
    for holder in holders:
        for document in documents(holder):
            if is_unknown(document.body):
                pending.append(document.body)
            else:
                found.extend(statements(document))
    attached = {e.path for e in ctx.graph.edges(principal) if e.type is EdgeType.HAS_POLICY}
    arns: list[str] = []
    listed = principal.get("managed_policy_arns")
    if is_unknown(listed):
        pending.append(listed)
    elif isinstance(listed, list):
        for index, arn in enumerate(listed):
            if isinstance(arn, str) and ":aws:policy/" in arn:
                arns.append(arn)
            elif is_unknown(arn) and ("managed_policy_arns", index) not in attached:
                pending.append(arn)
    return Permissions(tuple(found), tuple(arns), tuple(pending))


def roles_of(resource: Resource, ctx: Context) -> list[Resource]:
    return ctx.related(resource, "aws.iam.role", EdgeType.USES_ROLE, "out")


# -- security groups ----------------------------------------------------------------------------

WORLD_V4 = "0.0.0.0/0"
WORLD_V6 = "::/0"


def world_peer(rule: Mapping[str, Any]) -> Any:
    """``0.0.0.0/0`` or ``::/0`` when the rule's peer is the whole internet; None when it is
    another peer; Unknown when the peer is not known."""
    pending: Unknown | None = None
    for key, world in (("cidr_ipv4", WORLD_V4), ("cidr_ipv6", WORLD_V6)):
        value = rule.get(key)
        if is_unknown(value):
            pending = pending or value
        elif value == world:
            return world
    if pending is not None and all(
        rule.get(k) in (None, False) for k in ("prefix_list_id", "referenced_group_id")
    ):
        return pending
    return None


def opened(rule: Mapping[str, Any], ports: Iterable[int]) -> tuple[list[int], Any]:
    """Which of ``ports`` the rule admits TCP or UDP traffic to, and the Unknown that keeps it
    from telling (then the list is empty). One look at the rule for any number of ports."""
    span = aws.admitted_ports(rule)
    if span is None or is_unknown(span):
        return [], span
    lo, hi = span
    return [port for port in ports if lo <= port <= hi], None


def opens_all_ports(rule: Mapping[str, Any]) -> Any:
    protocol = rule.get("protocol")
    if is_unknown(protocol):
        return protocol
    if protocol == aws.ALL_PROTOCOLS:
        return True
    if protocol not in aws.PORTED:
        return False
    lo, hi = rule.get("from_port"), rule.get("to_port")
    unknown_port = first_unknown(lo, hi)
    if unknown_port is not None:
        return unknown_port
    return lo == 0 and hi == 65535


def describe_rule(rule: Mapping[str, Any]) -> str:
    protocol = rule.get("protocol")
    if protocol == aws.ALL_PROTOCOLS:
        return "all traffic"
    lo, hi = rule.get("from_port"), rule.get("to_port")
    ports = f"port {lo}" if lo == hi else f"ports {lo}-{hi}"
    return f"{protocol} {ports}"


def ingress_rules(resource: Resource) -> Iterator[aws.RuleRef]:
    return aws.sg_rules(resource, "ingress")


def unknown_side(resource: Resource, side: str) -> Unknown | None:
    value = resource.get(side)
    return value if is_unknown(value) else None


def world_open_ingress(group: Resource) -> tuple[list[aws.RuleRef], Unknown | None]:
    """Ingress rules of a group (or standalone rule resource) open to the internet, and the
    first unknown that may hide another."""
    found: list[aws.RuleRef] = []
    pending = unknown_side(group, "ingress")
    for ref in ingress_rules(group):
        peer = world_peer(ref.rule)
        if isinstance(peer, str):
            found.append(ref)
        elif is_unknown(peer) and pending is None:
            pending = peer
    return found, pending


def groups_with_rules(group: Resource, ctx: Context) -> list[Resource]:
    """A security group and the standalone rule resources attached to it."""
    return [group, *ctx.related(group, "aws.ec2.security_group_rule", EdgeType.ATTACHED_TO, "in")]
