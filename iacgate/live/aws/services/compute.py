"""Compute and containers: EC2 launch templates (their default version), ECS clusters, services
and task definitions."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord, is_failure


def launch_templates(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeLaunchTemplates", "LaunchTemplates")

    def detail(template: dict[str, Any]) -> NativeRecord:
        answer = api.get(
            "DescribeLaunchTemplateVersions",
            LaunchTemplateId=template["LaunchTemplateId"],
            Versions=["$Default"],
        )
        version: Any = answer
        if isinstance(answer, dict) and not is_failure(answer):
            found = answer.get("LaunchTemplateVersions") or []
            version = found[0] if found else None
        return api.record(template, {"DescribeLaunchTemplateVersions": version})

    return api.each(listed, detail)


_CLUSTER_BATCH = 100  # DescribeClusters takes at most 100 clusters
_SERVICE_BATCH = 10  # DescribeServices takes at most 10 services


def clusters(api: Api) -> list[NativeRecord]:
    arns = api.items("ListClusters", "clusterArns")
    records: list[NativeRecord] = []
    for start in range(0, len(arns), _CLUSTER_BATCH):
        chunk = arns[start : start + _CLUSTER_BATCH]
        answer = api.get(
            "DescribeClusters",
            clusters=chunk,
            include=["SETTINGS", "CONFIGURATIONS", "TAGS"],
        )
        described: dict[str, Any] = {}
        if isinstance(answer, dict) and not is_failure(answer):
            described = {c["clusterArn"]: c for c in answer.get("clusters") or []}
        for arn in chunk:
            detail = answer if is_failure(answer) else described.get(arn)
            if detail is not None:
                records.append(api.record({"clusterArn": arn}, {"DescribeClusters": detail}))
    return records


def task_definitions(api: Api) -> list[NativeRecord]:
    """Each family's latest active revision (older revisions cannot be launched by a service
    that names the family)."""
    families = api.items("ListTaskDefinitionFamilies", "families", status="ACTIVE")
    return api.each(
        families,
        lambda family: api.record(
            {"family": family},
            {
                "DescribeTaskDefinition": api.get(
                    "DescribeTaskDefinition", taskDefinition=family, include=["TAGS"]
                )
            },
        ),
    )


def services(api: Api) -> list[NativeRecord]:
    arns = api.items("ListClusters", "clusterArns")
    per_cluster = api.each(
        arns, lambda arn: (arn, api.items("ListServices", "serviceArns", cluster=arn))
    )
    records: list[NativeRecord] = []
    for cluster, names in per_cluster:
        for start in range(0, len(names), _SERVICE_BATCH):
            answer = api.get(
                "DescribeServices",
                cluster=cluster,
                services=names[start : start + _SERVICE_BATCH],
                include=["TAGS"],
            )
            if isinstance(answer, dict) and not is_failure(answer):
                records.extend(api.record(s) for s in answer.get("services") or [])
    return records


# Clusters that can still run work: terminated clusters are history, not infrastructure.
_LIVE_EMR_STATES = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


def emr_clusters(api: Api) -> list[NativeRecord]:
    listed = api.items("ListClusters", "Clusters", ClusterStates=_LIVE_EMR_STATES)
    return api.each(
        listed,
        lambda cluster: api.record(
            cluster, {"DescribeCluster": api.get("DescribeCluster", ClusterId=cluster["Id"])}
        ),
    )


def emr_block_public_access(api: Api) -> list[NativeRecord]:
    answer = api.single("GetBlockPublicAccessConfiguration")
    return [api.record({"Region": api.region}, {"GetBlockPublicAccessConfiguration": answer})]


def job_definitions(api: Api) -> list[NativeRecord]:
    """Each name's latest active revision (what a job that names the definition runs)."""
    listed = api.items("DescribeJobDefinitions", "jobDefinitions", status="ACTIVE")
    latest: dict[str, dict[str, Any]] = {}
    for item in listed:
        name = item.get("jobDefinitionName")
        if name not in latest or item.get("revision", 0) > latest[name].get("revision", 0):
            latest[name] = item
    return [api.record(item) for item in latest.values()]
