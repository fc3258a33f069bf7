"""`make clean-image IMAGE=PATH` (``python -m tools.clean_image PATH...``): write a clean copy of each image in place.

The copy is what the build publishes (checks/images.py ``clean_copy``): the
pixels decoded and encoded again by Pillow, turned the way the photo was
taken, with its colour profile and nothing else (no EXIF, GPS, XMP, IPTC,
text chunk or comment, no bytes after the end). Look at the result, then
commit it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checks.images import clean_copy, image_extras


def clean(path: Path) -> str:
    """Rewrite the image at ``path`` clean; a line saying what it carried (or why it could not)."""
    try:
        data = path.read_bytes()
        carried = image_extras(data)
        path.write_bytes(clean_copy(data))
    except OSError as error:
        return f"{path}: not cleaned: {error}"
    removed = ", ".join(dict.fromkeys(carried)) or "nothing besides its pixels"
    return f"{path}: written again with its pixels only (it carried {removed}); look at it, then commit it"


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths or any(path.startswith("-") for path in paths):
        print("usage: make clean-image IMAGE=docs/playbooks/<domain>/<name>.png", file=sys.stderr)
        return 2
    lines = [clean(Path(path)) for path in paths]
    print("\n".join(lines))
    return 1 if any(": not cleaned: " in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
