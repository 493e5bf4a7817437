"""Amplify apps, live. moto implements no Amplify API, so its answer is served here: a recorded
ListApps response, in the API's shape, returned by a botocore before-call hook on the
collector's own session (as tests/live/aws/kinds/test_docdb.py does). The answer carries
basic-auth credentials, as the real API's does: the collector must not keep them. There is no
``build``: the collector-wide tests cannot make an app."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from iacgate.live.aws.collect import CollectOptions
from iacgate.live.aws.kinds import select
from iacgate.live.aws.session import Target
from iacgate.live.snapshot import Snapshot, dumps
from iacgate.pipeline import collect_aws
from tests.normalize.schema_check import schema_errors

from ..motoserver import ACCOUNT, REGION, session
from .verdicts import live_verdicts

CREDENTIALS = base64.b64encode(b"preview:every-amplify-pw").decode()
RECORDED = {
    "apps": [
        {
            "appId": "d1every0open",
            "appArn": f"arn:aws:amplify:{REGION}:{ACCOUNT}:apps/d1every0open",
            "name": "every-site",
            "repository": "https://github.com/example/site",
            "platform": "WEB",
            "enableBasicAuth": False,
            "tags": {"team": "web"},
        },
        {
            "appId": "d2every0auth",
            "appArn": f"arn:aws:amplify:{REGION}:{ACCOUNT}:apps/d2every0auth",
            "name": "every-preview",
            "repository": "https://github.com/example/preview",
            "platform": "WEB",
            "enableBasicAuth": True,
            "basicAuthCredentials": CREDENTIALS,
        },
    ],
    "ResponseMetadata": {"HTTPStatusCode": 200},
}


def _answer(model: Any, **kwargs: Any) -> Any:
    from botocore.awsrequest import AWSResponse

    if model.service_model.service_name == "amplify" and model.name == "ListApps":
        return AWSResponse("https://amplify.amazonaws.com/", 200, {}, None), RECORDED
    return None


@pytest.fixture(scope="module")
def collected(moto: str) -> Snapshot:
    recorded = session()
    recorded.events.register("before-call", _answer)
    options = CollectOptions(kinds=select(("aws.amplify.app",)))
    return collect_aws(Target(regions=(REGION,), endpoint_url=moto), options, session=recorded)


def test_apps_are_collected_without_credentials(collected: Snapshot) -> None:
    assert collected.coverage.gaps == ()
    assert schema_errors(collected.resources) == []
    by = {r.physical_id: r.attributes for r in collected.resources}
    assert set(by) == {"d1every0open", "d2every0auth"}
    open_app, preview = by["d1every0open"], by["d2every0auth"]
    assert open_app["name"] == "every-site" and open_app["enable_basic_auth"] is False
    assert open_app["tags"] == {"team": "web"}
    assert preview["enable_basic_auth"] is True
    assert "basic_auth_credentials" not in preview and "access_token" not in preview
    assert CREDENTIALS not in repr(collected.resources)
    assert CREDENTIALS not in dumps(collected) and "every-amplify-pw" not in dumps(collected)


def test_the_secret_rule_has_no_token_to_judge_live(collected: Snapshot) -> None:
    assert live_verdicts(collected, "AWS-SECRET-001") == set()
