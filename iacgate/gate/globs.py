"""Path and name globs: ``**`` spans directories, ``*`` and ``?`` stay inside one segment."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def _compile(pattern: str, separator: str) -> re.Pattern[str]:
    sep = re.escape(separator)
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith(separator, i):
                # "**/" matches zero or more whole segments.
                out.append(f"(?:.*{sep})?")
                i += len(separator)
            else:
                out.append(".*")
            continue
        if char == "*":
            out.append(f"[^{sep}]*")
        elif char == "?":
            out.append(f"[^{sep}]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def match_path(pattern: str, path: str) -> bool:
    """Match a relative POSIX path. A pattern ending in ``/`` or ``/**`` covers everything
    below that directory; a leading ``./`` is ignored on both sides."""
    pattern = pattern.removeprefix("./")
    path = path.removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    return bool(_compile(pattern, "/").match(path))


def match_name(pattern: str, value: str) -> bool:
    """Match a code, a name, a kind or an address; ``*`` spans everything (addresses contain
    ``/`` and kinds contain ``.``, and a selector like ``apps/Deployment/*`` should just work)."""
    if not any(c in pattern for c in "*?["):
        return pattern == value
    return bool(_compile(pattern.replace("**", "*"), "\x00").match(value))
