"""The printed ClusterRole covers every request the collector sends, and nothing more."""

from __future__ import annotations

from pathlib import Path

import yaml

from iacgate.driftcheck import run
from iacgate.live.coverage import CoverageStatus
from iacgate.live.k8s.collect import CollectOptions
from iacgate.live.k8s.connection import Connection
from iacgate.live.k8s.kinds import API_KINDS
from iacgate.live.k8s.permissions import READ_VERBS, render
from iacgate.pipeline import collect_k8s as collect
from iacgate.rules.packs import load_rules

from ...conftest import REPO
from .conftest import SHOP
from .server import ApiServer, allows, request_verb


def printed_role() -> dict:  # type: ignore[type-arg]
    role = yaml.safe_load(render())
    assert role["apiVersion"] == "rbac.authorization.k8s.io/v1" and role["kind"] == "ClusterRole"
    return role  # type: ignore[no-any-return]


def test_every_request_is_covered_by_the_role(connection: Connection, server: ApiServer) -> None:
    collect(connection)
    collect(connection, CollectOptions(namespaces=("shop", "default"), page_size=2))
    declared = run.read_declared_k8s([str(SHOP)], REPO, "shop")
    run.drift(declared, collect(connection, CollectOptions(namespaces=("shop",))), load_rules())
    role = printed_role()
    assert len(server.requests) > 40
    for request in server.requests:
        parsed = request.group_resource
        assert parsed is not None, request.path
        group, resource, _ = parsed
        verb = request_verb(request)
        assert allows(role, group, resource, verb), f"{verb} {request.path} not granted"


def test_role_is_read_only_and_names_every_kind() -> None:
    role = printed_role()
    granted = set()
    for rule in role["rules"]:
        assert set(rule["verbs"]) <= READ_VERBS
        assert "*" not in rule["apiGroups"] + rule["resources"] + rule["verbs"]
        granted |= {
            (group, resource) for group in rule["apiGroups"] for resource in rule["resources"]
        }
    assert granted == {(k.group, k.resource) for k in API_KINDS}
    secrets = [r for r in role["rules"] if "secrets" in r["resources"]]
    assert secrets == [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}]


def test_the_role_is_enough_and_dropping_secrets_costs_only_secrets(
    kubeconfig: Path, connection: Connection, server: ApiServer
) -> None:
    role = printed_role()
    server.role = role
    assert collect(connection).coverage.gaps == ()
    role["rules"] = [r for r in role["rules"] if "secrets" not in r["resources"]]
    snapshot = collect(connection)
    assert [(g.kind, g.status) for g in snapshot.coverage.gaps] == [
        ("k8s.core.secret", CoverageStatus.DENIED)
    ]
