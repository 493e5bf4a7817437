"""Risk value types: a finding's score and the graph path that explains it.

The analysis that fills them lives in ``iacgate.graph`` (reachability, identity, risk); the
types live here because findings carry them and every reporter reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

# What an identity can do (``iacgate.graph.identity``): a factor for the blast radius, and a tag
# rules test (``ctx.power(resource).has(IAM_ADMIN)``).
IAM_ADMIN = "iam-admin"  # 1.0: every action in the AWS account, or IAM itself
CLUSTER_ADMIN = "cluster-admin"  # 1.0: every verb on every resource of the cluster
WRITE_EVERY_BUCKET = "write-every-bucket"  # 0.8
READ_EVERY_BUCKET = "read-every-bucket"  # 0.7
HOST_ACCESS = "host-access"  # 0.7: privileged containers, host namespaces, hostPath
POD_EXEC = "pod-exec"  # 0.6
READ_SECRETS = "read-secrets"  # 0.6
NOT_KNOWN = "not-known"  # 0.4: a role or policy whose permissions the scan does not hold
SOME = "some"  # 0.2: an identity with some other permissions
LEVELS: dict[str, float] = {
    IAM_ADMIN: 1.0,
    CLUSTER_ADMIN: 1.0,
    WRITE_EVERY_BUCKET: 0.8,
    READ_EVERY_BUCKET: 0.7,
    HOST_ACCESS: 0.7,
    POD_EXEC: 0.6,
    READ_SECRETS: 0.6,
    NOT_KNOWN: 0.4,
    SOME: 0.2,
}


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path through the resource graph: the node reached and how.

    ``via`` names the relation that led here (``"internet"`` for the first hop, else an edge
    type such as ``selects`` or ``assumes-role``); ``file``/``line`` say where the node is
    written (empty for live resources, whose ``address`` is their live identity)."""

    kind: str
    address: str
    via: str
    file: str = ""
    line: int = 0
    note: str = ""

    def describe(self) -> str:
        where = f" ({self.file}:{self.line})" if self.file and self.line else ""
        where = where or (f" ({self.file})" if self.file else "")
        note = f" [{self.note}]" if self.note else ""
        return f"{self.kind} {self.address}{note}{where}"


def describe_path(hops: tuple[Hop, ...]) -> str:
    return " -> ".join(["internet", *(hop.describe() for hop in hops)])


@dataclass(frozen=True, slots=True)
class Risk:
    """A failing finding's risk: ``score`` 0-100 from three factors in 0..1 (docs/risk.md).

    ``reasons`` say in words what each factor is made of (the path, the permissions); ``path``
    is the exposure path from the internet to the resource, hop by hop (empty when none)."""

    score: int
    severity: float
    exposure: float
    blast_radius: float
    reasons: tuple[str, ...] = ()
    path: tuple[Hop, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "factors": {
                "severity": self.severity,
                "exposure": self.exposure,
                "blast_radius": self.blast_radius,
            },
            "reasons": list(self.reasons),
            "path": [
                {
                    "kind": hop.kind,
                    "address": hop.address,
                    "via": hop.via,
                    "file": hop.file,
                    "line": hop.line,
                    **({"note": hop.note} if hop.note else {}),
                }
                for hop in self.path
            ],
        }
