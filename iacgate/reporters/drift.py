"""Drift reports: the versioned JSON document (``docs/drift.md``), terminal text and Markdown."""

from __future__ import annotations

import json
from typing import Any

from iacgate import __version__
from iacgate.drift.model import ABSENT, Change, DriftItem, DriftReport, DriftStatus
from iacgate.live.coverage import EVERYWHERE
from iacgate.live.snapshot import encode_value

DRIFT_REPORT_VERSION = "1"
FORMATS = ("text", "json", "markdown", "sarif")


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
    lines = [
        f"{bold}drift {report.scope}{reset} (collected {report.collected_at}): "
        f"{report.declared} declared, {report.live} live"
    ]
    for item in report.items:
        tag = f"{red}SECURITY{reset} " if item.security else ""
        rules = f" [{', '.join(item.rules)}]" if item.rules else ""
        where = _where(item.file, item.line)
        lines.append(
            f"  {tag}{item.status.value:9} {item.address}{_account(report, item)}{rules}"
            + (f"  {where}" if where else "")
        )
        for hit in item.findings:
            lines.append(f"      {hit.code} {hit.name} ({hit.severity.label}): {hit.message}")
        for accepted in item.suppressed:
            lines.append(
                f"      accepted {accepted.hit.code} ({accepted.hit.severity.label}): "
                f"{accepted.reason} (owner {accepted.owner}, expires {accepted.expires})"
            )
        for change in item.changes:
            at = f"  (line {change.line})" if change.line else ""
            lines.append(
                f"      {change.display_path}: {_show(change.declared)} -> {_show(change.live)}{at}"
            )
    for entry in report.unverified:
        lines.append(f"  not verified {entry.address}: {entry.reason}")
    coverage = report.coverage
    lines.append(f"coverage: {coverage.complete}/{coverage.attempted} lists complete")
    for unread in coverage.unread:
        named = f" ({unread.name})" if unread.name else ""
        lines.append(
            f"  {red}NOT READ{reset} {unread.where}{named}: {unread.status.value}: {unread.detail}"
        )
    for gap in coverage.read_gaps:
        where = "" if gap.where == EVERYWHERE else f" in {gap.where}"
        lines.append(f"  not collected: {gap.kind}{where}: {gap.status.value}: {gap.detail}")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    lines.append(_summary_line(report, failed))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: DriftReport, failed: bool) -> str:
    lines = [
        f"## Drift: `{report.scope}`",
        "",
        f"**{_summary_line(report, failed)}** — {report.declared} declared, {report.live} live, "
        f"collected {report.collected_at}.",
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
            lines.append(
                f"| {'**security**' if item.security else ''} | {item.status.value} | "
                f"`{item.kind}` | `{_md(item.address)}` | "
                + (f"{item.account or ''} | " if accounts else "")
                + f"{', '.join(item.rules)} | {_md(_where(item.file, item.line))} |"
            )
        lines.append("")
        for item in report.items:
            if not item.changes and not item.findings and not item.suppressed:
                continue
            lines += [f"### {item.status.value} `{_md(item.address)}`", ""]
            for hit in item.findings:
                lines.append(
                    f"- **{hit.code}** {hit.name} ({hit.severity.label}): {_md(hit.message)}"
                )
            for accepted in item.suppressed:
                lines.append(
                    f"- accepted {accepted.hit.code}: {_md(accepted.reason)} (owner "
                    f"{_md(accepted.owner)}, expires {accepted.expires})"
                )
            for change in item.changes:
                lines.append(
                    f"- `{_md(change.display_path)}`: `{_md(_show(change.declared))}` → "
                    f"`{_md(_show(change.live))}`"
                )
            lines.append("")
    if report.coverage.unread:
        lines += ["### Not read", ""]
        for unread in report.coverage.unread:
            named = f" ({_md(unread.name)})" if unread.name else ""
            lines.append(
                f"- **{unread.where}**{named}: {unread.status.value}: {_md(unread.detail)}"
            )
        lines.append("")
    if report.unverified or report.coverage.read_gaps:
        lines += ["### Not verified", ""]
        for entry in report.unverified:
            lines.append(f"- `{_md(entry.address)}`: {_md(entry.reason)}")
        for gap in report.coverage.read_gaps:
            where = "" if gap.where == EVERYWHERE else f" in {gap.where}"
            lines.append(
                f"- `{gap.kind}`{where} not collected: {gap.status.value}: {_md(gap.detail)}"
            )
        lines.append("")
    coverage = report.coverage
    lines.append(f"Coverage: {coverage.complete}/{coverage.attempted} lists complete.")
    for warning in report.warnings:
        lines.append(f"\n> warning: {_md(warning)}")
    return "\n".join(lines) + "\n"


def render(report: DriftReport, failed: bool, fmt: str, colour: bool = False) -> str:
    if fmt == "sarif":
        from iacgate.reporters.drift_sarif import render as render_sarif

        return render_sarif(report, failed)
    if fmt == "json":
        return render_json(report, failed)
    if fmt == "markdown":
        return render_markdown(report, failed)
    return render_text(report, failed, colour)
