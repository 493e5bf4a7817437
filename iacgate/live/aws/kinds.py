"""Every collected AWS kind: the kinds whose declaration (``model/aws/kinds``) has a collector.

Each names the canonical kind, the service whose thread pool runs it, whether it is regional,
every call it makes (list call first; IAM action; "not configured" and "deleted meanwhile"
answers), the list item's id field, the ARN form, and the fetch function (``services.FETCH``,
else the generic one). The IAM policy of ``iacgate drift --print-permissions aws`` is derived
from these alone (see ``permissions``); the call gate refuses anything not declared.

``aws.ec2.security_group_rule`` is not collected: it models rules of a group declared in another
input, and live groups always carry all their rules (docs/model.md).
"""

from __future__ import annotations

from iacgate.live.aws.calls import Call, CollectedKind, call
from iacgate.live.aws.services import FETCH, generic
from iacgate.model.aws.kinds import KINDS

AWS_KINDS: tuple[CollectedKind, ...] = tuple(
    CollectedKind(
        kind=kind.name,
        service=collector.service,
        regional=kind.regional,
        calls=collector.calls,
        id_field=collector.id_field,
        arn=collector.arn,
        fetch=FETCH.get(kind.name, generic.fetch),
        produces=collector.produces,
        note=collector.note,
    )
    for kind in KINDS
    if (collector := kind.collector) is not None
)

# Every canonical kind the collector produces (a bucket's records also give bucket policies).
PRODUCED: frozenset[str] = frozenset(kind for item in AWS_KINDS for kind in item.kinds)

# Calls made once per collection, whatever the kinds: who the caller is (the account) and
# which regions are enabled. CloudFormation calls are made by drift with ``--stack`` only.
SESSION_CALLS: tuple[Call, ...] = (
    call("sts", "GetCallerIdentity"),
    call("ec2", "DescribeRegions"),
)
STACK_CALLS: tuple[Call, ...] = (
    call("cloudformation", "DescribeStacks", paginated=True),
    call("cloudformation", "DescribeStackResources"),
)


def select(names: tuple[str, ...]) -> tuple[CollectedKind, ...]:
    """Kinds by canonical name (``aws.s3.bucket``) or its last part (``bucket``, ``role``);
    an unknown name raises ``KeyError`` naming it."""
    chosen: list[CollectedKind] = []
    for name in names:
        lowered = name.lower()
        matches = [
            item
            for item in AWS_KINDS
            if lowered == item.kind
            or lowered in (k.rsplit(".", 1)[-1] for k in item.kinds)
            or lowered in item.kinds
        ]
        if not matches:
            raise KeyError(name)
        chosen.extend(m for m in matches if m not in chosen)
    return tuple(item for item in AWS_KINDS if item in chosen)
