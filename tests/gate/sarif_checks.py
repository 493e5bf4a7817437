"""SARIF checks shared by the tests: the official 2.1.0 schema, then what GitHub code scanning
requires of an upload beyond it (docs.github.com, "SARIF support for code scanning": the
supported properties and the upload limits)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jsonschema

from ..conftest import REPO

SCHEMAS = REPO.parent / "shared" / "schemas"
if not SCHEMAS.is_dir():  # CI: shared/ sits beside the clone
    SCHEMAS = Path("/work/shared/schemas")

# GitHub's upload limits (a file over them is rejected or truncated).
MAX_RUNS = 20
MAX_RULES = 25_000
MAX_RESULTS = 25_000
MAX_LOCATIONS = 1_000
MAX_TAGS = 20
LEVELS = {"error", "warning", "note", "none"}


def schema_errors(log: Any) -> list[str]:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def _relative_uri(uri: str) -> bool:
    parsed = urlparse(uri)
    return not parsed.scheme and not parsed.netloc and not uri.startswith("/") and " " not in uri


def github_errors(log: Any) -> list[str]:
    """Everything in ``log`` that GitHub code scanning would reject or mis-handle."""
    problems: list[str] = []
    if log.get("version") != "2.1.0":
        problems.append("version is not 2.1.0")
    runs = log.get("runs", [])
    if not 1 <= len(runs) <= MAX_RUNS:
        problems.append(f"{len(runs)} runs")
    for r, run in enumerate(runs):
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            problems.append(f"run {r}: no tool name")
        rules = driver.get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(ids) != len(set(ids)) or len(rules) > MAX_RULES:
            problems.append(f"run {r}: duplicate or too many rule ids")
        for rule in rules:
            where = f"rule {rule['id']}"
            if not rule.get("shortDescription", {}).get("text"):
                problems.append(f"{where}: no shortDescription")
            if not rule.get("help", {}).get("text") or not rule.get("help", {}).get("markdown"):
                problems.append(f"{where}: no help text and markdown")
            uri = rule.get("helpUri", "")
            if urlparse(uri).scheme not in ("https", "http"):
                problems.append(f"{where}: helpUri {uri!r} is not an absolute URL")
            properties = rule.get("properties", {})
            if len(properties.get("tags", [])) > MAX_TAGS:
                problems.append(f"{where}: more than {MAX_TAGS} tags")
            if "security-severity" in properties:
                score = float(properties["security-severity"])
                if not 0.0 <= score <= 10.0:
                    problems.append(f"{where}: security-severity {score}")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            if level not in LEVELS:
                problems.append(f"{where}: level {level}")
        results = run.get("results", [])
        if len(results) > MAX_RESULTS:
            problems.append(f"run {r}: {len(results)} results")
        for i, result in enumerate(results):
            where = f"result {i} ({result.get('ruleId')})"
            if result.get("ruleId") not in ids:
                problems.append(f"{where}: ruleId names no rule")
            elif "ruleIndex" in result and ids[result["ruleIndex"]] != result["ruleId"]:
                problems.append(f"{where}: ruleIndex points at another rule")
            if not result.get("message", {}).get("text"):
                problems.append(f"{where}: no message text")
            if result.get("level", "warning") not in LEVELS:
                problems.append(f"{where}: level {result.get('level')}")
            if not result.get("partialFingerprints"):
                problems.append(f"{where}: no partialFingerprints")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= MAX_LOCATIONS:
                problems.append(f"{where}: {len(locations)} locations")
            for location in locations:
                physical = location.get("physicalLocation")
                if physical is None:
                    problems.append(f"{where}: a location without physicalLocation")
                    continue
                uri = physical.get("artifactLocation", {}).get("uri", "")
                if not uri or not _relative_uri(uri):
                    problems.append(f"{where}: artifact uri {uri!r} is not relative")
                region = physical.get("region")
                if region is not None and region.get("startLine", 0) < 1:
                    problems.append(f"{where}: startLine below 1")
    return problems


def assert_uploadable(log: Any) -> None:
    """The official schema and GitHub's requirements, with every problem in the message."""
    problems = schema_errors(log) + github_errors(log)
    assert not problems, problems[:10]
