"""Allow ``python -m iacgate``."""

from __future__ import annotations

from iacgate.cli import main

raise SystemExit(main())
