"""The canonical model: resources, identity, the UNKNOWN sentinel, locations and kind schemas."""

from __future__ import annotations

from iacgate.model.locations import Location, LocationTable
from iacgate.model.paths import AttrPath, format_path
from iacgate.model.resource import Resource
from iacgate.model.unknown import UNKNOWN, Tri, Unknown, is_unknown
from iacgate.model.values import Value

__all__ = [
    "UNKNOWN",
    "AttrPath",
    "Location",
    "LocationTable",
    "Resource",
    "Tri",
    "Unknown",
    "Value",
    "format_path",
    "is_unknown",
]
