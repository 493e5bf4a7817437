"""Network ACL evaluation: what an ``aws.ec2.network_acl``'s inbound entries let in from
anywhere, evaluated as AWS does — entries by rule number, the first that matches a packet
decides, deny at the end.

"From anywhere" is a packet from an address only a world entry (``0.0.0.0/0``, ``::/0``)
covers: narrower entries never match it, so they neither open nor close the path. Reachability
(``graph/network.py``) and the ACL rules both read these answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from iacgate.model.unknown import is_unknown

WORLD = frozenset({"0.0.0.0/0", "::/0"})
EVERY_PORT = (0, 65535)
# One port range of one protocol ("tcp", "udp"; "-1" = every protocol).
Ports = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Admission:
    """``admitted``: True (``index``: the allowing entry), False, or None (``index``: the
    entry that cannot be read); ``why`` in words."""

    admitted: bool | None
    why: str
    index: int | None = None


def _subtract(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if hi < a or lo > b:
            out.append((a, b))
            continue
        if a < lo:
            out.append((a, lo - 1))
        if hi < b:
            out.append((hi + 1, b))
    return out


def _readable(entry: Mapping[str, Any]) -> bool:
    names = ("cidr_block", "ipv6_cidr_block", "protocol", "action", "from_port", "to_port")
    return not any(is_unknown(entry.get(name)) for name in names)


def admits(entries: Any, wanted: Iterable[Ports]) -> Admission:
    """Whether ``entries`` (an ACL's ``ingress``) let traffic from anywhere in on any of
    ``wanted``."""
    if is_unknown(entries) or not isinstance(entries, list):
        return Admission(None, "the entries are not known")
    for proto, lo, hi in wanted:
        for one in ("tcp", "udp") if proto == "-1" else (proto,):
            open_spans = [(lo, hi)]
            for index, entry in enumerate(entries):
                if not open_spans or not isinstance(entry, Mapping):
                    continue
                if not _readable(entry):
                    return Admission(None, f"entry {index} is not known", index)
                if (
                    entry.get("cidr_block") not in WORLD
                    and entry.get("ipv6_cidr_block") not in WORLD
                ):
                    continue
                if entry.get("protocol") not in ("-1", one):
                    continue
                a, b = entry.get("from_port"), entry.get("to_port")
                a, b = (a, b) if isinstance(a, int) and isinstance(b, int) else EVERY_PORT
                remaining = _subtract(open_spans, a, b)
                if remaining == open_spans:
                    continue
                if entry.get("action") == "allow":
                    number = entry.get("rule_number")
                    return Admission(
                        True, f"rule {number} allows {one} {a}-{b} from anywhere", index
                    )
                open_spans = remaining
    return Admission(False, "nothing is allowed from anywhere on those ports")
