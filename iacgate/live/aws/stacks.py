"""A CloudFormation stack's deployed facts, for matching a template to what runs.

``DescribeStacks`` gives the parameter values the stack was deployed with (so the template
resolves as deployed) and ``DescribeStackResources`` each logical id's physical id.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from iacgate.live.aws.api import Api, ApiFailure, CallLog, Scope
from iacgate.live.aws.calls import CollectedKind
from iacgate.live.aws.kinds import SESSION_CALLS, STACK_CALLS
from iacgate.live.aws.session import Clients, Target, configured_region, make_session
from iacgate.live.errors import LiveConfigError

STACK_KIND = CollectedKind(
    kind="stack",
    service="cloudformation",
    regional=True,
    calls=(*STACK_CALLS, *SESSION_CALLS),
    id_field="StackName",
    arn="{id}",
    fetch=None,
)


@dataclass(frozen=True, slots=True)
class StackResource:
    logical_id: str
    physical_id: str
    type: str


@dataclass(frozen=True, slots=True)
class Stack:
    name: str
    region: str
    account: str
    partition: str
    parameters: dict[str, str] = field(default_factory=dict)
    resources: dict[str, StackResource] = field(default_factory=dict)  # by logical id


def describe(name: str, target: Target, session: Any = None, log: CallLog | None = None) -> Stack:
    """The stack ``name`` in ``target``'s first region; a stack that cannot be read is a
    configuration error (drift against an unknown stack would be wrong)."""
    session = session if session is not None else make_session(target)
    region = (target.regions[0] if target.regions else None) or configured_region(session)
    if region is None or region == "all":
        raise LiveConfigError("--stack needs one region: pass --region or set AWS_REGION")
    clients = Clients(session, target, 1)
    with ThreadPoolExecutor(1) as pool:
        api = Api(STACK_KIND, region, Scope("", "aws"), clients, pool, log or CallLog())
        try:
            identity = next(iter(api.pages("GetCallerIdentity")))
            stacks = api.items("DescribeStacks", "Stacks", StackName=name)
            resources = api.items("DescribeStackResources", "StackResources", StackName=name)
        except ApiFailure as exc:
            raise LiveConfigError(f"cannot read stack {name!r}: {exc.detail}") from None
    if not stacks:
        raise LiveConfigError(f"no stack named {name!r} in {region}")
    arn = str(identity.get("Arn") or "")
    parameters = {
        str(p["ParameterKey"]): str(p.get("ParameterValue", ""))
        for p in stacks[0].get("Parameters") or []
    }
    return Stack(
        name=name,
        region=region,
        account=str(identity.get("Account")),
        partition=arn.split(":")[1] if arn.count(":") >= 2 else "aws",
        parameters=parameters,
        resources={
            str(r["LogicalResourceId"]): StackResource(
                str(r["LogicalResourceId"]),
                str(r.get("PhysicalResourceId") or ""),
                str(r["ResourceType"]),
            )
            for r in resources
            if r.get("PhysicalResourceId")
        },
    )
