"""Property-based: any nesting of intrinsic functions, well-formed or not, in any mapped
resource type, gives values, Unknowns or parse-errors with a line — never an internal error."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from iacgate.api import build_graph
from iacgate.normalize.cloudformation import supported_types
from iacgate.pipeline import load_text
from iacgate.sources.diagnostics import DiagnosticKind

NAMES = ["P", "Secret", "NoDefault", "List", "R0", "R1", "Missing", "AWS::Region", "AWS::NoValue"]
FUNCTIONS = [
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::FindInMap",
    "Fn::If",
    "Fn::GetAtt",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::GetAZs",
    "Fn::ImportValue",
    "Fn::Equals",
    "Fn::Length",
    "Fn::ToJsonString",
]
TYPES = sorted(supported_types())
PROPERTY_NAMES = [
    "BucketName",
    "Tags",
    "GroupId",
    "SecurityGroupIngress",
    "PolicyDocument",
    "Roles",
    "Bucket",
    "Properties",
    "DistributionConfig",
    "Environment",
    "BlockDeviceMappings",
    "LoadBalancerAttributes",
    "MethodSettings",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 70000),
    st.sampled_from(["", "x", "10.0.0.0/16", "${P}", "${R0.Arn}", "${!Lit}", "a,b", "C"]),
)


def _call(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    ref = st.builds(lambda n: {"Ref": n}, st.sampled_from(NAMES))
    function = st.builds(
        lambda name, argument: {name: argument},
        st.sampled_from(FUNCTIONS),
        st.one_of(children, st.lists(children, max_size=4)),
    )
    return st.one_of(ref, function)


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        _call(children),
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(PROPERTY_NAMES), children, max_size=4),
    ),
    max_leaves=25,
)

HEAD: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {
        "P": {"Type": "String", "Default": "v"},
        "Secret": {"Type": "String", "NoEcho": True, "Default": "s3cr3t"},
        "NoDefault": {"Type": "String"},
        "List": {"Type": "CommaDelimitedList", "Default": "a,b"},
    },
    "Mappings": {"M": {"a": {"b": "c"}}},
    "Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "v"]}},
}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(TYPES), st.dictionaries(st.sampled_from(PROPERTY_NAMES), values)),
        min_size=1,
        max_size=3,
    )
)
# Found by this test: Fn::Cidr with null count and size was an internal error.
@example([("AWS::ApiGateway::Stage", {"BucketName": {"Fn::Cidr": ["10.0.0.0/16", None, None]}})])
def test_random_intrinsics_never_crash(resources: list[tuple[str, dict[str, Any]]]) -> None:
    template = dict(HEAD)
    template["Resources"] = {
        f"R{i}": {"Type": kind, "Properties": properties}
        for i, (kind, properties) in enumerate(resources)
    }
    text = json.dumps(template, indent=1)
    result = load_text(text, "t.json")
    for diagnostic in result.diagnostics:
        assert "internal error" not in diagnostic.message, diagnostic.message
        assert diagnostic.kind in (DiagnosticKind.PARSE_ERROR, DiagnosticKind.SKIPPED)
        if diagnostic.kind is DiagnosticKind.PARSE_ERROR:
            assert diagnostic.line > 0, diagnostic
    assert "s3cr3t" not in repr([r.attributes for r in result.resources])
    build_graph([result])
