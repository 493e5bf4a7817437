"""Helpers shared by the aws_core rules: unknown handling, IAM documents, security group rules.

Everything here reads canonical attributes (``docs/model.md``); nothing knows Terraform or
CloudFormation. Three-valued answers are ``True``/``False`` or the ``Unknown`` that made the
question undecidable, so that a rule can say *why* it cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from iacgate.model import aws, network
from iacgate.rules import (
    AttrPath,
    Context,
    EdgeType,
    Resource,
    Unknown,
    Verdict,
    display,
    equals,
    fail,
    is_unknown,
    ok,
    pattern_could_match,
    unknown,
)

# The three-valued helpers moved to the rule API (``iacgate.rules.tri``) so that every pack shares
# them; re-exported here for the rules that import them from this module.
from iacgate.rules import first_unknown as first_unknown
from iacgate.rules import reason as reason
from iacgate.rules import summarize as summarize
from iacgate.rules import tri_all as tri_all
from iacgate.rules import tri_any as tri_any

CIS = "cis-aws-3.0"
FSBP = "aws-fsbp"

# -- unknowns ----------------------------------------------------------------------------------


def chosen_by_aws(value: Any) -> bool:
    """An unset argument whose value AWS (an AMI, the account, the region) chooses: the model
    writes these as ``Unknown("not set: <who decides>")`` (docs/model.md, effective values)."""
    return is_unknown(value) and value.reason.startswith("not set:")


def refers(resource: Resource, path: AttrPath, ctx: Context) -> bool:
    """The graph resolved a reference written at ``path`` to another resource (``Context.refers``,
    kept here for the rules that call it)."""
    return ctx.refers(resource, path)


def is_set(resource: Resource, path: AttrPath, ctx: Context) -> Any:
    """True when the attribute holds a value or a resolved reference; False when unset; the
    Unknown otherwise (a variable or parameter may still leave it empty)."""
    value = resource.get(path)
    if value is None or value == "":
        return False
    if is_unknown(value) and not refers(resource, path, ctx):
        return value
    return True


# -- IAM policy documents ----------------------------------------------------------------------
#
# Documents are judged statement by statement, and a statement by the values it holds: an
# unknown Resource does not hide that the principal is "*", and a partly known value
# (``arn:aws:iam::${AccountId}:root``, ``${Bucket.Arn}/*``) answers whatever its known text
# decides (iacgate/model/unknown.py). Unknown answers only where the unknown part decides.

PRINCIPAL_KINDS = ("aws.iam.role", "aws.iam.user", "aws.iam.group")
POLICY_KINDS = (*PRINCIPAL_KINDS, "aws.iam.policy")

# AWS-managed policies that grant everything, or the power to grant oneself everything.
ADMIN_MANAGED_NAMES = ("AdministratorAccess", "IAMFullAccess")
ADMIN_MANAGED_POLICIES = frozenset(
    f"arn:aws:iam::aws:policy/{name}" for name in ADMIN_MANAGED_NAMES
)


def admin_managed(arn: Any) -> Any:
    """Whether a policy ARN is an AWS-managed administrator policy, in any partition: True,
    False, or the Unknown when the unknown part of the ARN decides."""
    canonical = canonical_managed_arn(arn)
    if canonical is not None:
        # Partitions other than aws (aws-cn, aws-us-gov) spell the same policies.
        return canonical in ADMIN_MANAGED_POLICIES
    if not is_unknown(arn):
        return False
    fields = arn_fields(arn)
    if fields is None:
        return arn
    service, account, name = _text(fields[2]), _text(fields[4]), fields[5]
    if (service is not None and service != "iam") or (account is not None and account != "aws"):
        return False  # not an AWS-managed policy: a customer's, or another service's
    known = _text(name)
    if known is not None:
        return f"arn:aws:iam::aws:{known}" in ADMIN_MANAGED_POLICIES
    return arn


def is_admin_managed_arn(arn: Any) -> bool:
    return admin_managed(arn) is True


def canonical_managed_arn(arn: Any) -> str | None:
    """The ``aws``-partition ARN of an AWS-managed policy, from a string or from an unknown
    whose known text names the policy (``arn:${AWS::Partition}:iam::aws:policy/X``); None
    for anything else."""
    fields = arn_fields(arn)
    if fields is None:
        return None
    service, account, name = _text(fields[2]), _text(fields[4]), _text(fields[5])
    if service != "iam" or account != "aws" or name is None or not name.startswith("policy/"):
        return None
    return f"arn:aws:iam::aws:{name}"


def aws_managed_name(arn: Any) -> str | None:
    """The name of an AWS-managed policy ARN (any partition, any path), None otherwise."""
    canonical = canonical_managed_arn(arn)
    if canonical is None:
        return None
    path = canonical.split(":", 5)[5]
    return path.rsplit("/", 1)[-1] if path.startswith("policy/") else None


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


def unknown_statements(document: Document) -> Iterator[tuple[AttrPath, Unknown]]:
    """Statements of a known document that are themselves unknown (a ``Statement`` list from
    a parameter, an item behind an unresolved condition): each may grant anything."""
    body = document.body
    if not isinstance(body, Mapping):
        return
    items = body.get("Statement")
    if is_unknown(items):
        yield (*document.path, "Statement"), items
    elif isinstance(items, list):
        for index, item in enumerate(items):
            if is_unknown(item):
                yield (*document.path, "Statement", index), item


def _values(body: Mapping[str, Any], key: str) -> Any:
    value = body.get(key)
    if value is None or is_unknown(value):
        return value
    return value if isinstance(value, list) else [value]


def matches(pattern: Any, action: str) -> Any:
    """IAM action matching (case-insensitive; ``*`` and ``?`` wildcards). An unknown pattern
    is False when its known text rules the action out (``s3:${x}`` never grants IAM)."""
    return pattern_could_match(pattern, action, ignore_case=True)


def _effect_allows(statement: Statement) -> Any:
    effect = statement.body.get("Effect")
    if is_unknown(effect):
        return effect
    return effect == "Allow"


def allows(statement: Statement, action: str) -> Any:
    """Whether an Allow statement grants ``action`` (True/False/Unknown). An unknown Effect
    decides only where the actions would grant it."""
    effect = _effect_allows(statement)
    if effect is False:
        return False
    granted = _grants(statement, action)
    return effect if granted is True and is_unknown(effect) else granted


def _grants(statement: Statement, action: str) -> Any:
    """Whether the statement's actions cover ``action``, whatever its Effect."""
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


def action_path(statement: Statement, action: str) -> AttrPath:
    """Where a statement grants ``action``: the first ``Action`` item that matches it (so
    that each grant is its own finding), else the statement."""
    actions = statement.body.get("Action")
    if isinstance(actions, list):
        for index, item in enumerate(actions):
            if matches(item, action) is True:
                return (*statement.path, "Action", index)
    return statement.path


def grants_everything(statement: Statement) -> Any:
    """``Action: "*"`` (or a NotAction that excludes nothing relevant) on every resource."""
    return tri_all(allows_literally(statement, "*"), on_every_resource(statement))


def allows_literally(statement: Statement, pattern: str) -> Any:
    """The statement lists ``pattern`` itself as an allowed action (``*``, ``iam:*``)."""
    effect = _effect_allows(statement)
    if effect is False or "Action" not in statement.body:
        return False
    actions = _values(statement.body, "Action")
    if is_unknown(actions):
        return actions
    listed = tri_any(equals(item, pattern, ignore_case=True) for item in actions or [])
    # An unknown Effect decides only where the action is listed.
    return effect if listed is True and is_unknown(effect) else listed


def on_every_resource(statement: Statement) -> Any:
    """``Resource: "*"`` (or any NotResource, which is nearly everything)."""
    return on_resources(statement, ())


def on_resources(statement: Statement, accept: Iterable[str]) -> Any:
    """Whether the statement's resources include one of ``accept`` (exact, or ``*``)."""
    if "NotResource" in statement.body:
        return True
    resources = _values(statement.body, "Resource")
    if resources is None:
        return False
    if is_unknown(resources):
        return resources
    wanted = ("*", *accept)
    return tri_any(equals(r, w) for r in resources for w in wanted)


def broad_resource(statement: Statement, service: str, *types: str) -> Any:
    """Every resource, or a wildcard of the resources of ``service`` (of one of ``types``
    when given, such as ``role``): an ARN whose name starts with a wildcard (``role/*``,
    ``role/service-role/*``, ``function:*``). A name with a fixed start (``role/app-*``)
    reaches only resources named so."""
    every = on_every_resource(statement)
    if every is not False:
        return every
    resources = _values(statement.body, "Resource")
    if not isinstance(resources, list):
        return False
    return tri_any(_wildcard_of(r, service, types) for r in resources)


_SEGMENT = re.compile(r"[/:]")
Piece = str | None  # known text, or None for a hole


def arn_fields(value: Any) -> tuple[list[Piece], ...] | None:
    """An ARN's six fields (``arn``, partition, service, region, account, resource), each as
    the pieces of a template; None when the value is not an ARN, or when its known text does
    not show the five separators.

    A hole between two known separators fills one field: the partition, service, region and
    account of an ARN never hold a colon, so ``arn:${AWS::Partition}:iam::...`` is an IAM
    ARN whatever the partition. (The resource field may hold colons; it takes the rest.)"""
    template: tuple[Piece, ...]
    if isinstance(value, str):
        template = (value,)
    elif is_unknown(value) and value.template is not None:
        template = value.template
    else:
        return None
    fields: list[list[Piece]] = [[]]
    for piece in template:
        if piece is None:
            fields[-1].append(None)
            continue
        while piece is not None and ":" in piece and len(fields) < 6:
            head, piece = piece.split(":", 1)
            fields[-1].append(head)
            fields.append([])
        if piece:
            fields[-1].append(piece)
    if len(fields) < 6 or fields[0] != ["arn"]:
        return None
    return tuple(fields)


def _text(pieces: list[Piece]) -> str | None:
    """A field's text when fully known."""
    return "".join(p for p in pieces if p is not None) if None not in pieces else None


def _wildcard_of(resource: Any, service: str, types: tuple[str, ...]) -> Any:
    """An ARN of ``service`` (and of one of ``types``) whose last name segment starts with
    ``*``: True, False, or the Unknown whose hole decides. A hole inside a name is part of
    that name (it adds no path segment): ``role/app-${var.env}`` starts with ``app-``."""
    fields = arn_fields(resource)
    if fields is None:
        return resource if is_unknown(resource) else False
    named = _text(fields[2])
    if named is not None and named != service:
        return False
    pieces = fields[5]
    head = pieces[0] if pieces else ""
    if (
        types
        and head is not None
        and not head.startswith("*")
        and not any(head.startswith((f"{t}/", f"{t}:")) for t in types)
    ):
        return False
    # The start of the last name segment: the text after the last separator written.
    for index in range(len(pieces) - 1, -1, -1):
        piece = pieces[index]
        if piece is None or not _SEGMENT.search(piece):
            continue
        start = _SEGMENT.split(piece)[-1]
        if not start:
            start_piece = pieces[index + 1] if index + 1 < len(pieces) else ""
            if start_piece is None:  # the name starts with a hole, which may be a wildcard
                return resource if is_unknown(resource) else False
            start = start_piece
        return bool(start) and start.startswith("*")
    first = pieces[0] if pieces else ""
    if first is not None and first:
        return first.startswith("*")  # no separator: the whole resource ("*")
    return resource if is_unknown(resource) else False


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
_ADDRESS_KEYS = frozenset({"aws:sourceip"})


def _principal_public(principal: Any) -> Any:
    if is_unknown(principal) or isinstance(principal, str):
        return equals(principal, "*")
    if isinstance(principal, Mapping):
        values = principal.get("AWS")
        if is_unknown(values) or isinstance(values, str):
            return equals(values, "*")
        if isinstance(values, list):
            return tri_any(equals(v, "*") for v in values)
    return False


def _may_be_everything(key: str, value: Any) -> Any:
    """Whether one value of a pattern test (``StringLike``, ``ArnLike``, ``IpAddress``) may
    admit every caller: the ``*`` pattern, or for address keys a range that admits the whole
    internet. True, False, or the Unknown that decides."""
    if key in _ADDRESS_KEYS:
        return network.is_world(value)
    return equals(value, "*")


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
        name = str(operator).lower()
        # A negated test, a test that holds when the key is absent (...IfExists), or one over
        # every value of a missing key (ForAllValues:) lets callers without the key through.
        if name.endswith("ifexists") or name.startswith("forallvalues:"):
            continue
        name = name.removeprefix("foranyvalue:")
        if name.startswith(("stringnot", "arnnot", "notipaddress")):
            continue
        pattern = name.endswith("like") or name == "ipaddress"
        for key, values in tests.items():
            lowered = str(key).lower()
            if lowered not in RESTRICTING_KEYS:
                continue
            if not pattern:
                # An exact comparison (StringEquals, ArnEquals ...) admits only callers whose
                # key equals a listed value, whatever the values are: even "*" is literal
                # there, and an account id from a parameter or AWS::AccountId confines.
                return True
            if is_unknown(values):
                pending = values if pending is None else pending
                continue
            items = values if isinstance(values, list) else [values]
            if not items:
                return True  # no value can match: nobody passes
            answer = tri_any(_may_be_everything(lowered, v) for v in items)
            if answer is False:
                return True
            if is_unknown(answer) and pending is None:
                pending = answer
    return pending if pending is not None else False


def public_statement(statement: Statement) -> Any:
    """An Allow statement for every principal that no condition confines to known callers.
    ``NotPrincipal`` with Allow is everyone but the listed principals: public too."""
    effect = _effect_allows(statement)
    if effect is False:
        return False
    if "NotPrincipal" in statement.body and "Principal" not in statement.body:
        public: Any = True
    else:
        public = _principal_public(statement.body.get("Principal"))
    if public is False:
        return False
    restricted = _restricted(statement.body.get("Condition"))
    if restricted is True:
        return False
    # An unknown Effect decides only a statement that would otherwise be public.
    for pending in (public, restricted, effect):
        if is_unknown(pending):
            return pending
    return True


def public_policy_verdicts(resource: Resource, path: AttrPath, what: str) -> list[Verdict]:
    """One failure per statement of the resource policy at ``path`` open to everyone."""
    document = resource.get(path)
    if is_unknown(document):
        if chosen_by_aws(document):
            return [ok()]  # the service's default policy admits only the owning account
        return [unknown(reason(document, what), path)]
    fails: list[Verdict] = []
    unknowns: list[Verdict] = []
    holder = Document(path, what, document)
    for statement in statements(holder):
        public = public_statement(statement)
        if public is True:
            fails.append(fail(f"{what} allows any principal ({statement.where()})", statement.path))
        elif is_unknown(public):
            unknowns.append(unknown(reason(public, statement.where()), statement.path))
    for where, value in unknown_statements(holder):
        unknowns.append(unknown(reason(value, f"a statement of the {what}"), where))
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
                pending.extend(value for _, value in unknown_statements(document))
    attached = ctx.reference_paths(principal, EdgeType.HAS_POLICY)
    arns: list[str] = []
    listed = principal.get("managed_policy_arns")
    if is_unknown(listed):
        pending.append(listed)
    elif isinstance(listed, list):
        for index, arn in enumerate(listed):
            managed = canonical_managed_arn(arn)  # a partition it does not know still names it
            if managed is not None:
                arns.append(managed)
            elif is_unknown(arn) and ("managed_policy_arns", index) not in attached:
                pending.append(arn)
    return Permissions(tuple(found), tuple(arns), tuple(pending))


def roles_of(resource: Resource, ctx: Context) -> list[Resource]:
    return ctx.related(resource, "aws.iam.role", EdgeType.USES_ROLE, "out")


# -- security groups ----------------------------------------------------------------------------
#
# "Open to the world" is one question, answered by iacgate/model/network.py: any spelling of a
# prefix-0 range, or several ranges that together admit every internet address.


def world_peer(rule: Mapping[str, Any]) -> Any:
    """The rule's range (for messages) when it admits the whole internet by itself; None when
    the peer is something else; the Unknown when the peer may be the world."""
    pending: Unknown | None = None
    for key in ("cidr_ipv4", "cidr_ipv6"):
        value = rule.get(key)
        if value is None:
            continue
        answer = network.is_world(value)
        if answer is True:
            return display(value).strip()
        if is_unknown(answer) and pending is None:
            pending = answer
    if pending is not None and all(
        rule.get(k) is None or rule.get(k) is False
        for k in ("prefix_list_id", "referenced_group_id")
    ):
        return pending
    return None


def opened(span: Any, ports: Iterable[int]) -> list[int]:
    """Which of ``ports`` a known port range admits."""
    if not isinstance(span, tuple):
        return []
    lo, hi = span
    return [port for port in ports if lo <= port <= hi]


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


def describe_span(protocol: Any, span: tuple[int, int]) -> str:
    lo, hi = span
    what = "tcp/udp" if protocol == aws.ALL_PROTOCOLS else str(protocol)
    return f"{what} port {lo}" if lo == hi else f"{what} ports {lo}-{hi}"


def ingress_rules(resource: Resource) -> Iterator[aws.RuleRef]:
    return aws.sg_rules(resource, "ingress")


def unknown_side(resource: Resource, side: str) -> Unknown | None:
    value = resource.get(side)
    return value if is_unknown(value) else None


@dataclass(frozen=True, slots=True)
class Exposure:
    """What one ingress rule opens to the whole internet, or may open.

    ``peer`` names the range(s) that admit the world (a string), or is the Unknown that may;
    ``span`` is the TCP/UDP port range open through the rule (None when it opens no TCP or
    UDP port, the Unknown when the ports are not known); ``everything`` says whether it opens
    every port or protocol (AWS-EC2-004's finding)."""

    ref: aws.RuleRef
    peer: Any
    span: Any
    everything: Any


# Ranges combined per group at most: real groups hold a few dozen rules (AWS's default quota
# is 60 per direction); beyond this the union is not computed and the group is unknown.
MAX_COMBINED = 200


def exposures(resource: Resource) -> tuple[list[Exposure], Unknown | None]:
    """Every ingress rule of a group (or standalone rule resource) that opens something to
    the whole internet — alone, or together with the group's other rules on the same
    protocol and ports — or may; and the Unknown that keeps the rest from being judged."""
    found: list[Exposure] = []
    pending = unknown_side(resource, "ingress")
    candidates: list[aws.RuleRef] = []
    for ref in ingress_rules(resource):
        peer = world_peer(ref.rule)
        if peer is None:
            candidates.append(ref)
            continue
        found.append(Exposure(ref, peer, aws.admitted_ports(ref.rule), opens_all_ports(ref.rule)))
    combined, skipped = _combined(candidates)
    if skipped is not None and pending is None:
        pending = skipped
    return found + combined, pending


def _cidr(rule: Mapping[str, Any]) -> Any:
    value = rule.get("cidr_ipv4")
    return value if value is not None else rule.get("cidr_ipv6")


def _combined(refs: list[aws.RuleRef]) -> tuple[list[Exposure], Unknown | None]:
    """Rules whose ranges admit the world only together: for each protocol, the port ranges
    on which the ranges of the rules that admit them cover every internet address."""
    usable = [
        r
        for r in refs
        if isinstance(_cidr(r.rule), str)
        and isinstance(aws.admitted_ports(r.rule), tuple)
        and r.rule.get("protocol") in (aws.ALL_PROTOCOLS, *aws.PORTED)
    ]
    if network.covers_world(_cidr(r.rule) for r in usable) is not True:
        return [], None  # even all of them together do not: the common case, decided at once
    if len(usable) > MAX_COMBINED:
        return [], Unknown(f"more than {MAX_COMBINED} ingress ranges: their union is not combined")
    found: list[Exposure] = []
    seen: set[tuple[AttrPath, tuple[int, int]]] = set()
    for protocol in sorted(aws.PORTED):
        members = [r for r in usable if r.rule.get("protocol") in (aws.ALL_PROTOCOLS, protocol)]
        spans = {r.path: aws.admitted_ports(r.rule) for r in members}
        cuts = sorted({lo for lo, _ in spans.values()} | {hi + 1 for _, hi in spans.values()})
        runs: dict[AttrPath, list[tuple[int, int]]] = {}
        for lo, nxt in pairwise(cuts):
            active = [r for r in members if spans[r.path][0] <= lo <= spans[r.path][1]]
            if network.covers_world(_cidr(r.rule) for r in active) is not True:
                continue
            for r in active:
                run = runs.setdefault(r.path, [])
                if run and run[-1][1] + 1 == lo:
                    run[-1] = (run[-1][0], nxt - 1)
                else:
                    run.append((lo, nxt - 1))
        peers = network.describe(_cidr(m.rule) for m in members if m.path in runs)
        for r in members:
            for span in runs.get(r.path, []):
                if (r.path, span) not in seen:  # an all-protocols rule counts for TCP and UDP
                    seen.add((r.path, span))
                    found.append(
                        Exposure(r, f"{peers} (together: the world)", span, span == (0, 65535))
                    )
    return found, None


def world_open_ingress(group: Resource) -> tuple[list[Exposure], Unknown | None]:
    """Ingress of a group (or standalone rule resource) open to the internet, and the first
    unknown that may hide more."""
    found, pending = exposures(group)
    opened_ = [e for e in found if isinstance(e.peer, str)]
    if pending is None:
        pending = next((e.peer for e in found if is_unknown(e.peer)), None)
    return opened_, pending


def groups_with_rules(group: Resource, ctx: Context) -> list[Resource]:
    """A security group and the standalone rule resources attached to it."""
    return [group, *ctx.related(group, "aws.ec2.security_group_rule", EdgeType.ATTACHED_TO, "in")]
