"""Live Kubernetes: list every kind the Kubernetes pack and graph use, read-only.

The official ``kubernetes`` client (the ``k8s`` extra) loads kubeconfig or in-cluster settings
and provides the authenticated, TLS-configured connection; it is imported only when a live
command runs. Modules: ``kinds`` (the collected kinds as data), ``connection`` (settings and
HTTP with retries), ``collect`` (paginated lists into a snapshot), ``sanitize`` (what never
leaves the collector), ``permissions`` (the ClusterRole derived from ``kinds``).
"""

from __future__ import annotations
