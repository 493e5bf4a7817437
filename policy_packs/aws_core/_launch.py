"""Helpers of the launch-path rules: instance metadata options, public addresses and EBS
encryption as a launch template, a launch configuration or an instance writes them.

Everything reads canonical attributes. ``at`` is the key of the resource whose attribute
decides (an instance's launch template), so that the finding points at its line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from iacgate.rules import (
    AttrPath,
    Context,
    EdgeType,
    Resource,
    Status,
    Unknown,
    Verdict,
    fail,
    is_unknown,
    ok,
    unknown,
)

from ._aws import chosen_by_aws, reason
from .data import ebs_encryption_verdict

# The names AMIs give their root device (Amazon Linux and most others /dev/xvda, Ubuntu and
# Windows /dev/sda1): a mapping of either configures the root volume.
ROOT_DEVICES = frozenset({"/dev/xvda", "/dev/sda1"})


def imdsv2_verdict(options: Any, path: AttrPath, what: str, *, at: str | None = None) -> Verdict:
    """IMDSv2 required (or the endpoint off) in ``options`` (a ``metadata_options`` object at
    ``path``). Unset tokens leave IMDSv1 to the AMI's and account's defaults: a failure."""
    if is_unknown(options):
        return unknown(reason(options, "the metadata options"), path, at=at)
    if not isinstance(options, Mapping):
        options = {}
    endpoint = options.get("http_endpoint")
    if endpoint == "disabled":
        return ok()
    tokens = options.get("http_tokens")
    tokens_path = (*path, "http_tokens")
    if tokens == "required":
        return ok()
    if tokens is None or chosen_by_aws(tokens):
        return fail(
            f"{what} does not set http_tokens: the AMI and account defaults decide whether "
            "IMDSv1 answers; require IMDSv2 explicitly",
            tokens_path,
            at=at,
        )
    if is_unknown(tokens):
        return unknown(reason(tokens, "http_tokens"), tokens_path, at=at)
    if is_unknown(endpoint):
        return unknown(reason(endpoint, "http_endpoint"), (*path, "http_endpoint"), at=at)
    return fail(
        f"{what} sets http_tokens {tokens!r}: IMDSv1 answers without a session token",
        tokens_path,
        at=at,
    )


def hop_limit_verdict(options: Any, path: AttrPath, what: str) -> Verdict:
    """The metadata response hop limit at most 1 (unset: the AMI's and account's default, 1
    or 2 for AMIs made for containers: not judged)."""
    if is_unknown(options):
        return unknown(reason(options, "the metadata options"), path)
    if not isinstance(options, Mapping) or options.get("http_endpoint") == "disabled":
        return ok()
    limit = options.get("http_put_response_hop_limit")
    limit_path = (*path, "http_put_response_hop_limit")
    if limit is None or chosen_by_aws(limit):
        return ok()
    if is_unknown(limit):
        return unknown(reason(limit, "the hop limit"), limit_path)
    if isinstance(limit, int) and limit > 1:
        return fail(
            f"{what} lets metadata answers travel {limit} hops: a container or a forwarding "
            "process on the instance can read the instance role's credentials",
            limit_path,
        )
    return ok()


def mapping_verdicts(
    mappings: Any, path: AttrPath, ctx: Context, *, at: str | None = None
) -> Iterator[Verdict]:
    """Every EBS mapping of a launch template encrypted (instance store and no-device mappings
    have no EBS volume)."""
    if is_unknown(mappings):
        yield unknown(reason(mappings, "the block device mappings"), path, at=at)
        return
    if not isinstance(mappings, list):
        return
    for index, mapping in enumerate(mappings):
        if not isinstance(mapping, Mapping):
            continue
        ebs = mapping.get("ebs")
        if ebs is None:
            continue
        name = mapping.get("device_name")
        what = f"volume {name}" if isinstance(name, str) else "the root volume"
        here = (*path, index, "ebs", "encrypted")
        if is_unknown(ebs):
            yield unknown(reason(ebs, f"the EBS settings of {what}"), here, at=at)
            continue
        encrypted = ebs.get("encrypted")
        if encrypted is None:  # a live template that leaves it out: as unset in code
            encrypted = Unknown("not set: the account's EBS encryption-by-default setting")
        verdict = ebs_encryption_verdict(encrypted, here, ctx, what)
        if verdict.status is not Status.PASS and at is not None:
            verdict = Verdict(verdict.status, verdict.message, verdict.path, at)
        yield verdict


def launch_template_of(instance: Resource, ctx: Context) -> Resource | None:
    """The launch template an instance (or group) is launched from, when it is scanned."""
    found = ctx.related(instance, "aws.ec2.launch_template", EdgeType.LAUNCHED_FROM, "out")
    return found[0] if found else None


def root_mapping(template: Resource) -> tuple[Any, AttrPath] | None:
    """The template's mapping of the usual root device names, with its path."""
    mappings = template.get("block_device_mappings")
    if not isinstance(mappings, list):
        return None
    for index, mapping in enumerate(mappings):
        if isinstance(mapping, Mapping) and mapping.get("device_name") in ROOT_DEVICES:
            return mapping, ("block_device_mappings", index)
    return None
