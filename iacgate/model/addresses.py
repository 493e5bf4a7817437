"""Terraform resource addresses: the configuration address an instance address belongs to."""

from __future__ import annotations


def base_address(address: str) -> str:
    """The address without instance keys: ``module.a["x"].aws_s3_bucket.b[0]`` ->
    ``module.a.aws_s3_bucket.b``."""
    if "[" not in address:
        return address
    out: list[str] = []
    depth = 0
    quoted = False
    for char in address:
        if quoted:
            if char == '"':
                quoted = False
            continue
        if char == '"' and depth:
            quoted = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)
