"""JUnit XML: one test suite per rule, one test case per finding (CI systems show these).

A finding that fails the gate is a ``<failure>``; a suppressed or already existing finding is
``<skipped>`` with the reason; a finding below the threshold passes with its message in
``<system-out>``. A rule with no findings is one passing case, so the report lists every rule.
Every value goes through ``escape.xml_text``: a control character in a name (which XML 1.0
cannot carry) is shown escaped, and the report stays well-formed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from iacgate.gate.report import GatedFinding, GateReport, State
from iacgate.reporters.escape import guard_lines, visible, xml_text

SUITES_NAME = "iacgate"


def _case(item: GatedFinding) -> ET.Element:
    finding = item.finding
    v = visible  # one value, one line: its own line breaks become visible
    where = f"{v(finding.file)}:{finding.start_line}" if finding.start_line else v(finding.file)
    case = ET.Element(
        "testcase",
        {
            "name": f"{finding.address}" + (f" {finding.path}" if finding.path else ""),
            "classname": f"{finding.code}.{finding.name}",
            "file": finding.file,
            **({"line": str(finding.start_line)} if finding.start_line else {}),
            "time": "0",
        },
    )
    text = (
        f"{where}\n{finding.severity.label} {v(finding.code)} {v(finding.name)} "
        f"[{finding.status.value}]\n{v(finding.address)}: {v(finding.message)}"
    )
    if finding.origins:
        text += "\nfrom " + ", ".join(f"{v(file)}:{line}" for file, line in finding.origins)
    for note in item.notes:
        text += f"\nnote: {v(note)}"
    if item.suppression is not None:
        s = item.suppression
        who = f" (owner {s.owner})" if s.owner else ""
        ET.SubElement(
            case, "skipped", {"message": f"suppressed by {s.kind.value}{who}: {s.reason}"}
        )
    elif item.state is State.EXISTING:
        ET.SubElement(case, "skipped", {"message": "existing finding (baseline or merge base)"})
    elif item.gating:
        failure = ET.SubElement(
            case,
            "failure",
            {"message": f"{finding.code} {finding.name}: {finding.message}", "type": "fail"},
        )
        failure.text = text
    else:
        out = ET.SubElement(case, "system-out")
        out.text = f"below the fail-on threshold\n{text}"
    return case


def _clean(element: ET.Element) -> ET.Element:
    """Escape every attribute and text of a tree (one place, so no value is forgotten)."""
    for node in element.iter():
        node.attrib = {key: xml_text(value, newlines=False) for key, value in node.attrib.items()}
        if node.text:
            node.text = guard_lines(xml_text(node.text))
    return element


def junit_tree(report: GateReport) -> ET.Element:
    by_code: dict[str, list[GatedFinding]] = defaultdict(list)
    for item in report.findings:
        by_code[item.finding.code].append(item)
    names = {r.meta.code: r.meta.name for r in report.rules}
    for code, items in by_code.items():
        names.setdefault(code, items[0].finding.name)
    root = ET.Element("testsuites", {"name": SUITES_NAME})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for code in sorted(names):
        items = by_code.get(code, [])
        suite = ET.SubElement(root, "testsuite", {"name": f"{code} {names[code]}"})
        cases = [_case(i) for i in items]
        if not cases:
            cases = [
                ET.Element(
                    "testcase",
                    {"name": "no findings", "classname": f"{code}.{names[code]}", "time": "0"},
                )
            ]
        failures = sum(1 for c in cases if c.find("failure") is not None)
        skipped = sum(1 for c in cases if c.find("skipped") is not None)
        suite.attrib.update(
            {
                "tests": str(len(cases)),
                "failures": str(failures),
                "errors": "0",
                "skipped": str(skipped),
                "time": "0",
            }
        )
        suite.extend(cases)
        totals["tests"] += len(cases)
        totals["failures"] += failures
        totals["skipped"] += skipped
    root.attrib.update({k: str(v) for k, v in totals.items()} | {"errors": "0", "time": "0"})
    return _clean(root)


def render(report: GateReport) -> str:
    tree = junit_tree(report)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, "unicode") + "\n"
