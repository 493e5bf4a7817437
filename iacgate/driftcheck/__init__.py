"""Drift: what the declarations say against what runs, for every provider.

``engine.detect`` matches a declared graph with a live snapshot through a provider's
``DriftProfile`` (``kubernetes.KubernetesProfile``; AWS adds its own), compares attributes
(``compare``), runs the rules on both sides (``verdicts``) and returns a ``model.DriftReport``.
"""

from __future__ import annotations
