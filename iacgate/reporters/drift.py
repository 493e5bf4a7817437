"""Drift reports: the versioned JSON document (``docs/drift.md``), terminal text and Markdown.

Names and values come from the declared files and the live scope: the human formats show them
through ``reporters.escape`` (no terminal sequences, no workflow commands, no Markdown links).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from iacgate import __version__
from iacgate.driftcheck.model import ABSENT, Change, DriftItem, DriftReport, DriftStatus
from iacgate.live.coverage import EVERYWHERE
from iacgate.live.snapshot import encode_value
from iacgate.reporters import DRIFT_FORMATS
from iacgate.reporters.escape import guard_lines, md_code, md_text, visible

if TYPE_CHECKING:
    from iacgate.driftcheck.orchestrate import DriftOutcome
    from iacgate.reporters.outputs import OutputSpec
    from iacgate.reporters.sarif_options import SarifOptions
    from iacgate.rules.dsl import Rule

DRIFT_REPORT_VERSION = "1"
FORMATS = DRIFT_FORMATS  # where it has long been imported from


def _value(value: Any) -> Any:
    return None if value is ABSENT else encode_value(value)


def change_dict(change: Change) -> dict[str, Any]:
    return {
        "path": change.display_path,
        "declared": _value(change.declared),
        "live": _value(change.live),
        "sensitive": change.sensitive,
        "line": change.line or None,
    }


def item_dict(item: DriftItem) -> dict[str, Any]:
    return {
        "status": item.status.value,
        "kind": item.kind,
        "address": item.address,
        "physical_id": item.physical_id,
        "security": item.security,
        "rules": list(item.rules),
        "severity": item.severity.label if item.severity is not None else None,
        "changes": [change_dict(c) for c in item.changes],
        "findings": [
            {
                "code": hit.code,
                "name": hit.name,
                "severity": hit.severity.label,
                "path": hit.path,
                "message": hit.message,
            }
            for hit in item.findings
        ],
        "suppressed": [
            {
                "code": s.hit.code,
                "name": s.hit.name,
                "severity": s.hit.severity.label,
                "path": s.hit.path,
                "message": s.hit.message,
                "owner": s.owner,
                "reason": s.reason,
                "expires": s.expires,
                "ticket": s.ticket,
            }
            for s in item.suppressed
        ],
        "file": item.file,
        "line": item.line or None,
        "account": item.account,
        "fingerprint": item.fingerprint,
    }


def report_dict(report: DriftReport, failed: bool) -> dict[str, Any]:
    from iacgate.provenance import utc_now

    coverage = report.coverage
    return {
        "version": DRIFT_REPORT_VERSION,
        "report": "drift",
        "tool": {"name": "iacgate", "version": __version__},
        "generated_at": utc_now(),
        "duration_seconds": report.duration_seconds,
        "target": encode_value(report.target),
        "provider": report.provider,
        "scope": report.scope,
        "collected_at": report.collected_at,
        "inputs": list(report.inputs),
        "items": [item_dict(item) for item in report.items],
        "coverage": {
            "attempted": coverage.attempted,
            "complete": coverage.complete,
            "ratio": coverage.ratio,
            "gaps": [gap.to_dict() for gap in coverage.gaps],
            "unread": [u.to_dict() for u in coverage.unread],
            "entries": [entry.to_dict() for entry in coverage.entries],
            "unverified": [
                {
                    "kind": u.kind,
                    "address": u.address,
                    "reason": u.reason,
                    "file": u.file,
                    "line": u.line or None,
                    "where": u.where,
                    "account": u.account,
                }
                for u in report.unverified
            ],
        },
        "summary": {
            "declared": report.declared,
            "live": report.live,
            "in_sync": report.in_sync,
            "missing": report.count(DriftStatus.MISSING),
            "changed": report.count(DriftStatus.CHANGED),
            "unmanaged": report.count(DriftStatus.UNMANAGED),
            "security": report.security,
            "unverified": len(report.unverified),
            "by_kind": [
                {
                    "kind": k.kind,
                    "declared": k.declared,
                    "live": k.live,
                    "managed": k.managed,
                    "unmanaged": k.unmanaged,
                    "iac_coverage": k.iac_coverage,
                }
                for k in report.by_kind
            ],
            "drift": "found" if report.items else "none",
            "gate": "failed" if failed else "passed",
        },
        "warnings": list(report.warnings),
    }


def render_json(report: DriftReport, failed: bool) -> str:
    return json.dumps(report_dict(report, failed), indent=2, ensure_ascii=False) + "\n"


def _show(value: Any, limit: int = 120) -> str:
    if value is ABSENT:
        return "(unset)"
    text = json.dumps(encode_value(value), ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(file: str | None, line: int) -> str:
    if not file:
        return ""
    return f"{file}:{line}" if line else file


def _summary_line(report: DriftReport, failed: bool) -> str:
    changed = report.count(DriftStatus.CHANGED)
    parts = [
        f"{report.count(DriftStatus.MISSING)} missing",
        f"{changed} changed",
        f"{report.count(DriftStatus.UNMANAGED)} unmanaged",
        f"{report.in_sync} in sync",
    ]
    if report.security:
        parts.insert(0, f"{report.security} security")
    if report.unverified:
        parts.append(f"{len(report.unverified)} not verified")
    if report.coverage.unread:
        parts.append(f"{len(report.coverage.unread)} account(s) not read")
    verdict = "drift found" if report.items else "no drift"
    return f"{', '.join(parts)}: {verdict}{' (gate failed)' if failed else ''}"


def _account(report: DriftReport, item: DriftItem) -> str:
    """`` (account 123456789012)`` where the report's scope does not say it already."""
    if item.account is None or report.scope == f"{report.provider}:{item.account}":
        return ""
    return f" (account {item.account})"


def render_text(report: DriftReport, failed: bool, colour: bool = False) -> str:
    red, bold, reset = ("\033[1;31m", "\033[1m", "\033[0m") if colour else ("", "", "")
    v = visible
    lines = [
        f"{bold}drift {v(report.scope)}{reset} (collected {v(report.collected_at)}): "
        f"{report.declared} declared, {report.live} live"
    ]
    for item in report.items:
        tag = f"{red}SECURITY{reset} " if item.security else ""
        rules = f" [{v(', '.join(item.rules))}]" if item.rules else ""
        where = v(_where(item.file, item.line))
        lines.append(
            f"  {tag}{item.status.value:9} {v(item.address)}{v(_account(report, item))}{rules}"
            + (f"  {where}" if where else "")
        )
        for hit in item.findings:
            lines.append(
                f"      {v(hit.code)} {v(hit.name)} ({hit.severity.label}): {v(hit.message)}"
            )
        for accepted in item.suppressed:
            lines.append(
                f"      accepted {v(accepted.hit.code)} ({accepted.hit.severity.label}): "
                f"{v(accepted.reason)} (owner {v(accepted.owner)}, expires "
                f"{v(str(accepted.expires))})"
            )
        for change in item.changes:
            at = f"  (line {change.line})" if change.line else ""
            lines.append(
                f"      {v(change.display_path)}: {v(_show(change.declared))} -> "
                f"{v(_show(change.live))}{at}"
            )
    for entry in report.unverified:
        lines.append(f"  not verified {v(entry.address)}: {v(entry.reason)}")
    coverage = report.coverage
    lines.append(f"coverage: {coverage.complete}/{coverage.attempted} lists complete")
    for unread in coverage.unread:
        named = f" ({v(unread.name)})" if unread.name else ""
        lines.append(
            f"  {red}NOT READ{reset} {v(unread.where)}{named}: {unread.status.value}: "
            f"{v(unread.detail)}"
        )
    for gap in coverage.read_gaps:
        where = "" if gap.where == EVERYWHERE else f" in {v(gap.where)}"
        lines.append(f"  not collected: {v(gap.kind)}{where}: {gap.status.value}: {v(gap.detail)}")
    for warning in report.warnings:
        lines.append(f"warning: {v(warning)}")
    lines.append(_summary_line(report, failed))
    return guard_lines("\n".join(lines) + "\n")


def render_markdown(report: DriftReport, failed: bool) -> str:
    lines = [
        f"## Drift: {md_code(report.scope, table=False)}",
        "",
        f"**{_summary_line(report, failed)}** — {report.declared} declared, {report.live} live, "
        f"collected {md_text(report.collected_at)}.",
        "",
    ]
    if report.items:
        accounts = any(_account(report, item) for item in report.items)
        lines += [
            "| | Status | Kind | Address |"
            + (" Account |" if accounts else "")
            + " Rules | Declared at |",
            "|---|---|---|---|" + ("---|" if accounts else "") + "---|---|",
        ]
        for item in report.items:
            where = _where(item.file, item.line)
            lines.append(
                f"| {'**security**' if item.security else ''} | {item.status.value} | "
                f"{md_code(item.kind)} | {md_code(item.address)} | "
                + (f"{md_text(item.account or '')} | " if accounts else "")
                + f"{md_text(', '.join(item.rules))} | {md_code(where) if where else ''} |"
            )
        lines.append("")
        for item in report.items:
            if not item.changes and not item.findings and not item.suppressed:
                continue
            lines += [f"### {item.status.value} {md_code(item.address, table=False)}", ""]
            for hit in item.findings:
                lines.append(
                    f"- **{md_text(hit.code)}** {md_text(hit.name)} ({hit.severity.label}): "
                    f"{md_text(hit.message)}"
                )
            for accepted in item.suppressed:
                lines.append(
                    f"- accepted {md_text(accepted.hit.code)}: {md_text(accepted.reason)} (owner "
                    f"{md_text(accepted.owner)}, expires {md_text(str(accepted.expires))})"
                )
            for change in item.changes:
                lines.append(
                    f"- {md_code(change.display_path, table=False)}: "
                    f"{md_code(_show(change.declared), table=False)} → "
                    f"{md_code(_show(change.live), table=False)}"
                )
            lines.append("")
    if report.coverage.unread:
        lines += ["### Not read", ""]
        for unread in report.coverage.unread:
            named = f" ({md_text(unread.name)})" if unread.name else ""
            lines.append(
                f"- **{md_text(unread.where)}**{named}: {unread.status.value}: "
                f"{md_text(unread.detail)}"
            )
        lines.append("")
    if report.unverified or report.coverage.read_gaps:
        lines += ["### Not verified", ""]
        for entry in report.unverified:
            lines.append(f"- {md_code(entry.address, table=False)}: {md_text(entry.reason)}")
        for gap in report.coverage.read_gaps:
            where = "" if gap.where == EVERYWHERE else f" in {md_text(gap.where)}"
            lines.append(
                f"- {md_code(gap.kind, table=False)}{where} not collected: {gap.status.value}: "
                f"{md_text(gap.detail)}"
            )
        lines.append("")
    coverage = report.coverage
    lines.append(f"Coverage: {coverage.complete}/{coverage.attempted} lists complete.")
    for warning in report.warnings:
        lines.append(f"\n> warning: {md_text(warning)}")
    return "\n".join(lines) + "\n"


def render(
    report: DriftReport,
    failed: bool,
    fmt: str,
    colour: bool = False,
    *,
    rules: Sequence[Rule] = (),
    artifact: str | None = None,
    sarif: SarifOptions | None = None,
) -> str:
    """One format of the drift report (``reporters.DRIFT_REPORTERS``). SARIF takes the rules
    that ran (their documentation for flipped rules), the file the live state came from and
    the SARIF options."""
    from iacgate.reporters import RenderOptions, get_drift_reporter

    options = RenderOptions(colour=colour, sarif=sarif, rules=rules, artifact=artifact)
    return get_drift_reporter(fmt, options)(report, failed)


def write_outputs(
    outcome: DriftOutcome,
    specs: Sequence[OutputSpec],
    colour: bool = False,
    *,
    artifact: str | None = None,
    sarif: SarifOptions | None = None,
) -> str:
    """Write every file output of a drift run; return what goes to standard output (in colour
    when ``colour``). Raises ``OutputError`` when a file cannot be written."""
    from iacgate.reporters.outputs import write_file

    stdout = ""
    for spec in specs:
        to_stdout = spec.path in (None, "-")
        text = render(
            outcome.report,
            outcome.failed,
            spec.format,
            colour=colour and to_stdout,
            rules=outcome.rules,
            artifact=artifact,
            sarif=sarif,
        )
        if to_stdout:
            stdout += text
        else:
            assert spec.path is not None
            write_file(spec.path, text)
    return stdout
