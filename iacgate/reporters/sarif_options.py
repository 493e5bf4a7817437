"""What the SARIF report is asked for on the command line, apart from the report itself: every
scan builds these options, and only a SARIF output needs the (larger) writer."""

from __future__ import annotations

from dataclasses import dataclass

INFORMATION_URI = "https://github.com/iacgate/iacgate"
DOCS_URI = f"{INFORMATION_URI}/blob/main/docs"
# Where rule pages live (``iacgate docs`` writes ``<pack>/<CODE>.md`` there); --help-base-url.
DEFAULT_HELP_BASE_URL = f"{DOCS_URI}/rules"


@dataclass(frozen=True, slots=True)
class SarifOptions:
    help_base_url: str = DEFAULT_HELP_BASE_URL  # --help-base-url
    unknown: str = "note"  # --sarif-unknown: "note" (a companion rule) or "omit"
