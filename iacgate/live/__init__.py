"""Live collectors: cloud and cluster APIs into the same canonical resources as the parsers.

Provider-agnostic pieces live here (coverage, the snapshot envelope, errors); each provider has
its own sub-package (``iacgate.live.k8s``) that imports its SDK lazily.
"""

from __future__ import annotations
