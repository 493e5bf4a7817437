"""One answer to "open to the world" for every rule: spellings, unions, unknown ranges."""

from __future__ import annotations

import pytest

from iacgate.model.network import covers_world, describe, is_world, parse_cidr
from iacgate.model.unknown import Unknown, concat, is_unknown

WORLD = ["0.0.0.0/0", "10.0.0.0/0", "0.0.0.0/00", " 0.0.0.0/0 ", "::/0", "0::0/0", "::ffff:0:0/0"]
NOT_WORLD = [
    "0.0.0.0/1",
    "10.0.0.0/8",
    "203.0.113.7/32",
    "0.0.0.0",  # one address
    "::ffff:0:0/96",  # IPv4-mapped: no IPv6 internet address, and not the IPv4 internet
    "2000::/4",
    "not-a-cidr",
    "",
    "0/0",  # not a network: the providers refuse it
    None,
    42,
]


@pytest.mark.parametrize("cidr", WORLD)
def test_every_prefix_zero_spelling_is_the_world(cidr: str) -> None:
    assert is_world(cidr) is True


@pytest.mark.parametrize("cidr", NOT_WORLD)
def test_narrower_ranges_and_non_networks_are_not(cidr: object) -> None:
    assert is_world(cidr) is False


def test_the_ipv6_global_unicast_space_is_the_ipv6_internet() -> None:
    assert is_world("2000::/3") is True


def test_unions_that_cover_the_internet_count() -> None:
    assert covers_world(["0.0.0.0/1", "128.0.0.0/1"]) is True
    assert covers_world(["0.0.0.0/1", "128.0.0.0/2"]) is False
    # Everything but the private 10.0.0.0/8: still every internet address.
    public_around_ten = ["0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4"]
    assert covers_world([*public_around_ten, "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"]) is True
    assert covers_world([*public_around_ten, "32.0.0.0/3", "64.0.0.0/2"]) is False
    # Families do not add up: half of each is half of the internet.
    assert covers_world(["0.0.0.0/1", "8000::/1"]) is False
    assert covers_world(["::/1"]) is True  # 2000::/3 lies in its lower half


def test_unknown_ranges_decide_only_when_they_could_complete_the_coverage() -> None:
    anything = Unknown("var.cidr")
    assert covers_world([anything]) is anything
    host = concat([Unknown("var.ip"), "/32"])
    assert covers_world([host]) is False  # one address can never be the world
    assert covers_world(["0.0.0.0/1", host]) is False
    half = concat([Unknown("var.ip"), "/1"])
    assert is_unknown(covers_world(["0.0.0.0/1", half]))  # the other half may be it
    assert covers_world([concat([Unknown("var.ip"), "/0"])]) is True
    assert covers_world(["0.0.0.0/0", anything]) is True  # the known range decides


def test_parse_cidr_allows_host_bits_and_refuses_garbage() -> None:
    network = parse_cidr("10.1.2.3/8")
    assert network is not None and str(network) == "10.0.0.0/8"
    assert parse_cidr("10.0.0.0/33") is None
    assert parse_cidr("x" * 1000) is None


def test_describe_names_the_ranges() -> None:
    assert describe(["0.0.0.0/1", Unknown("x"), "128.0.0.0/1"]) == "0.0.0.0/1 + 128.0.0.0/1"


def test_ip_blocks_less_their_exceptions() -> None:
    from iacgate.model.network import blocks_cover_world

    # The internet less private space is still the internet.
    assert blocks_cover_world([("0.0.0.0/0", ["10.0.0.0/8", "192.168.0.0/16"])]) is True
    assert blocks_cover_world([("0.0.0.0/0", ["0.0.0.0/1"])]) is False
    # Another block may give back what one excepts.
    assert blocks_cover_world([("0.0.0.0/0", ["8.0.0.0/8"]), ("8.0.0.0/8", [])]) is True
    doubt = Unknown("var.except")
    assert blocks_cover_world([("0.0.0.0/0", [doubt])]) is doubt
    assert blocks_cover_world([("0.0.0.0/1", [doubt])]) is False  # half, at best
