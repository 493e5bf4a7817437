"""Typed relations between canonical resources: the edge types of the resource graph.

Kind declarations name the edges their attributes make (``model/aws/kinds``); the graph
(``iacgate.graph``) builds them; rules follow them. ``iacgate.graph.graph`` re-exports it.
"""

from __future__ import annotations

from enum import StrEnum


class EdgeType(StrEnum):
    SELECTS = "selects"  # Service / NetworkPolicy -> workloads whose pods they select
    USES_SERVICE_ACCOUNT = "uses-service-account"  # workload -> ServiceAccount
    BINDS_ROLE = "binds-role"  # (Cluster)RoleBinding -> (Cluster)Role
    BINDS_SUBJECT = "binds-subject"  # (Cluster)RoleBinding -> ServiceAccount subject
    ROUTES_TO = "routes-to"  # Ingress -> Service
    REFERENCES = "references"  # generic reference written in an attribute
    # AWS (graph/aws.py)
    ATTACHED_TO = "attached-to"  # bucket policy -> bucket, listener -> load balancer, ...
    USES_SECURITY_GROUP = "uses-security-group"  # instance/Lambda/RDS/LB/EKS -> group
    USES_ROLE = "uses-role"  # instance (through its profile)/Lambda/EKS/flow log -> role
    USES_INSTANCE_PROFILE = "uses-instance-profile"  # instance -> instance profile
    HAS_POLICY = "has-policy"  # role/user/group -> managed policy
    MEMBER_OF = "member-of"  # user -> group, DB instance -> DB cluster
    ENCRYPTED_BY = "encrypted-by"  # any resource -> the KMS key it names
    IN_VPC = "in-vpc"  # subnet/security group -> VPC
    IN_SUBNET = "in-subnet"  # instance/Lambda/LB/EKS -> subnet
    MONITORS = "monitors"  # flow log -> VPC/subnet
    LOGS_TO = "logs-to"  # trail/flow log/bucket logging/LB/stage -> bucket or log group
    # Across layers (graph/crosslayer.py)
    ASSUMES_ROLE = "assumes-role"  # ServiceAccount (IRSA annotation, Pod Identity) -> IAM role
    LAUNCHED_FROM = "launched-from"  # instance/Auto Scaling group -> launch template or config
