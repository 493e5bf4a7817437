"""The AWS provider's configuration: which credential arguments are written as literal text.

A value from a sensitive variable passes (the variable's value comes from outside the code: a
``.tfvars`` file kept out of the repository, ``TF_VAR_*``); a value the code does not know
(a variable without a value) is not written in it. The values are never put in the resource.
"""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import TERRAFORM
from iacgate.model.aws.kinds.terraform import PROVIDER
from iacgate.model.unknown import is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft

CREDENTIALS = ("access_key", "secret_key", "token")


def _terraform(d: Draft, v: Any) -> None:
    sensitive = v.record.sensitive
    written: list[str] = []
    for name in CREDENTIALS:
        value = v.raw(name)
        if is_unknown(value) or not isinstance(value, str) or not value.strip():
            continue
        if (name,) in sensitive:
            continue
        written.append(name)
    d.put("static_credentials", written, v, (written[0],) if written else None)
    for index, name in enumerate(written):
        d.locate(("static_credentials", index), v, (name,))


CODE = (KindCode(PROVIDER, read={TERRAFORM: _terraform}),)
