"""The chain the CIS 4.x monitoring controls ask for, through the graph: trail -> log group ->
metric filter matching the control's pattern -> alarm on its metric -> SNS topic -> subscription.

Answers are three-valued (True, False, or the Unknown that could complete the chain), so a rule
can say why it cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Unknown,
    Verdict,
    fail,
    is_unknown,
    ok,
    unknown,
)

from ._aws import reason, refers

TRAIL = "aws.cloudtrail.trail"
LOG_GROUP = "aws.logs.log_group"
FILTER = "aws.logs.metric_filter"
ALARM = "aws.cloudwatch.alarm"
TOPIC = "aws.sns.topic"
SUBSCRIPTION = "aws.sns.subscription"

# One term of a JSON filter pattern: ``$.field = value``, ``$.field != "value"``,
# ``$.field NOT EXISTS`` / ``IS NULL`` / ``EXISTS``.
_TERM = re.compile(
    r"\$\.([A-Za-z0-9_.\[\]-]+)\s*"
    r"(?:(=|!=)\s*(\"(?:[^\"\\]|\\.)*\"|[^\s()&|]+)|(NOT\s+EXISTS|IS\s+NULL|EXISTS))",
    re.IGNORECASE,
)


def terms(pattern: str) -> frozenset[tuple[str, str, str]]:
    """The (field, operator, value) terms of a JSON filter pattern, in one spelling."""
    found: set[tuple[str, str, str]] = set()
    for match in _TERM.finditer(pattern):
        name, operator, value, test = match.groups()
        if test is not None:
            found.add((name.lower(), " ".join(test.upper().split()), ""))
        else:
            found.add((name.lower(), operator, value.strip('"').lower()))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Control:
    """A CIS monitoring control: its id, what it watches and the pattern CIS gives."""

    id: str
    what: str
    pattern: str
    required: frozenset[tuple[str, str, str]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", terms(self.pattern))


def _first(pending: Unknown | None, value: Unknown) -> Unknown:
    return pending if pending is not None else value


def _subscribed(alarm: Resource, ctx: Context) -> Any:
    """The alarm notifies a topic someone subscribes to."""
    enabled = alarm.get("actions_enabled")
    if enabled is False:
        return False
    pending = enabled if is_unknown(enabled) else None
    for topic in ctx.related(alarm, TOPIC, EdgeType.REFERENCES, "out"):
        if ctx.related(topic, SUBSCRIPTION, EdgeType.ATTACHED_TO, "in"):
            # Subscribed: the alarm notifies someone, unless its actions may be disabled.
            return True if pending is None else pending
    actions = alarm.get("alarm_actions")
    if is_unknown(actions):
        return _first(pending, actions)
    resolved = {str(t.get("arn")) for t in ctx.related(alarm, TOPIC, EdgeType.REFERENCES, "out")}
    for index, action in enumerate(actions or []):
        if is_unknown(action):
            if not refers(alarm, ("alarm_actions", index), ctx):
                pending = _first(pending, action)
        elif action not in resolved and ":sns:" in str(action):
            # A topic outside the scanned resources: whether anyone subscribes is not known.
            pending = _first(
                pending, Unknown("the alarm's topic is not among the scanned resources")
            )
    return pending if pending is not None else False


def _alarmed(metric: Resource, ctx: Context) -> Any:
    name, namespace = metric.get("metric_name"), metric.get("metric_namespace")
    for value in (name, namespace):
        if is_unknown(value):
            return value
    pending: Unknown | None = None
    for alarm in ctx.resources(ALARM):
        watched = (alarm.get("metric_name"), alarm.get("namespace"))
        if any(is_unknown(v) for v in watched):
            pending = _first(pending, next(v for v in watched if is_unknown(v)))
            continue
        if watched != (name, namespace):
            continue
        answer = _subscribed(alarm, ctx)
        if answer is True:
            return True
        if is_unknown(answer):
            pending = _first(pending, answer)
    return pending if pending is not None else False


def _watched(group: Resource, ctx: Context, control: Control) -> Any:
    pending: Unknown | None = None
    for metric in ctx.related(group, FILTER, EdgeType.ATTACHED_TO, "in"):
        pattern = metric.get("pattern")
        if is_unknown(pattern):
            pending = _first(pending, pattern)
            continue
        if not isinstance(pattern, str) or not control.required <= terms(pattern):
            continue
        answer = _alarmed(metric, ctx)
        if answer is True:
            return True
        if is_unknown(answer):
            pending = _first(pending, answer)
    return pending if pending is not None else False


def chain(trail: Resource, ctx: Context, control: Control) -> Any:
    """Whether the trail's log group carries the control's filter, alarm and subscribed topic."""
    groups = ctx.related(trail, LOG_GROUP, EdgeType.LOGS_TO, "out")
    if not groups:
        named = trail.get("cloud_watch_logs_log_group_arn")
        if named is None or named == "":
            return False
        if is_unknown(named):
            return named
        return Unknown("the trail's log group is not among the scanned resources")
    pending: Unknown | None = None
    for group in groups:
        answer = _watched(group, ctx, control)
        if answer is True:
            return True
        if is_unknown(answer):
            pending = _first(pending, answer)
    return pending if pending is not None else False


def judge(trail: Resource, ctx: Context, control: Control) -> Verdict:
    """Pass when some scanned trail carries the chain; unknown when an unknown could complete
    it; fail otherwise (on this trail)."""
    pending: Unknown | None = None
    for candidate in [trail, *(t for t in ctx.resources(TRAIL) if t is not trail)]:
        answer = chain(candidate, ctx, control)
        if answer is True:
            return ok()
        if is_unknown(answer):
            pending = _first(pending, answer)
    if pending is not None:
        return unknown(reason(pending, f"whether {control.what} raise an alarm"), ())
    return fail(
        f"no metric filter, alarm and subscribed SNS topic watch {control.what} "
        f"(CIS {control.id}) on any trail's CloudWatch Logs log group",
        "cloud_watch_logs_log_group_arn",
    )
