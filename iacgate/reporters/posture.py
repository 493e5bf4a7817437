"""The posture report's renderers (``iacgate report --format``): an explicit registry, each
imported on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iacgate.posture.report import PostureReport

PostureRenderer = Callable[["PostureReport"], str]

FORMATS = ("html", "markdown", "json", "openmetrics")


def get_renderer(name: str) -> PostureRenderer:
    if name == "html":
        from iacgate.reporters.report_html import render as render_html

        return render_html
    if name == "markdown":
        from iacgate.reporters.report_markdown import render as render_markdown

        return render_markdown
    if name == "json":
        from iacgate.reporters.report_json import render as render_json

        return render_json
    if name == "openmetrics":
        from iacgate.reporters.openmetrics import render as render_metrics

        return render_metrics
    raise KeyError(name)
