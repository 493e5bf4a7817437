"""``--validate``: cfn-lint's own template checks, reported as findings under cfn-lint's ids.

cfn-lint is imported only here (about 1 s of imports and 0.35 s to load its rules, paid once per
process); each template then costs cfn-lint's own check time. Its severities map onto ours:
an error (the template will not deploy as written) is high, a warning low, information info.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from iacgate.model.findings import Finding, FindingStatus, fingerprint
from iacgate.model.paths import AttrPath, format_path
from iacgate.model.severity import Severity
from iacgate.sources.cloudformation.parameters import CloudFormationOptions
from iacgate.sources.cloudformation.records import SOURCE, scope_of

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
    kinds: Mapping[str, str],
    secrets: Iterable[str] = (),
) -> list[Finding]:
    """Findings for every cfn-lint match in the template ``display``. cfn-lint quotes values in
    its messages: the values of ``NoEcho`` parameters (``secrets``) are masked."""
    region = options.region or DEFAULT_REGION
    scope = scope_of(display, options.stack_name)
    hidden = sorted({s for s in secrets if s}, key=len, reverse=True)
    return [_finding(match, display, scope, kinds, hidden) for match in lint(text, region)]


def secret_values(template: Any, options: CloudFormationOptions) -> list[str]:
    """The values ``NoEcho`` parameters may take here: their defaults and given values."""
    parameters = template.get("Parameters") if isinstance(template, dict) else None
    found: list[str] = []
    for name, spec in (parameters or {}).items():
        if not isinstance(spec, dict) or str(spec.get("NoEcho", "")).lower() != "true":
            continue
        for value in (spec.get("Default"), options.parameters.get(name)):
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                found.append(str(value))
    return found


def _name(match: Any) -> str:
    rule = match.rule
    slug = _SLUG.sub("-", str(getattr(rule, "shortdesc", "") or rule.id).lower()).strip("-")
    return f"cfn-lint-{slug}" if slug else "cfn-lint"


def _finding(
    match: Any, display: str, scope: str, kinds: Mapping[str, str], hidden: list[str]
) -> Finding:
    code = str(match.rule.id)
    path: AttrPath = tuple(getattr(match, "path", None) or ())
    address, kind, inner = display, "file", path
    if len(path) >= 2 and path[0] == "Resources" and isinstance(path[1], str):
        address = path[1]
        kind = kinds.get(address, "cfn.resource")
        inner = path[3:] if len(path) > 2 and path[2] == "Properties" else path[2:]
    shown = format_path(_clean(inner))
    message = str(match.message)
    for secret in hidden:
        message = message.replace(secret, "****")
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
        message=message,
        fingerprint=fingerprint(code, scope, address, f"{shown}\x1f{message}"),
        scope=scope,
        source=SOURCE,
    )


def _clean(path: Iterable[Any]) -> AttrPath:
    return tuple(p if isinstance(p, int) else str(p) for p in path)
