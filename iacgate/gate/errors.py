"""Errors the gate raises for the CLI to turn into exit code 2 (defined in ``iacgate.errors``)."""

from __future__ import annotations

from iacgate.errors import ConfigError

__all__ = ["ConfigError"]
