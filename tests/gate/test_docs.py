"""The gate's documentation: its examples are valid configuration, as written."""

from __future__ import annotations

import re
import tomllib

import yaml

from iacgate.gate.config import _plain, config_schema, exceptions_file_schema, validate

from ..conftest import REPO

DOCS = REPO / "docs"


def _blocks(name: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (DOCS / name).read_text(), re.S)


def test_configuration_examples_validate() -> None:
    (full,) = [b for b in _blocks("configuration.md", "yaml") if "environments:" in b]
    validate(_plain(yaml.safe_load(full)), config_schema(), "configuration.md", {})
    (toml,) = _blocks("configuration.md", "toml")
    validate(_plain(tomllib.loads(toml)["tool"]["iacgate"]), config_schema(), "toml", {})


def test_exception_examples_validate() -> None:
    blocks = [yaml.safe_load(b) for b in _blocks("exceptions.md", "yaml")]
    assert len(blocks) == 2
    for block in blocks:
        validate(_plain(block), exceptions_file_schema(), "exceptions.md", {})


def test_every_gate_page_is_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    for page in (
        "gate",
        "configuration",
        "ignores",
        "exceptions",
        "baselines",
        "pre-commit",
        "github-action",
    ):
        assert f"(docs/{page}.md)" in readme
        assert (DOCS / f"{page}.md").is_file()
