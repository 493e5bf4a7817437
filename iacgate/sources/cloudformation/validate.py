"""``--validate``: cfn-lint's own template checks, reported as findings under cfn-lint's ids.

cfn-lint is imported only here (about 1 s of imports and 0.35 s to load its rules, paid once per
process); each template then costs cfn-lint's own check time. Its severities map onto ours:
an error (the template will not deploy as written) is high, a warning low, information info.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from iacgate.findings import Finding, FindingStatus, fingerprint
from iacgate.model.paths import AttrPath, format_path
from iacgate.normalize.cloudformation import SOURCE, raw_kind, scope_of
from iacgate.rules.metadata import Severity
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.cloudformation.records import CloudFormationResource

DEFAULT_REGION = "us-east-1"
_SEVERITIES = {"error": Severity.HIGH, "warning": Severity.LOW, "informational": Severity.INFO}
_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def _linter(region: str) -> tuple[Any, Any]:
    """cfn-lint's configuration and rule collection, loaded once per process and region."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    config = ConfigMixIn(regions=[region])
    return config, Runner(config).rules


def lint(text: str, region: str) -> list[Any]:
    """cfn-lint's matches for one template text."""
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import run_template_by_data

    template, errors = decode_str(text)
    if errors:
        return list(errors)
    if template is None:
        return []
    config, rules = _linter(region)
    return list(run_template_by_data(template, config, rules))


def check(
    text: str,
    display: str,
    options: CloudFormationOptions,
    records: Sequence[CloudFormationResource],
) -> list[Finding]:
    """Findings for every cfn-lint match in the template ``display``."""
    region = options.region or DEFAULT_REGION
    types = {r.logical_id: r.type for r in records if not r.stack_path}
    scope = scope_of(display, options.stack_name)
    return [_finding(match, display, scope, types) for match in lint(text, region)]


def _name(match: Any) -> str:
    rule = match.rule
    slug = _SLUG.sub("-", str(getattr(rule, "shortdesc", "") or rule.id).lower()).strip("-")
    return f"cfn-lint-{slug}" if slug else "cfn-lint"


def _finding(match: Any, display: str, scope: str, types: dict[str, str]) -> Finding:
    code = str(match.rule.id)
    path: AttrPath = tuple(getattr(match, "path", None) or ())
    address, kind, inner = display, "file", path
    if len(path) >= 2 and path[0] == "Resources" and isinstance(path[1], str):
        address = path[1]
        kind = raw_kind(types[address]) if address in types else "cfn.resource"
        inner = path[3:] if len(path) > 2 and path[2] == "Properties" else path[2:]
    shown = format_path(_clean(inner))
    start = int(getattr(match, "linenumber", 0) or 0)
    end = int(getattr(match, "linenumberend", 0) or start)
    return Finding(
        code=code,
        name=_name(match),
        severity=_SEVERITIES.get(str(getattr(match.rule, "severity", "error")), Severity.HIGH),
        status=FindingStatus.FAIL,
        kind=kind,
        address=address,
        file=display,
        start_line=start,
        end_line=max(start, end),
        path=shown,
        message=str(match.message),
        fingerprint=fingerprint(code, scope, address, f"{shown}\x1f{match.message}"),
        scope=scope,
        source=SOURCE,
    )


def _clean(path: Iterable[Any]) -> AttrPath:
    return tuple(p if isinstance(p, int) else str(p) for p in path)
