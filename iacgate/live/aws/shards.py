"""An organization's accounts x regions, cut into shards for a CI matrix.

Each shard is a set of accounts read in a set of regions (``--org --accounts A,B --region
R1,R2``). Global kinds (IAM, CloudFront, the S3 bucket list) are read once per account, by the
shard holding the account's first region; the account's other shards pass ``--no-global``, so
``iacgate merge`` counts nothing twice.

- at most ``count`` shards (default 256, the most jobs one GitHub Actions matrix may have);
- one shard per account and region when they fit;
- else each account's regions in a few groups, when every account still gets its own shard;
- else groups of whole accounts (all regions, globals included), as even as they come.

``--region all`` is not expanded here (each account enables its own regions): shards are then
groups of accounts, each reading every region its accounts enable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from iacgate.live.aws.session import ALL_REGIONS

MATRIX_LIMIT = 256  # jobs per GitHub Actions matrix


@dataclass(frozen=True, slots=True)
class Shard:
    name: str
    accounts: tuple[str, ...]
    regions: tuple[str, ...]
    globals: bool  # reads the global kinds of its accounts

    def matrix_entry(self) -> dict[str, Any]:
        """One ``include`` entry: comma-separated lists, as ``--accounts`` and ``--region``
        take them, and ``flags`` ready for the command line."""
        return {
            "shard": self.name,
            "accounts": ",".join(self.accounts),
            "regions": ",".join(self.regions),
            "global": self.globals,
            "flags": "" if self.globals else "--no-global",
        }


def _chunks(items: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """``items`` in ``count`` contiguous groups whose sizes differ by at most one."""
    size, extra = divmod(len(items), count)
    out: list[tuple[str, ...]] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(tuple(items[start:end]))
        start = end
    return [c for c in out if c]


def plan(accounts: Sequence[str], regions: Sequence[str], count: int = MATRIX_LIMIT) -> list[Shard]:
    """The shards of ``accounts`` x ``regions``, at most ``count`` of them."""
    if count < 1:
        raise ValueError("at least one shard")
    if not accounts or not regions:
        return []
    accounts = sorted(dict.fromkeys(accounts))
    regions = list(dict.fromkeys(regions))
    if ALL_REGIONS in regions:
        regions = [ALL_REGIONS]
    groups: list[tuple[tuple[str, ...], tuple[str, ...], bool]] = []
    if len(accounts) * len(regions) <= count:
        groups = [((a,), (r,), i == 0) for a in accounts for i, r in enumerate(regions)]
    elif len(accounts) <= count and len(regions) > 1:
        per = max(1, count // len(accounts))
        for account in accounts:
            for index, chunk in enumerate(_chunks(regions, per)):
                groups.append(((account,), chunk, index == 0))
    else:
        groups = [(chunk, tuple(regions), True) for chunk in _chunks(accounts, count)]
    width = max(3, len(str(len(groups))))
    return [
        Shard(str(index).zfill(width), group, where, globals_)
        for index, (group, where, globals_) in enumerate(groups, 1)
    ]


def github_matrix(shards: Sequence[Shard]) -> dict[str, Any]:
    """``strategy.matrix`` for GitHub Actions (``fromJSON`` of this)."""
    return {"include": [shard.matrix_entry() for shard in shards]}
