"""The canonical model: resources, identity, the UNKNOWN sentinel, locations and kind schemas."""

from __future__ import annotations

from iacgate.model.locations import Location, LocationTable
from iacgate.model.paths import AttrPath, format_path
from iacgate.model.resource import Resource
from iacgate.model.unknown import UNKNOWN, Unknown, is_unknown

__all__ = [
    "UNKNOWN",
    "AttrPath",
    "Location",
    "LocationTable",
    "Resource",
    "Unknown",
    "format_path",
    "is_unknown",
]
