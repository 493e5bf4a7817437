"""EKS access: who reaches the nodes, and what the pods' identities may do.

Node groups (``aws.eks.node_group``) and Pod Identity associations
(``aws.eks.pod_identity_association``) are judged with the graph: a Pod Identity association is
the edge from a Kubernetes ServiceAccount to an IAM role, so an administrator role behind it
is an administrator inside every pod of that ServiceAccount.
"""

from __future__ import annotations

from collections.abc import Mapping

from iacgate.model.risk import IAM_ADMIN, NOT_KNOWN
from iacgate.rules import (
    Context,
    EdgeType,
    Resource,
    Severity,
    Verdict,
    fail,
    is_unknown,
    ok,
    rule,
    unknown,
)

from ._aws import reason


@rule(
    code="AWS-EKS-010",
    name="eks-node-group-ssh-from-anywhere",
    kind="aws.eks.node_group",
    severity=Severity.HIGH,
    tags=["eks", "network", "exposure"],
)
def node_group_ssh_from_anywhere(group: Resource, ctx: Context) -> Verdict:
    """A managed node group allows SSH to its nodes from the whole internet.

    What it checks
        ``remote_access`` with an SSH key (``ec2_ssh_key``) and no
        ``source_security_group_ids``: EKS then opens port 22 of the nodes to ``0.0.0.0/0``.
    Why it matters
        Every node holds the kubelet's credentials and, through the metadata service, the node
        role's: SSH open to the world puts the cluster one leaked or weak key away.
    How to fix
        Name the security groups allowed to SSH (a bastion's), or drop ``remote_access`` and
        reach nodes through SSM Session Manager.

        Terraform:

        ```hcl
        resource "aws_eks_node_group" "workers" {
          # ...
          remote_access {
            ec2_ssh_key               = "ops"
            source_security_group_ids = [aws_security_group.bastion.id]
          }
        }
        ```

        CloudFormation:

        ```yaml
        RemoteAccess:
          Ec2SshKey: ops
          SourceSecurityGroups: [!Ref BastionGroup]
        ```
    """
    access = group.get("remote_access")
    if access is None:
        return ok()
    if is_unknown(access):
        return unknown(reason(access, "the remote access"), "remote_access")
    if not isinstance(access, Mapping):
        return ok()
    key, sources = access.get("ec2_ssh_key"), access.get("source_security_group_ids")
    if is_unknown(key):
        if isinstance(sources, list) and sources:
            return ok()  # source groups confine SSH, whatever the key
        return unknown(reason(key, "the SSH key"), ("remote_access", "ec2_ssh_key"))
    if not key:
        return ok()
    if is_unknown(sources):
        return unknown(
            reason(sources, "the source security groups"),
            ("remote_access", "source_security_group_ids"),
        )
    if sources:
        return ok()
    return fail(
        f"SSH (port 22) to the nodes is open to 0.0.0.0/0: key {key!r}, no source security group",
        ("remote_access",),
    )


def _roles(association: Resource, ctx: Context) -> list[Resource]:
    return ctx.related(association, "aws.iam.role", EdgeType.USES_ROLE, "out")


@rule(
    code="AWS-EKS-011",
    name="eks-pod-identity-administrator-role",
    kind="aws.eks.pod_identity_association",
    severity=Severity.HIGH,
    tags=["eks", "iam", "graph"],
)
def pod_identity_admin_role(association: Resource, ctx: Context) -> Verdict:
    """A Pod Identity association gives a ServiceAccount's pods an administrator role.

    What it checks
        The IAM role of the association (``role_arn``, followed through the graph) is an
        administrator: ``AdministratorAccess`` or ``IAMFullAccess`` attached, or a statement
        allowing ``*`` or ``iam:*`` on ``*``. A role outside the scan makes it unknown.
    Why it matters
        Every container of every pod running as that ServiceAccount can take the account:
        one compromised dependency in one pod is enough.
    How to fix
        Associate a role with only what the workload calls.

        Terraform:

        ```hcl
        resource "aws_eks_pod_identity_association" "web" {
          cluster_name    = aws_eks_cluster.main.name
          namespace       = "shop"
          service_account = "web"
          role_arn        = aws_iam_role.web_read_assets.arn
        }
        ```
    """
    roles = _roles(association, ctx)
    if not roles:
        value = association.get("role_arn")
        if is_unknown(value):
            return unknown(reason(value, "the role"), "role_arn")
        return unknown(f"role {value} is not in the scanned code", "role_arn")
    admins = [role for role in roles if ctx.power(role).has(IAM_ADMIN)]
    if admins:
        why = "; ".join(r for role in admins for r in ctx.power(role).why(IAM_ADMIN))
        return fail(
            f"pods of ServiceAccount {association.get('namespace')}/"
            f"{association.get('service_account')} assume an administrator role: {why}",
            "role_arn",
        )
    pending = [r for role in roles for r in ctx.power(role).why(NOT_KNOWN)]
    if pending:
        return unknown("; ".join(pending), "role_arn")
    return ok()
