"""Directory Service: CloudFormation writes the directory type as the resource type
(``AWS::DirectoryService::SimpleAD`` / ``MicrosoftAD``), not as a property."""

from __future__ import annotations

from typing import Any

from iacgate.model.aws.declaration import CLOUDFORMATION
from iacgate.model.aws.kinds.directoryservice import DIRECTORY
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Draft


def _cloudformation(d: Draft, v: Any) -> None:
    d.put("type", str(v.type).rsplit("::", 1)[-1])


CODE = (KindCode(DIRECTORY, read={CLOUDFORMATION: _cloudformation}),)
