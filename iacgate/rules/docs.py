"""Rule documentation rendered from metadata (``iacgate explain`` and ``docs/rules/``)."""

from __future__ import annotations

from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import DOC_HEADINGS


def render_markdown(rule: Rule) -> str:
    meta = rule.meta
    lines = [
        f"# {meta.code} {meta.name}",
        "",
        meta.summary,
        "",
        f"- Severity: {meta.severity.label}",
        f"- Kinds: {', '.join(f'`{k}`' for k in meta.kinds)}",
        f"- Pack: {rule.pack or '-'}",
    ]
    if meta.frameworks:
        mapped = "; ".join(f"{name} {', '.join(ids)}" for name, ids in meta.frameworks)
        lines.append(f"- Frameworks: {mapped}")
    if meta.tags:
        lines.append(f"- Tags: {', '.join(meta.tags)}")
    for heading in DOC_HEADINGS:
        body = meta.doc.section(heading)
        if body:
            lines += ["", f"## {heading}", "", body.replace("::\n", ":\n")]
    return "\n".join(lines) + "\n"
