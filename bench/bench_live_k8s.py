"""Live Kubernetes collection and drift at scale, against the tests' fake API server.

Builds a cluster of N namespaces, each with the shop application's shape (a Deployment with its
ReplicaSet and Pods, a Service with Endpoints, a ConfigMap, a Secret, RBAC), serves it on
loopback, and times collection (all kinds, cluster-wide, paginated) and drift of the declared
manifests against it. Run from the repository root::

    python bench/bench_live_k8s.py --namespaces 100
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from iacgate.driftcheck import run  # noqa: E402
from iacgate.live.k8s.collect import CollectOptions  # noqa: E402
from iacgate.live.k8s.connection import Target, connect  # noqa: E402
from iacgate.pipeline import collect_k8s as collect  # noqa: E402
from iacgate.rules.packs import load_rules  # noqa: E402
from tests.live.k8s.cluster import FakeCluster, system_components  # noqa: E402
from tests.live.k8s.server import serving, write_kubeconfig  # noqa: E402

SHOP = REPO / "tests" / "fixtures" / "live" / "k8s" / "shop"


def manifests(namespaces: int, out: Path) -> list[dict[str, object]]:
    documents: list[dict[str, object]] = []
    for path in sorted(SHOP.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc["kind"] not in ("ClusterRole", "ClusterRoleBinding"):
                documents.append(doc)
    result = []
    for index in range(namespaces):
        name = f"shop-{index:04d}"
        for doc in documents:
            copy = yaml.safe_load(yaml.safe_dump(doc))
            if copy["kind"] == "Namespace":
                copy["metadata"]["name"] = name
            else:
                copy["metadata"]["namespace"] = name
            result.append(copy)
    out.write_text(yaml.safe_dump_all(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--namespaces", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        declared_file = Path(scratch) / "declared.yaml"
        documents = manifests(args.namespaces, declared_file)
        cluster = FakeCluster()
        system_components(cluster)
        for doc in documents:
            cluster.apply(doc)
        stored = sum(1 for _ in cluster.all_objects())
        rules = load_rules()
        with serving(cluster) as server:
            kubeconfig = write_kubeconfig(Path(scratch) / "config", server.url)
            connection = connect(Target(str(kubeconfig)))
            times, drift_times = [], []
            for _ in range(args.runs):
                connection.requests = 0
                start = time.perf_counter()
                snapshot = collect(connection, CollectOptions())
                times.append(time.perf_counter() - start)
                start = time.perf_counter()
                declared = run.read_declared_k8s([str(declared_file)], Path(scratch), "default")
                report = run.drift(declared, snapshot, rules)
                drift_times.append(time.perf_counter() - start)
            connection.close()
        print(
            f"{args.namespaces} namespaces: {stored} objects stored, "
            f"{len(snapshot.resources)} collected in {connection.requests} requests; "
            f"collect median {statistics.median(times):.2f} s; "
            f"drift ({report.declared} declared, {len(rules)} rules, {len(report.items)} items) "
            f"median {statistics.median(drift_times):.2f} s"
        )


if __name__ == "__main__":
    main()
