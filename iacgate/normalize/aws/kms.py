"""KMS keys: aliases fold in from their own resources; the rotation period exists only while
rotation is on; older keys answer their spec under its former name."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION, NAMED_BY_AWS, REQUIRED, TERRAFORM
from iacgate.model.aws.kinds.kms import KEY
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, reorder_list

# Per source: the attribute naming the key, the alias name's, and who names an unnamed alias.
_ALIAS = {
    TERRAFORM: ("target_key_id", "name", NAMED_BY_AWS.by),
    CLOUDFORMATION: ("TargetKeyId", "AliasName", REQUIRED.by),
}


def _fold_alias(v: Any, ctx: Context) -> None:
    """``aws_kms_alias`` / ``AWS::KMS::Alias``: one more name of the key (a list: a table
    folds one value into one attribute)."""
    target, name, by = _ALIAS[v.source]
    owner = ctx.owner(v, (target,), KEY.name, ("key_id", "arn"))
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.folded.append(v.address)
    aliases = owner.attrs["aliases"]
    aliases.append(v.chosen(name, by=by))
    owner.locate(("aliases", len(aliases) - 1), v, (name,))


def _api(d: Draft, v: Any) -> None:
    if v.value_at(("DescribeKey:KeyMetadata", "KeySpec"), (), None) in (None, ""):
        spec = v.value_at(("DescribeKey:KeyMetadata", "CustomerMasterKeySpec"), (), None)
        d.put("key_spec", "SYMMETRIC_DEFAULT" if spec is None else spec, v)


def _finish(d: Draft) -> None:
    period = d.attrs.get("rotation_period_in_days")
    if period == 0:  # not a valid period (90-2560): the API left it out
        period = 365
    # No rotation, no period.
    d.attrs["rotation_period_in_days"] = (
        period if d.attrs.get("key_rotation_enabled") is not False else None
    )
    reorder_list(d, ("aliases",), lambda item: (is_unknown(item), str(item)))


CODE = (
    KindCode(
        KEY,
        read={API: _api},
        folds={"aws_kms_alias": _fold_alias, "AWS::KMS::Alias": _fold_alias},
        finish=_finish,
    ),
)
