"""Reporters: findings into text, JSON and the other output formats."""

from __future__ import annotations

from collections.abc import Callable

from iacgate.api import ScanReport

Reporter = Callable[[ScanReport, bool], str]


def get_reporter(name: str) -> Reporter:
    """The reporter for a format name; imported on demand."""
    if name == "json":
        from iacgate.reporters.json import render as render_json

        return render_json
    if name == "text":
        from iacgate.reporters.text import render as render_text

        return render_text
    raise KeyError(name)


FORMATS = ("text", "json")
