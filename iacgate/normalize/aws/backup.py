"""AWS Backup vaults: a Terraform vault lock is a split resource of three settings, and a
CloudFormation vault is locked by the mere presence of its LockConfiguration."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION
from iacgate.model.aws.kinds.backup import VAULT
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft


def _cloudformation(d: Draft, v: Any) -> None:
    lock = v.opt("LockConfiguration")
    if lock is not None:
        d.put("locked", True, v, ("LockConfiguration",))


def _fold_lock(v: Any, ctx: Context) -> None:
    """``aws_backup_vault_lock_configuration``: the lock and its retention bounds."""
    owner = ctx.owner(v, ("backup_vault_name",), VAULT.name, ("name",))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.fold(v, ("locked",))
    owner.put("locked", True, v, ())
    for into, key in (
        ("lock_min_retention_days", "min_retention_days"),
        ("lock_max_retention_days", "max_retention_days"),
    ):
        value = v.opt(key)
        if value is not None:
            owner.put(into, value, v, (key,))


CODE = (
    KindCode(
        VAULT,
        read={CLOUDFORMATION: _cloudformation},
        folds={"aws_backup_vault_lock_configuration": _fold_lock},
    ),
)
