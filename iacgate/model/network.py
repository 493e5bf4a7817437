"""Network address semantics: when a set of CIDR ranges admits the whole internet.

Every rule that asks "is this open to the world" — security group rules, EKS public access
ranges, RDS through its security groups, Kubernetes ``loadBalancerSourceRanges`` and
NetworkPolicy ``ipBlock`` — asks it here, so that one answer holds everywhere:

- Ranges are parsed with :mod:`ipaddress`, host bits allowed (AWS and Kubernetes accept
  ``10.0.0.0/0`` and mean ``0.0.0.0/0``): any prefix-0 network is the world, in every IPv4 or
  IPv6 spelling (``0.0.0.0/0``, ``10.0.0.0/0``, ``::/0``, ``0::0/0``, ``::ffff:0:0/0``).
- Ranges count together: ``0.0.0.0/1`` with ``128.0.0.0/1`` is the world too. More generally
  the world is admitted when the union covers every *internet* address of one family — every
  IPv4 address outside the special-purpose blocks of the IANA registry (private, shared,
  loopback, link-local, documentation, benchmarking, multicast, reserved; ``NOT_INTERNET_V4``)
  or the whole global unicast space of IPv6 (``2000::/3``) but its documentation block. A
  range that leaves out only private space (``0.0.0.0/0`` written as the public blocks around
  ``10.0.0.0/8``) is open to the world; ``0.0.0.0/1`` alone is half the internet, not all of it.
- The IPv4-mapped IPv6 block ``::ffff:0:0/96`` is *not* the IPv4 internet: security groups and
  load balancers match IPv4 clients against IPv4 ranges, and the block is no IPv6 internet
  address.
- Text that is not a network (a typo, an empty string) admits nothing: the provider refuses it.
- An unknown range decides only when it could complete the coverage: ``${var.ip}/32`` cannot
  open the world alone (its prefix is known), ``${var.cidr}`` can.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from iacgate.model.unknown import Tri, Unknown, known_suffix
from iacgate.model.values import Value

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# IANA special-purpose IPv4 blocks that are not reachable from the internet (RFC 6890 and
# successors): a union of ranges that leaves out only these still admits every internet host.
NOT_INTERNET_V4 = (
    "0.0.0.0/8",  # "this network"
    "10.0.0.0/8",  # private
    "100.64.0.0/10",  # shared address space (carrier-grade NAT)
    "127.0.0.0/8",  # loopback
    "169.254.0.0/16",  # link-local
    "172.16.0.0/12",  # private
    "192.0.0.0/24",  # IETF protocol assignments
    "192.0.2.0/24",  # documentation (TEST-NET-1)
    "192.168.0.0/16",  # private
    "198.18.0.0/15",  # benchmarking
    "198.51.100.0/24",  # documentation (TEST-NET-2)
    "203.0.113.0/24",  # documentation (TEST-NET-3)
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved, and the limited broadcast address
)
# The IPv6 internet is the global unicast space, less its documentation block.
INTERNET_V6 = "2000::/3"
NOT_INTERNET_V6 = ("2001:db8::/32",)

_BITS = {4: 32, 6: 128}
_PREFIX = re.compile(r"/(\d{1,3})$")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _intervals(cidrs: Iterable[Network]) -> list[tuple[int, int]]:
    """Sorted, merged [first, last] address intervals of the networks."""
    return _merge([(int(n.network_address), int(n.broadcast_address)) for n in cidrs])


def _subtract(base: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Intervals of ``base`` not in ``holes`` (both sorted and merged); linear."""
    out: list[tuple[int, int]] = []
    j = 0
    for lo, hi in base:
        start = lo
        while j < len(holes) and holes[j][1] < start:
            j += 1
        k = j
        while k < len(holes) and holes[k][0] <= hi:
            if holes[k][0] > start:
                out.append((start, holes[k][0] - 1))
            start = max(start, holes[k][1] + 1)
            k += 1
        if start <= hi:
            out.append((start, hi))
    return out


_INTERNET: dict[int, list[tuple[int, int]]] = {
    4: _subtract(
        _intervals([ipaddress.IPv4Network("0.0.0.0/0")]),
        _intervals(ipaddress.IPv4Network(c) for c in NOT_INTERNET_V4),
    ),
    6: _subtract(
        _intervals([ipaddress.IPv6Network(INTERNET_V6)]),
        _intervals(ipaddress.IPv6Network(c) for c in NOT_INTERNET_V6),
    ),
}


def parse_cidr(value: Value) -> Network | None:
    """The network a CIDR string names (host bits allowed, as the providers accept them);
    None for anything that is not a network. A bare address is a one-address network."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def is_world(value: Value) -> Tri:
    """Whether one CIDR admits every internet address: True, False, or the ``Unknown``."""
    return covers_world([value])


def covers_world(values: Iterable[Value]) -> Tri:
    """Whether the union of CIDR ranges admits every internet address of IPv4 or of IPv6.

    True or False when the known ranges decide; the first ``Unknown`` range that could
    complete the coverage otherwise (one whose prefix length is not known, or whose block
    is large enough to cover what the known ranges leave open).
    """
    return blocks_cover_world((value, ()) for value in values)


def blocks_cover_world(blocks: Iterable[tuple[Value, Iterable[Value]]]) -> Tri:
    """:func:`covers_world` for ranges with exceptions (a Kubernetes ``ipBlock``: ``cidr``
    less its ``except`` ranges). An unknown exception may remove anything from its block."""
    known: dict[int, list[tuple[int, int]]] = {4: [], 6: []}
    unknowns: list[tuple[Unknown, int | None]] = []  # (the unknown, the most it may add)
    for value, excepted in blocks:
        if isinstance(value, Unknown):
            if _prefix_length(value) == 0 and not excepted:
                return True  # "${...}/0": whatever the address, a valid range is the world
            unknowns.append((value, None))
            continue
        network = parse_cidr(value)
        if network is None:
            continue
        holes = [parse_cidr(e) for e in excepted if not isinstance(e, Unknown)]
        doubt = next((e for e in excepted if isinstance(e, Unknown)), None)
        left = _subtract(
            _intervals([network]),
            _intervals(h for h in holes if h is not None and h.version == network.version),
        )
        if doubt is not None:  # what the block admits is not known: at most what it holds
            unknowns.append((doubt, sum(hi - lo + 1 for lo, hi in left)))
            continue
        known[network.version].extend(left)
    remaining: dict[int, int] = {}
    for version, spans in known.items():
        uncovered = _subtract(_INTERNET[version], _merge(spans))
        if not uncovered:
            return True
        remaining[version] = sum(hi - lo + 1 for lo, hi in uncovered)
    for version, needed in remaining.items():
        room = 0
        for value, most in unknowns:
            room += _capacity(value, version) if most is None else most
            if room >= needed:
                return value
    return False


def _capacity(value: Unknown, version: int) -> int:
    """The most addresses of ``version`` one unknown range can admit."""
    bits = _BITS[version]
    prefix = _prefix_length(value)
    if prefix is None:
        return 1 << bits
    return 0 if prefix > bits else 1 << (bits - prefix)


def _prefix_length(value: Unknown) -> int | None:
    """The prefix length an unknown range ends with, when its known text says it."""
    match = _PREFIX.search(known_suffix(value))
    return int(match.group(1)) if match else None


def describe(values: Iterable[Value]) -> str:
    """The ranges of a covering union, for a message (``0.0.0.0/1 + 128.0.0.0/1``)."""
    return " + ".join(str(v).strip() for v in values if isinstance(v, str))
