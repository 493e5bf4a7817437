"""Fetch functions: one per collected kind, making only the calls the kind declares.

Each takes an ``api.Api`` (bound to the kind and a region) and returns native records. Detail
calls fan out over the service and region's thread pool through ``Api.each``.
"""

from __future__ import annotations
