"""ElastiCache replication groups and clusters: encryption at rest and in transit, authentication,
failover, backups and upgrades."""

from __future__ import annotations

from iacgate.rules import (
    Context,
    Resource,
    Severity,
    Status,
    Verdicts,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import FSBP, reason
from ._checks import at_least, setting

REPLICATION_GROUP = "aws.elasticache.replication_group"
CLUSTER = "aws.elasticache.cluster"


@rule(
    code="AWS-ELASTICACHE-001",
    name="elasticache-replication-group-unencrypted-at-rest",
    kind=REPLICATION_GROUP,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ElastiCache.4"]},
    tags=["elasticache", "encryption-at-rest"],
)
def elasticache_replication_group_unencrypted_at_rest(group: Resource, ctx: Context) -> Verdicts:
    """An ElastiCache replication group stores its data unencrypted.

    What it checks
        ``at_rest_encryption_enabled`` must be true (off unless asked for).
    Why it matters
        Cached data, backups and swap sit in clear on the service's disks.
    How to fix
        Create the replication group with encryption at rest (it cannot be turned on later).

        Terraform:

        ```hcl
        resource "aws_elasticache_replication_group" "cache" {
          replication_group_id = "cache"
          description          = "cache"
          node_type            = "cache.t4g.small"
          at_rest_encryption_enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::ReplicationGroup
          Properties:
            ReplicationGroupDescription: cache
            CacheNodeType: cache.t4g.small
            Engine: redis
            AtRestEncryptionEnabled: true
        ```
    """
    return setting(
        group, "at_rest_encryption_enabled", True, "the replication group is not encrypted at rest"
    )


@rule(
    code="AWS-ELASTICACHE-002",
    name="elasticache-replication-group-unencrypted-in-transit",
    kind=REPLICATION_GROUP,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ElastiCache.5"]},
    tags=["elasticache", "encryption-in-transit"],
)
def elasticache_replication_group_unencrypted_in_transit(group: Resource, ctx: Context) -> Verdicts:
    """An ElastiCache replication group accepts connections in clear.

    What it checks
        ``transit_encryption_enabled`` must be true (off unless asked for).
    Why it matters
        Without TLS, keys, values and the AUTH token cross the network in clear.
    How to fix
        Enable encryption in transit.

        Terraform:

        ```hcl
        resource "aws_elasticache_replication_group" "cache" {
          replication_group_id = "cache"
          description          = "cache"
          node_type            = "cache.t4g.small"
          transit_encryption_enabled = true
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::ReplicationGroup
          Properties:
            ReplicationGroupDescription: cache
            CacheNodeType: cache.t4g.small
            Engine: redis
            TransitEncryptionEnabled: true
        ```
    """
    return setting(group, "transit_encryption_enabled", True, "encryption in transit is off")


@rule(
    code="AWS-ELASTICACHE-003",
    name="elasticache-replication-group-without-authentication",
    kind=REPLICATION_GROUP,
    severity=Severity.HIGH,
    frameworks={FSBP: ["ElastiCache.6"]},
    tags=["elasticache", "access-control"],
)
def elasticache_replication_group_without_authentication(group: Resource, ctx: Context) -> Verdicts:
    """An ElastiCache replication group lets any client in without a password.

    What it checks
        The group must set an AUTH token (``auth_token``) or RBAC user groups
        (``user_group_ids``).
    Why it matters
        Anything that reaches the port can read and overwrite every key, and run commands such
        as FLUSHALL.
    How to fix
        Set an AUTH token (with encryption in transit) or attach RBAC user groups.

        Terraform:

        ```hcl
        resource "aws_elasticache_replication_group" "cache" {
          replication_group_id = "cache"
          description          = "cache"
          node_type            = "cache.t4g.small"
          transit_encryption_enabled = true
          auth_token                 = var.cache_auth_token
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::ReplicationGroup
          Properties:
            ReplicationGroupDescription: cache
            CacheNodeType: cache.t4g.small
            Engine: redis
            TransitEncryptionEnabled: true
            AuthToken: !Ref CacheAuthToken
        ```
    """
    users = group.get("user_group_ids")
    if isinstance(users, list) and users:
        return ok()
    token = setting(group, "auth_token_enabled", True, "no AUTH token and no user group")
    if token.status is Status.FAIL and is_unknown(users):
        return unknown(reason(users, "user_group_ids"), "user_group_ids")
    return token


@rule(
    code="AWS-ELASTICACHE-004",
    name="elasticache-replication-group-automatic-failover-disabled",
    kind=REPLICATION_GROUP,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ElastiCache.3"]},
    tags=["elasticache", "availability"],
)
def elasticache_replication_group_automatic_failover_disabled(
    group: Resource, ctx: Context
) -> Verdicts:
    """An ElastiCache replication group does not fail over automatically.

    What it checks
        ``automatic_failover_enabled`` must be true (off by default).
    Why it matters
        When the primary fails, writes stop until someone promotes a replica by hand.
    How to fix
        Enable automatic failover (with at least one replica).

        Terraform:

        ```hcl
        resource "aws_elasticache_replication_group" "cache" {
          replication_group_id = "cache"
          description          = "cache"
          node_type            = "cache.t4g.small"
          automatic_failover_enabled = true
          num_cache_clusters         = 2
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::ReplicationGroup
          Properties:
            ReplicationGroupDescription: cache
            CacheNodeType: cache.t4g.small
            Engine: redis
            AutomaticFailoverEnabled: true
            NumCacheClusters: 2
        ```
    """
    return setting(group, "automatic_failover_enabled", True, "automatic failover is off")


@rule(
    code="AWS-ELASTICACHE-005",
    name="elasticache-replication-group-backups-disabled",
    kind=REPLICATION_GROUP,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ElastiCache.1"]},
    tags=["elasticache", "backup"],
)
def elasticache_replication_group_backups_disabled(group: Resource, ctx: Context) -> Verdicts:
    """An ElastiCache replication group takes no automatic backups.

    What it checks
        ``snapshot_retention_limit`` must be at least 1 day (0, the default, turns automatic
        backups off).
    Why it matters
        Without backups, a bad write, a flush or a lost node means the data is gone.
    How to fix
        Keep automatic backups.

        Terraform:

        ```hcl
        resource "aws_elasticache_replication_group" "cache" {
          replication_group_id = "cache"
          description          = "cache"
          node_type            = "cache.t4g.small"
          snapshot_retention_limit   = 7
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::ReplicationGroup
          Properties:
            ReplicationGroupDescription: cache
            CacheNodeType: cache.t4g.small
            Engine: redis
            SnapshotRetentionLimit: 7
        ```
    """
    return at_least(group, "snapshot_retention_limit", 1, "automatic backups are off")


@rule(
    code="AWS-ELASTICACHE-006",
    name="elasticache-cluster-backups-disabled",
    kind=CLUSTER,
    severity=Severity.MEDIUM,
    frameworks={FSBP: ["ElastiCache.1"]},
    tags=["elasticache", "backup"],
)
def elasticache_cluster_backups_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """A Redis OSS (or Valkey) ElastiCache cluster takes no automatic backups.

    What it checks
        A standalone Redis OSS or Valkey cluster's ``snapshot_retention_limit`` must be at least
        1 day. Memcached keeps no backups; a member of a replication group is judged on its
        group (AWS-ELASTICACHE-005).
    Why it matters
        Without backups, a bad write, a flush or a lost node means the data is gone.
    How to fix
        Keep automatic backups.

        Terraform:

        ```hcl
        resource "aws_elasticache_cluster" "cache" {
          cluster_id      = "cache"
          engine          = "redis"
          node_type       = "cache.t4g.small"
          num_cache_nodes = 1
          snapshot_retention_limit = 7
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::CacheCluster
          Properties:
            Engine: redis
            CacheNodeType: cache.t4g.small
            NumCacheNodes: 1
            SnapshotRetentionLimit: 7
        ```
    """
    engine = cluster.get("engine")
    if is_unknown(engine):
        return unknown(reason(engine, "engine"), "engine")
    if engine not in ("redis", "valkey") or cluster.get("replication_group_id") is not None:
        return ok()
    return at_least(cluster, "snapshot_retention_limit", 1, "automatic backups are off")


@rule(
    code="AWS-ELASTICACHE-007",
    name="elasticache-cluster-minor-version-upgrade-disabled",
    kind=CLUSTER,
    severity=Severity.LOW,
    frameworks={FSBP: ["ElastiCache.2"]},
    tags=["elasticache", "patching"],
)
def elasticache_cluster_minor_version_upgrade_disabled(cluster: Resource, ctx: Context) -> Verdicts:
    """An ElastiCache cluster does not take minor version upgrades.

    What it checks
        ``auto_minor_version_upgrade`` must be true (AWS's default).
    Why it matters
        Minor versions carry security fixes; a cluster that refuses them keeps known flaws.
    How to fix
        Allow automatic minor version upgrades.

        Terraform:

        ```hcl
        resource "aws_elasticache_cluster" "cache" {
          cluster_id      = "cache"
          engine          = "redis"
          node_type       = "cache.t4g.small"
          num_cache_nodes = 1
          auto_minor_version_upgrade = true
        }
        ```

        CloudFormation:

        ```yaml
        Cache:
          Type: AWS::ElastiCache::CacheCluster
          Properties:
            Engine: redis
            CacheNodeType: cache.t4g.small
            NumCacheNodes: 1
            AutoMinorVersionUpgrade: true
        ```
    """
    return setting(cluster, "auto_minor_version_upgrade", True, "minor version upgrades are off")
