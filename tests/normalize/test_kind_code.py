"""The kinds' code (``normalize/aws/<service>.py``) and their declarations agree: a split type
a declaration names for its code to fold has a folder there, and each module's code is for the
kinds of the declaration module of the same name (the only way it is found)."""

from __future__ import annotations

from iacgate.model.aws.declaration import CLOUDFORMATION, TERRAFORM, Fold
from iacgate.model.aws.kinds import KINDS, SERVICES
from iacgate.normalize import aws


def test_every_split_type_left_to_code_has_a_folder() -> None:
    naming: dict[str, list[str]] = {}
    for kind in KINDS:
        for source in (TERRAFORM, CLOUDFORMATION):
            for fold in kind.writers(source).folds:
                if not isinstance(fold, Fold):
                    naming.setdefault(fold, []).append(kind.name)
    missing = [t for t, kinds in naming.items() if aws.coded_folder(t, kinds) is None]
    assert missing == []


def test_code_is_for_the_kinds_of_its_service() -> None:
    for service in SERVICES:
        name = service.__name__.rsplit(".", 1)[-1]
        declared = {kind.name for kind in service.KINDS}
        assert set(aws._service_code(name)) <= declared, name
