"""Live AWS: read every canonical AWS kind from an account, read-only, into a snapshot.

boto3 (the ``aws`` extra) is imported only when a live command runs. Modules: ``calls`` (one
API call as data: service, operation, IAM action, what its "not configured" answers are),
``kinds`` (every collected kind as data: its list and detail calls, id field, ARN form, whether
it is regional), ``services`` (the fetch functions that make those calls), ``session``
(standard AWS configuration, retries, clients), ``api`` (the call gate: only declared calls
pass, errors are classified), ``collect`` (regions, thread pools, coverage, the snapshot),
``permissions`` (the IAM policy derived from ``kinds``). Native API records become canonical
resources in ``iacgate.normalize.aws_api``.
"""

from __future__ import annotations
