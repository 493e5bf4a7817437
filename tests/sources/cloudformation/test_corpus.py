"""The public CloudFormation sample collection reads without a crash or a false parse error."""

from __future__ import annotations

from collections import Counter

import pytest

from iacgate import api
from iacgate.model.kinds import KINDS
from iacgate.sources.diagnostics import DiagnosticKind
from tests.normalize.schema_check import schema_errors

from ...conftest import CORPUS

TEMPLATES = CORPUS / "aws-cloudformation-templates"


@pytest.mark.skipif(not TEMPLATES.is_dir(), reason="the shared corpus is not beside the repo")
def test_the_sample_templates_read_cleanly() -> None:
    results, skipped = api.read_inputs([str(TEMPLATES)], TEMPLATES)
    assert not skipped
    errors = [d for r in results for d in r.diagnostics if d.kind is DiagnosticKind.PARSE_ERROR]
    # The collection holds no broken template (cfn-lint agrees); Rain sources are read too.
    assert errors == []
    resources = [x for r in results for x in r.resources if x.source == "cloudformation"]
    assert len(resources) > 1500
    kinds = Counter(r.kind for r in resources)
    assert kinds["aws.iam.role"] > 100 and kinds["aws.ec2.security_group"] > 100
    assert any(r.origin.get("sam_source") for r in resources)  # SAM templates were expanded
    assert schema_errors(r for r in resources if r.kind in KINDS) == []
