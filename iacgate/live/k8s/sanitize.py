"""What never leaves the collector: secret values, and bookkeeping that is pure noise.

List items arrive without ``apiVersion`` and ``kind`` (the list carries them), so they are put
back from the kinds table. Secrets are requested as metadata only; should a server answer with
the full object anyway, ``data`` and ``stringData`` are dropped here, before anything keeps them.
kubectl's last-applied annotation is a copy of the object *as declared* (for a Secret, its
values in clear), never live state: it is dropped from every object. ``managedFields``,
``resourceVersion`` and ``selfLink`` change on every write and would make snapshots undiffable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.live.k8s.kinds import ApiKind
from iacgate.model.sensitive import LAST_APPLIED

DROPPED_METADATA = ("managedFields", "resourceVersion", "selfLink")
# Everything a metadata-only kind may keep; the rest of the object is never stored.
METADATA_ONLY_FIELDS = ("apiVersion", "kind", "metadata")


def clean(api_kind: ApiKind, item: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of one list item."""
    body = {str(k): v for k, v in item.items()}
    body["apiVersion"] = api_kind.api_version
    body["kind"] = api_kind.kind
    if api_kind.metadata_only:
        body = {k: body[k] for k in METADATA_ONLY_FIELDS if k in body}
    raw_metadata = body.get("metadata")
    metadata = dict(raw_metadata) if isinstance(raw_metadata, Mapping) else {}
    for key in DROPPED_METADATA:
        metadata.pop(key, None)
    annotations = metadata.get("annotations")
    if isinstance(annotations, Mapping) and LAST_APPLIED in annotations:
        kept = {k: v for k, v in annotations.items() if k != LAST_APPLIED}
        if kept:
            metadata["annotations"] = kept
        else:
            del metadata["annotations"]
    body["metadata"] = metadata
    return body
