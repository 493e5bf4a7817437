"""API Gateway stages: method settings, keyed by method path, fold in from their own Terraform
resource, come from CloudFormation's MethodSettings list or the API's methodSettings map; the
API names no ARN. Methods: Terraform writes a method's integration as a resource of its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacgate.model.aws.declaration import API, CLOUDFORMATION
from iacgate.model.aws.kinds.apigateway import METHOD, STAGE
from iacgate.model.paths import AttrPath
from iacgate.model.unknown import Unknown, is_unknown
from iacgate.normalize.aws.code import KindCode
from iacgate.normalize.framework import Context, Draft, fill

_METHOD = STAGE.field("method_settings").fields


def _fold_method_settings(v: Any, ctx: Context) -> None:
    """``aws_api_gateway_method_settings``: the settings of one method path of a stage, found
    by reference or by (REST API id, stage name)."""
    owner = ctx.owner(v, ("stage_name",), STAGE.name, ())
    if owner is None:
        stages = ctx.memo.get("stages")
        if stages is None:
            stages = {
                (d.attrs.get("rest_api_id"), d.attrs.get("stage_name")): d
                for d in ctx.drafts.values()
                if d.kind == STAGE.name
                and isinstance(d.attrs.get("rest_api_id"), str)
                and isinstance(d.attrs.get("stage_name"), str)
            }
            ctx.memo["stages"] = stages
        key = (v.raw("rest_api_id"), v.raw("stage_name"))
        owner = stages.get(key) if all(isinstance(k, str) for k in key) else None
    if owner is None:
        ctx.unattached.append(v.address)
        return
    path = v.raw("method_path")
    if not isinstance(path, str):
        owner.folded.append(v.address)
        owner.put("method_settings", Unknown("method_path not known"), v, ("method_path",))
        return
    settings = v.block("settings")
    owner.fold(v, ("method_settings", path))
    if is_unknown(settings):
        owner.put(("method_settings", path), settings, v, ("settings",))
        return
    at: AttrPath = ("settings", 0)
    owner.put(("method_settings", path), {}, v, at)
    fill(owner, v, _METHOD, at=at, into=("method_settings", path), values=settings or {})


def _cloudformation(d: Draft, v: Any) -> None:
    settings = v.items("MethodSettings")
    if is_unknown(settings):
        d.put("method_settings", settings, v, ("MethodSettings",))
        return
    for index, item in enumerate(settings):
        if not isinstance(item, Mapping):
            continue
        path = _method_path(item.get("ResourcePath"), item.get("HttpMethod"))
        item_at: AttrPath = ("MethodSettings", index)
        if not isinstance(path, str):
            d.put("method_settings", path, v, item_at)
            break
        d.put(("method_settings", path), {}, v, item_at)
        fill(d, v, _METHOD, at=item_at, into=("method_settings", path), values=item)


def _api(d: Draft, v: Any) -> None:
    record = v.record
    api_id, name = v.raw("restApiId"), v.raw("stageName")
    arn = f"arn:{record.partition}:apigateway:{record.region}::/restapis/{api_id}/stages/{name}"
    d.put("arn", arn, v)
    if v.raw("accessLogSettings") == {}:
        d.put("access_log_settings", None, v)
    methods = v.raw("methodSettings")
    for path, settings in methods.items() if isinstance(methods, Mapping) else ():
        at: AttrPath = ("methodSettings", path)
        d.put(("method_settings", str(path)), {}, v, at)
        fill(d, v, _METHOD, at=at, into=("method_settings", str(path)), values=settings or {})


def _method_path(resource: Any, method: Any) -> Any:
    """CloudFormation's ``/~1pets`` + ``GET`` as API Gateway's method path ``pets/GET``;
    ``/*`` + ``*`` (every method of every resource) is ``*/*``."""
    for value in (resource, method):
        if is_unknown(value):
            return value
    if not isinstance(resource, str) or not isinstance(method, str):
        return Unknown("MethodSettings without ResourcePath and HttpMethod")
    path = resource.removeprefix("/").replace("~1", "/")
    return f"{path}/{method}"


def _finish(d: Draft) -> None:
    methods = d.attrs.get("method_settings")
    for method in methods.values() if isinstance(methods, dict) else ():
        if isinstance(method, dict) and method.get("caching_enabled") is False:
            method["cache_data_encrypted"] = False  # no cache, nothing to encrypt


def _fold_integration(v: Any, ctx: Context) -> None:
    """``aws_api_gateway_integration``: the method it names (its ``http_method`` refers to the
    method resource; API, resource and verb together name it otherwise)."""
    owner = ctx.owner(v, ("http_method",), METHOD.name)
    if owner is None:
        found = [
            d
            for d in ctx.drafts.values()
            if d.kind == METHOD.name
            and all(
                not is_unknown(d.attrs.get(name)) and d.attrs.get(name) == v.raw(name)
                for name in ("rest_api_id", "resource_id", "http_method")
            )
        ]
        owner = found[0] if len(found) == 1 else None
    if owner is None:
        ctx.unattached.append(v.address)
        return
    owner.folded.append(v.address)
    owner.adopt(v)
    owner.put("integration_type", v.raw("type"), v, ("type",))
    uri = v.raw("uri")
    owner.put("integration_uri", None if uri == "" else uri, v, ("uri",))


def _method_finish(d: Draft) -> None:
    if d.attrs.get("integration_uri") == "":
        d.attrs["integration_uri"] = None


CODE = (
    KindCode(
        STAGE,
        read={CLOUDFORMATION: _cloudformation, API: _api},
        folds={"aws_api_gateway_method_settings": _fold_method_settings},
        finish=_finish,
    ),
    KindCode(
        METHOD, folds={"aws_api_gateway_integration": _fold_integration}, finish=_method_finish
    ),
)
