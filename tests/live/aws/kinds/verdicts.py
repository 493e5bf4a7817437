"""The failures the bundled rules of one service find in a live snapshot."""

from __future__ import annotations

from iacgate.findings import FindingStatus
from iacgate.live.snapshot import Snapshot
from iacgate.pipeline import posture
from iacgate.rules.packs import load_rules


def live_verdicts(snapshot: Snapshot, prefix: str) -> set[tuple[str, str]]:
    """(rule code, the resource's last address segment) of every failure of the rules whose
    codes start with ``prefix``; any other status than pass or fail is an error."""
    rules = [r for r in load_rules() if r.meta.code.startswith(prefix)]
    assert rules, f"no rules {prefix}*"
    report = posture(snapshot, rules)
    found: set[tuple[str, str]] = set()
    for finding in report.findings:
        assert finding.status is FindingStatus.FAIL, (finding.code, finding.message)
        found.add((finding.code, finding.address.rsplit("/", 1)[-1].rsplit(":", 1)[-1]))
    return found
