"""The least-privilege, read-only IAM policy the collector needs, derived from ``kinds``.

Nothing here is written by hand: every action comes from a declared call. Tests check that
every call a collection makes is allowed by this policy and that every action in it is a read
(``List``/``Read`` access level in the IAM reference data).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from iacgate.live.aws.calls import Call, CollectedKind
from iacgate.live.aws.kinds import AWS_KINDS, SESSION_CALLS, STACK_CALLS

POLICY_VERSION = "2012-10-17"


def declared_calls(
    kinds: Sequence[CollectedKind] = AWS_KINDS, *, stacks: bool = True
) -> tuple[Call, ...]:
    """Every call a collection of ``kinds`` may make (session calls, and with ``stacks`` the
    CloudFormation calls of ``drift --stack``)."""
    found: list[Call] = [*SESSION_CALLS]
    for kind in kinds:
        found.extend(kind.calls)
    if stacks:
        found.extend(STACK_CALLS)
    return tuple(found)


def _sid(resource: str) -> str:
    if resource == "*":
        return "IacgateReadOnly"
    return "IacgateReadApiGateway"


def policy(calls: Iterable[Call] | None = None, partition: str = "aws") -> dict[str, Any]:
    """One statement for actions on any resource; one for actions that name resource paths
    (API Gateway's ``apigateway:GET``)."""
    by_resource: dict[str, set[str]] = {}
    for item in calls if calls is not None else declared_calls():
        resource = item.resource.format(partition=partition)
        by_resource.setdefault(resource, set()).add(item.action)
    statements: list[dict[str, Any]] = []
    everywhere = sorted(by_resource.pop("*", set()))
    if everywhere:
        statements.append(
            {"Sid": _sid("*"), "Effect": "Allow", "Action": everywhere, "Resource": "*"}
        )
    scoped: dict[str, list[str]] = {}
    for resource, actions in by_resource.items():
        for action in actions:
            scoped.setdefault(action, []).append(resource)
    for action, resources in sorted(scoped.items()):
        statements.append(
            {
                "Sid": _sid(resources[0]),
                "Effect": "Allow",
                "Action": [action],
                "Resource": sorted(resources),
            }
        )
    return {"Version": POLICY_VERSION, "Statement": statements}


def actions(document: dict[str, Any]) -> set[str]:
    return {action for s in document["Statement"] for action in s["Action"]}


def organization_statements(role_name: str, partition: str = "aws") -> list[dict[str, Any]]:
    """What ``--org`` adds for the identity that runs iacgate: listing the member accounts,
    and assuming ``role_name`` in them. ``sts:AssumeRole`` is no read action, but it changes
    nothing: what the member role may do is the read-only policy above, attached to it."""
    from iacgate.live.aws.organizations import ORGANIZATION_CALLS

    return [
        {
            "Sid": "IacgateListAccounts",
            "Effect": "Allow",
            "Action": sorted({c.action for c in ORGANIZATION_CALLS}),
            "Resource": "*",
        },
        {
            "Sid": "IacgateAssumeMemberRole",
            "Effect": "Allow",
            "Action": ["sts:AssumeRole"],
            "Resource": f"arn:{partition}:iam::*:role/{role_name}",
        },
    ]


def render(partition: str = "aws", organization_role: str | None = None) -> str:
    """The policy as JSON, ready for ``aws iam create-policy --policy-document``; with
    ``organization_role`` (``--org``), also the organization's statements."""
    document = policy(partition=partition)
    if organization_role is not None:
        document["Statement"].extend(organization_statements(organization_role, partition))
    return json.dumps(document, indent=2) + "\n"
