"""Errors the gate raises for the CLI to turn into exit code 2."""

from __future__ import annotations


class ConfigError(Exception):
    """A user-facing configuration problem: a bad config, exceptions or baseline file, an
    unusable git reference (exit 2)."""
