"""Application services: CloudTrail, Lambda, SQS, SNS, EKS, ELBv2 load balancers and
listeners, ECR, CloudWatch Logs, API Gateway stages, CloudFront distributions."""

from __future__ import annotations

from typing import Any

from iacgate.live.aws.api import Api
from iacgate.live.aws.records import NativeRecord

_TAG_BATCH = 20  # DescribeTags takes at most 20 ARNs


def trails(api: Api) -> list[NativeRecord]:
    # Shadow trails (a multi-region trail seen from another region) are left out: each trail
    # is collected once, in its home region.
    listed = api.items("DescribeTrails", "trailList", includeShadowTrails=False)

    def detail(trail: dict[str, Any]) -> NativeRecord:
        arn = trail["TrailARN"]
        return api.record(
            trail,
            {
                "GetTrailStatus": api.get("GetTrailStatus", Name=arn),
                "ListTags": api.listing("ListTags", "ResourceTagList", ResourceIdList=[arn]),
            },
        )

    return api.each(listed, detail)


def functions(api: Api) -> list[NativeRecord]:
    listed = api.items("ListFunctions", "Functions")

    def detail(function: dict[str, Any]) -> NativeRecord:
        name = function["FunctionName"]
        return api.record(
            function,
            {
                "ListTags": api.get("ListTags", Resource=function["FunctionArn"]),
                "GetFunctionConcurrency": api.get("GetFunctionConcurrency", FunctionName=name),
                "GetFunctionUrlConfig": api.get("GetFunctionUrlConfig", FunctionName=name),
                "GetFunctionCodeSigningConfig": api.get(
                    "GetFunctionCodeSigningConfig", FunctionName=name
                ),
            },
        )

    return api.each(listed, detail)


def queues(api: Api) -> list[NativeRecord]:
    urls = api.items("ListQueues", "QueueUrls")

    def detail(url: str) -> NativeRecord:
        return api.record(
            {"QueueUrl": url},
            {
                "GetQueueAttributes": api.get(
                    "GetQueueAttributes", QueueUrl=url, AttributeNames=["All"]
                ),
                "ListQueueTags": api.get("ListQueueTags", QueueUrl=url),
            },
        )

    return api.each(urls, detail)


def topics(api: Api) -> list[NativeRecord]:
    listed = api.items("ListTopics", "Topics")

    def detail(topic: dict[str, Any]) -> NativeRecord:
        arn = topic["TopicArn"]
        return api.record(
            topic,
            {
                "GetTopicAttributes": api.get("GetTopicAttributes", TopicArn=arn),
                "ListTagsForResource": api.listing("ListTagsForResource", "Tags", ResourceArn=arn),
            },
        )

    return api.each(listed, detail)


def clusters(api: Api) -> list[NativeRecord]:
    names = api.items("ListClusters", "clusters")
    return api.each(
        names,
        lambda name: api.record(
            {"name": name}, {"DescribeCluster": api.get("DescribeCluster", name=name)}
        ),
    )


def node_groups(api: Api) -> list[NativeRecord]:
    names = api.items("ListClusters", "clusters")
    per_cluster = api.each(
        names,
        lambda name: [
            (name, group) for group in api.items("ListNodegroups", "nodegroups", clusterName=name)
        ],
    )
    found = [pair for batch in per_cluster for pair in batch]
    return api.each(
        found,
        lambda pair: api.record(
            {"clusterName": pair[0], "nodegroupName": pair[1]},
            {
                "DescribeNodegroup": api.get(
                    "DescribeNodegroup", clusterName=pair[0], nodegroupName=pair[1]
                )
            },
        ),
    )


def pod_identity_associations(api: Api) -> list[NativeRecord]:
    names = api.items("ListClusters", "clusters")
    per_cluster = api.each(
        names,
        lambda name: api.items("ListPodIdentityAssociations", "associations", clusterName=name),
    )
    found = [item for batch in per_cluster for item in batch]
    return api.each(
        found,
        lambda item: api.record(
            item,
            {
                "DescribePodIdentityAssociation": api.get(
                    "DescribePodIdentityAssociation",
                    clusterName=item["clusterName"],
                    associationId=item["associationId"],
                )
            },
        ),
    )


def _tags(api: Api, arns: list[str]) -> dict[str, Any]:
    """``{arn: [tags]}`` from DescribeTags, 20 ARNs at a time; a failed batch maps its ARNs
    to the failure marker."""
    found: dict[str, Any] = {}
    for start in range(0, len(arns), _TAG_BATCH):
        chunk = arns[start : start + _TAG_BATCH]
        answer = api.listing("DescribeTags", "TagDescriptions", ResourceArns=chunk)
        if isinstance(answer, list):
            found.update({d["ResourceArn"]: d.get("Tags") or [] for d in answer})
        else:
            found.update(dict.fromkeys(chunk, answer))
    return found


def load_balancers(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeLoadBalancers", "LoadBalancers")
    tags = _tags(api, [lb["LoadBalancerArn"] for lb in listed])

    def detail(lb: dict[str, Any]) -> NativeRecord:
        arn = lb["LoadBalancerArn"]
        attributes = api.get("DescribeLoadBalancerAttributes", LoadBalancerArn=arn)
        return api.record(
            lb, {"DescribeLoadBalancerAttributes": attributes, "DescribeTags": tags.get(arn, [])}
        )

    return api.each(listed, detail)


def listeners(api: Api) -> list[NativeRecord]:
    balancers = api.items("DescribeLoadBalancers", "LoadBalancers")
    per_balancer = api.each(
        balancers,
        lambda lb: api.items(
            "DescribeListeners", "Listeners", LoadBalancerArn=lb["LoadBalancerArn"]
        ),
    )
    found = [listener for batch in per_balancer for listener in batch]
    tags = _tags(api, [listener["ListenerArn"] for listener in found])
    return [
        api.record(listener, {"DescribeTags": tags.get(listener["ListenerArn"], [])})
        for listener in found
    ]


def target_groups(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeTargetGroups", "TargetGroups")
    tags = _tags(api, [group["TargetGroupArn"] for group in listed])

    def detail(group: dict[str, Any]) -> NativeRecord:
        arn = group["TargetGroupArn"]
        health = api.get("DescribeTargetHealth", TargetGroupArn=arn)
        return api.record(
            group, {"DescribeTargetHealth": health, "DescribeTags": tags.get(arn, [])}
        )

    return api.each(listed, detail)


def repositories(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeRepositories", "repositories")

    def detail(repository: dict[str, Any]) -> NativeRecord:
        name = repository["repositoryName"]
        return api.record(
            repository,
            {
                "GetRepositoryPolicy": api.get("GetRepositoryPolicy", repositoryName=name),
                "ListTagsForResource": api.listing(
                    "ListTagsForResource", "tags", resourceArn=repository["repositoryArn"]
                ),
            },
        )

    return api.each(listed, detail)


def log_groups(api: Api) -> list[NativeRecord]:
    listed = api.items("DescribeLogGroups", "logGroups")

    def detail(group: dict[str, Any]) -> NativeRecord:
        arn = group.get("logGroupArn") or str(group.get("arn", "")).removesuffix(":*")
        tags = api.get("ListTagsForResource", resourceArn=arn)
        return api.record(group, {"ListTagsForResource": tags})

    return api.each(listed, detail)


def stages(api: Api) -> list[NativeRecord]:
    apis = api.items("GetRestApis", "items")

    def detail(rest_api: dict[str, Any]) -> list[NativeRecord]:
        answer = api.get("GetStages", restApiId=rest_api["id"])
        if not isinstance(answer, dict) or "item" not in answer:
            return []  # a failure, recorded for coverage: no stage to attach it to
        return [
            api.record({**stage, "restApiId": rest_api["id"]}) for stage in answer["item"] or []
        ]

    return [record for batch in api.each(apis, detail) for record in batch]


def distributions(api: Api) -> list[NativeRecord]:
    listed = api.items("ListDistributions", "DistributionList.Items")

    def detail(summary: dict[str, Any]) -> NativeRecord:
        return api.record(
            summary,
            {
                "GetDistribution": api.get("GetDistribution", Id=summary["Id"]),
                "ListTagsForResource": api.get("ListTagsForResource", Resource=summary["ARN"]),
            },
        )

    return api.each(listed, detail)
