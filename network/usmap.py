"""The member map: a tile grid of US states (one square each), drawn as SVG at build time.

No map tiles and no third-party request: each state is a square at a fixed
place in a 12 x 8 grid that keeps neighbours roughly where they are. The
picture says the same as the directory's table of states, in words as well
as colour: each tile with members shows their number.
"""

from __future__ import annotations

from html import escape

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
TILE = 40
GAP = 4
# Fill, outline, text colour and weight of a tile with members and without (contrast 4.5:1 or more).
SOME = ("#1565c0", "#0d47a1", "#ffffff", "bold")
NONE = ("#eceff1", "#b0bec5", "#37474f", "normal")


def map_svg(counts: dict[str, int], names: dict[str, str]) -> str:
    """The tile map as a standalone SVG document: ``counts`` members per state code, ``names`` each code's name."""
    columns = 1 + max(column for column, _ in TILES.values())
    rows = 1 + max(row for _, row in TILES.values())
    width, height = columns * (TILE + GAP), rows * (TILE + GAP)
    with_members = [code for code in sorted(TILES, key=lambda code: names[code]) if counts.get(code)]
    summary = "; ".join(f"{names[code]}: {counts[code]}" for code in with_members) or "no members yet"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="map-title map-desc">',
        '<title id="map-title">Member institutions by US state</title>',
        f'<desc id="map-desc">{escape(f"Members by state: {summary}.")}</desc>',
    ]
    for code, (column, row) in sorted(TILES.items()):
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        count = counts.get(code, 0)
        label = f"{code} {count}" if count else code
        fill, stroke, ink, weight = SOME if count else NONE
        parts.append(f'<g><title>{escape(names[code])}: {count} {"member" if count == 1 else "members"}</title>'
                     f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3" fill="{fill}" stroke="{stroke}"/>'
                     f'<text x="{x + TILE // 2}" y="{y + TILE // 2 + 4}" fill="{ink}" font-weight="{weight}" '
                     f'font-family="sans-serif" font-size="11" text-anchor="middle">{escape(label)}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def map_alt(counts: dict[str, int], names: dict[str, str]) -> str:
    """The map's text alternative: the states that have members, with how many."""
    with_members = sorted((names[code], count) for code, count in counts.items() if count)
    listed = ", ".join(f"{name} ({count})" for name, count in with_members)
    return f"Map of US states showing where members are: {listed}." if listed else "Map of US states: no members yet."
