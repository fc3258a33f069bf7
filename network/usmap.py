"""The member map: a tile grid of US states (one square each), drawn in HTML at build time.

No map tiles and no third-party request: each state is a square at a fixed
place in a 12 x 8 grid that keeps neighbours roughly where they are. Each
state with members is a link to its section of the directory and shows their
number, in words as well as colour; the others are plain text.
"""

from __future__ import annotations

import dataclasses

# (column, row) of each state's tile; every code of network.vocabulary.STATES has one.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2), "WI": (7, 2),
    "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3), "OH": (7, 3),
    "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4), "WV": (7, 4),
    "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5), "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7), "PR": (11, 7),
}


@dataclasses.dataclass(frozen=True)
class Tile:
    """One state's square: its code, name and number of members (0: not a link)."""

    code: str
    name: str
    count: int


def map_rows(counts: dict[str, int], names: dict[str, str]) -> list[list[Tile | None]]:
    """The grid, row by row: a ``Tile`` where a state is, None for the sea between them."""
    columns = 1 + max(column for column, _ in TILES.values())
    rows = 1 + max(row for _, row in TILES.values())
    at = {place: code for code, place in TILES.items()}
    return [[Tile(code, names[code], counts.get(code, 0)) if (code := at.get((column, row))) else None
             for column in range(columns)] for row in range(rows)]
