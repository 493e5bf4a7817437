"""Compliance coverage: the rules measured against each framework's control catalogue.

A control is *covered* when rules map to it, *partly* covered when rules map to it but the
catalogue notes what they leave unchecked, *not covered* when no rule maps to it, and *not
checkable* when the catalogue says no infrastructure code or manifest can show it.
Percentages are of the checkable controls. Rendering (text, JSON, the docs page) lives here
too; ``cli.py`` only prints what these functions return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from iacgate.rules.dsl import Rule
from iacgate.rules.frameworks import FRAMEWORKS, Control, Framework, load


class State(StrEnum):
    COVERED = "covered"
    PARTLY = "partly"
    NOT_COVERED = "not covered"
    NOT_CHECKABLE = "not checkable"


@dataclass(frozen=True, slots=True)
class ControlCoverage:
    control: Control
    state: State
    rules: tuple[Rule, ...]

    @property
    def note(self) -> str:
        if self.state is State.PARTLY:
            return self.control.partly or ""
        if self.state is State.NOT_CHECKABLE:
            return self.control.not_checkable or ""
        return ""


@dataclass(frozen=True, slots=True)
class Coverage:
    framework: Framework
    controls: tuple[ControlCoverage, ...]
    # (rule code, control id) mappings the catalogue does not know: a typo or a missing control
    unknown: tuple[tuple[str, str], ...]
    # (rule code, control id) mappings to a control the catalogue calls not checkable
    contradictions: tuple[tuple[str, str], ...]

    def count(self, state: State) -> int:
        return sum(1 for item in self.controls if item.state is state)

    @property
    def checkable(self) -> int:
        return len(self.controls) - self.count(State.NOT_CHECKABLE)

    def percent(self, *states: State) -> float:
        """Share of the checkable controls in ``states``, in percent (0 when none is)."""
        if not self.checkable:
            return 0.0
        return 100.0 * sum(self.count(state) for state in states) / self.checkable


def measure(framework: Framework, rules: Iterable[Rule]) -> Coverage:
    mapped: dict[str, list[Rule]] = defaultdict(list)
    known = {control.id for control in framework.controls}
    unknown: list[tuple[str, str]] = []
    for item in sorted(rules, key=lambda r: r.meta.code):
        for control_id in item.meta.framework_ids(framework.id):
            if control_id in known:
                mapped[control_id].append(item)
            else:
                unknown.append((item.meta.code, control_id))
    controls: list[ControlCoverage] = []
    contradictions: list[tuple[str, str]] = []
    for control in framework.controls:
        found = tuple(mapped.get(control.id, ()))
        if found:
            state = State.PARTLY if control.partly else State.COVERED
            if control.not_checkable:
                contradictions += [(r.meta.code, control.id) for r in found]
        else:
            state = State.NOT_CHECKABLE if control.not_checkable else State.NOT_COVERED
        controls.append(ControlCoverage(control, state, found))
    return Coverage(framework, tuple(controls), tuple(unknown), tuple(contradictions))


def measure_all(rules: Sequence[Rule]) -> list[Coverage]:
    """Every catalogued framework, in registry order."""
    return [measure(load(framework_id), rules) for framework_id in FRAMEWORKS]


def _share(coverage: Coverage) -> str:
    covered = coverage.percent(State.COVERED)
    with_partly = coverage.percent(State.COVERED, State.PARTLY)
    return f"{covered:.0f}% ({with_partly:.0f}% with partly covered)"


def _summary_line(coverage: Coverage) -> str:
    return (
        f"{coverage.framework.id}: {coverage.framework.title}: "
        f"{coverage.count(State.COVERED)} covered, {coverage.count(State.PARTLY)} partly, "
        f"{coverage.count(State.NOT_COVERED)} not covered of {coverage.checkable} checkable "
        f"controls: {_share(coverage)}; {coverage.count(State.NOT_CHECKABLE)} not checkable "
        f"from IaC"
    )


def render_text(coverage: Coverage) -> str:
    """One framework, control by control (``iacgate rules --framework ID --coverage``)."""
    lines = [_summary_line(coverage), ""]
    width = max(len(item.control.id) for item in coverage.controls)
    for item in coverage.controls:
        codes = ", ".join(r.meta.code for r in item.rules)
        line = f"{item.control.id:{width}}  {item.state.value:13}  {item.control.title}"
        if codes:
            line += f"  [{codes}]"
        if item.note:
            line += f"  -- {item.note}"
        lines.append(line)
    for code, control_id in coverage.unknown:
        lines.append(f"warning: {code} maps to {control_id!r}, which the catalogue does not list")
    return "\n".join(lines) + "\n"


def render_summary_text(coverages: Iterable[Coverage]) -> str:
    """Every framework on one line (``iacgate rules --coverage``)."""
    return "".join(_summary_line(coverage) + "\n" for coverage in coverages)


def to_json(coverage: Coverage, detail: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": coverage.framework.id,
        "title": coverage.framework.title,
        "source": coverage.framework.source,
        "controls": len(coverage.controls),
        "checkable": coverage.checkable,
        "counts": {state.value: coverage.count(state) for state in State},
        "percent_covered": round(coverage.percent(State.COVERED), 1),
        "percent_with_partly": round(coverage.percent(State.COVERED, State.PARTLY), 1),
    }
    if detail:
        data["coverage"] = [
            {
                "id": item.control.id,
                "title": item.control.title,
                "state": item.state.value,
                "rules": [r.meta.code for r in item.rules],
                "note": item.note,
            }
            for item in coverage.controls
        ]
        data["unknown_mappings"] = [
            {"rule": code, "control": control_id} for code, control_id in coverage.unknown
        ]
    return data


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _anchor(coverage: Coverage) -> str:
    """GitHub's anchor for the framework's heading."""
    heading = f"{coverage.framework.title} ({coverage.framework.id})".lower()
    kept = "".join(ch for ch in heading if ch.isalnum() or ch in " -")
    return kept.replace(" ", "-")


def render_markdown(
    coverages: Sequence[Coverage], link: Callable[[Rule], str], note: str = ""
) -> str:
    """The compliance page: percentages per framework, then every control.

    ``link`` gives the relative link of a rule's page; ``note`` is the generated-file note."""
    lines = [note, "# Compliance coverage", ""] if note else ["# Compliance coverage", ""]
    lines += [
        "How much of each compliance framework the bundled rules check, measured against the",
        "framework's control catalogue (`iacgate/rules/frameworks/`). A control is *covered*",
        "when rules check it, *partly* covered when rules map to it but it asks for more (the",
        "note says what), *not covered* when no rule checks it yet, and *not checkable* when no",
        "infrastructure code or manifest can show it (the note says why). Percentages are of",
        "the checkable controls. `iacgate rules --framework ID --coverage` prints the same.",
        "",
        "| Framework | Controls | Covered | Partly | Not covered | Not checkable | Covered |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for coverage in coverages:
        lines.append(
            f"| [{coverage.framework.title}](#{_anchor(coverage)}) (`{coverage.framework.id}`) "
            f"| {len(coverage.controls)} | {coverage.count(State.COVERED)} "
            f"| {coverage.count(State.PARTLY)} | {coverage.count(State.NOT_COVERED)} "
            f"| {coverage.count(State.NOT_CHECKABLE)} | {_share(coverage)} |"
        )
    for coverage in coverages:
        framework = coverage.framework
        lines += [
            "",
            f"## {framework.title} ({framework.id})",
            "",
            f"Source: {framework.source}.",
            "",
            "| Control | Title | State | Rules | Note |",
            "|---|---|---|---|---|",
        ]
        for item in coverage.controls:
            rules = ", ".join(f"[{r.meta.code}]({link(r)})" for r in item.rules)
            lines.append(
                f"| {_cell(item.control.id)} | {_cell(item.control.title)} | {item.state.value} "
                f"| {rules} | {_cell(item.note)} |"
            )
    return "\n".join(lines) + "\n"


def report(rules: Sequence[Rule], framework_id: str | None, fmt: str) -> str:
    """What ``iacgate rules [--framework ID] --coverage`` prints: one framework control by
    control, or every framework's summary; ``KeyError`` for a framework without a catalogue."""
    import json

    if framework_id is None:
        coverages = measure_all(rules)
        if fmt == "json":
            payload = [to_json(item, detail=False) for item in coverages]
            return json.dumps({"version": "1", "frameworks": payload}, indent=2) + "\n"
        return render_summary_text(coverages)
    measured = measure(load(framework_id), rules)
    if fmt == "json":
        return json.dumps({"version": "1", "frameworks": [to_json(measured)]}, indent=2) + "\n"
    return render_text(measured)
