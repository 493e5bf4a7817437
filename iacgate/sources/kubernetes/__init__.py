"""Kubernetes manifests: YAML streams and JSON, ``kind: List`` included."""
