"""Allow ``python -m iacgate``."""

from __future__ import annotations

from iacgate.startup import main

raise SystemExit(main())
