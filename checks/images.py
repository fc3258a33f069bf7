"""Image guard: an image under docs/ may carry its pixels and what a browser needs to show them, nothing else.

A phone photo of a ward whiteboard carries the GPS position, the camera and
often its owner's name; an exported scan may carry an author, a comment or a
whole document in a text chunk; bytes appended after the end of an image are
published with it, unseen. So the guard does not look for known keys: it
walks the file's structure (PNG chunks, JPEG segments, WebP chunks) and names
everything outside a short list of pixel, colour and size parts, and any
bytes after the end. The build publishes only its own re-encoded copy
(:func:`clean_copy`), and refuses an image over :data:`MAX_IMAGE_BYTES` or
whose file name is not plain (:data:`IMAGE_NAME`).
"""

from __future__ import annotations

import io
import re
import struct

from PIL import Image, ImageOps, UnidentifiedImageError

from checks import Finding
from checks.patient_data import find_patient_data
from checks.reader_text import file_name_text

# The largest image the build publishes: a screenshot or a chart exported for the web is far smaller.
MAX_IMAGE_BYTES = 2 * 1024 * 1024
# A plain image file name: lowercase letters, digits and hyphens, then the suffix.
IMAGE_NAME = re.compile(r"^[a-z0-9-]+\.(?:png|jpe?g|webp)$")
# The one command that writes a clean copy in place (tools/clean_image.py).
CLEAN_COMMAND = "make clean-image IMAGE={file}"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks of pixels (IHDR, PLTE, IDAT, IEND, tRNS, animation), colour (gAMA, cHRM, sRGB, iCCP, sBIT, cICP,
# mDCV, cLLI, bKGD) and size (pHYs). Every text, EXIF, time or private chunk is something else.
PNG_ALLOWED = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"acTL", b"fcTL", b"fdAT", b"gAMA",
                         b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"cICP", b"mDCV", b"cLLI", b"bKGD", b"pHYs"})
PNG_NAMES = {b"tEXt": "a text chunk", b"zTXt": "a compressed text chunk", b"iTXt": "an international text chunk",
             b"eXIf": "EXIF", b"tIME": "a modification time"}
# JPEG markers without a length (start and end of image, restart markers).
JPEG_STANDALONE = frozenset({0xD8, 0xD9, 0x01, *range(0xD0, 0xD8)})
JPEG_SOS, JPEG_EOI = 0xDA, 0xD9
# JPEG segments of pixels (frame, tables, scan) and the colour ones: JFIF, the ICC profile, Adobe's transform.
JPEG_PIXELS = frozenset(range(0xC0, 0xD0)) - {0xC8} | {JPEG_SOS, 0xDB, 0xDC, 0xDD}
JPEG_COLOUR_APPS = {0xE0: (b"JFIF\x00", b"JFXX\x00"), 0xE2: (b"ICC_PROFILE\x00",), 0xEE: (b"Adobe",)}
JPEG_NAMES = {0xE1: "an APP1 segment", 0xED: "IPTC (APP13)", 0xFE: "a comment (COM)"}
JPEG_APP1 = {b"Exif\x00": "EXIF", b"http://ns.adobe.com/xap/1.0/": "XMP", b"http://ns.adobe.com/xmp/extension/": "XMP"}
GPS_IFD = 0x8825
# WebP chunks of pixels and colour; EXIF, XMP and any other chunk are something else.
WEBP_ALLOWED = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})  # codespell:ignore alph
WEBP_NAMES = {b"EXIF": "EXIF", b"XMP ": "XMP"}


def _trailing(extra: int) -> list[str]:
    return [f"{extra} bytes after the end of the image"] if extra > 0 else []


def png_extras(data: bytes) -> list[str]:
    """What a PNG carries besides pixels, colour and size, in file order."""
    found, offset = [], len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        end = offset + 12 + length
        if end > len(data):
            return found + ["a chunk cut short"]
        if kind not in PNG_ALLOWED:
            key = data[offset + 8:offset + 8 + min(length, 80)].split(b"\x00")[0].decode("latin-1")
            what = PNG_NAMES.get(kind, f"a '{kind.decode('latin-1')}' chunk")
            found.append(f"{what} '{key}'" if kind in (b"tEXt", b"zTXt", b"iTXt") else what)
        if kind == b"IEND":
            return found + _trailing(len(data) - end)
        offset = end
    return found + ["no end chunk (IEND)"]


def _scan_end(data: bytes, offset: int) -> int:
    """The offset of the first marker after the entropy-coded data that starts at ``offset``."""
    while True:
        offset = data.find(b"\xff", offset)
        if offset < 0 or offset + 1 >= len(data):
            return len(data)
        following = data[offset + 1]
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            offset += 1 if following == 0xFF else 2
            continue
        return offset


def jpeg_extras(data: bytes) -> list[str]:
    """What a JPEG carries besides pixels, colour and size, in file order."""
    found, offset = [], 2
    while offset + 2 <= len(data):
        if data[offset] != 0xFF:
            return found + ["bytes that are not part of the image"]
        marker = data[offset + 1]
        if marker == 0xFF:
            offset += 1
            continue
        if marker == JPEG_EOI:
            return found + _trailing(len(data) - offset - 2)
        if marker in JPEG_STANDALONE:
            offset += 2
            continue
        (length,) = struct.unpack(">H", data[offset + 2:offset + 4])
        body = data[offset + 4:offset + 2 + length]
        allowed = marker in JPEG_PIXELS or any(
            body.startswith(prefix) for prefix in JPEG_COLOUR_APPS.get(marker, ()))
        if not allowed:
            app1 = next((name for prefix, name in JPEG_APP1.items() if body.startswith(prefix)), None)
            found.append(app1 if marker == 0xE1 and app1 else JPEG_NAMES.get(
                marker, f"an APP{marker - 0xE0} segment" if 0xE0 <= marker <= 0xEF else f"a segment 0x{marker:02X}"))
        offset += 2 + length
        if marker == JPEG_SOS:
            offset = _scan_end(data, offset)
    return found + ["no end marker (EOI)"]


def webp_extras(data: bytes) -> list[str]:
    """What a WebP carries besides pixels, colour and size, in file order."""
    size = struct.unpack("<I", data[4:8])[0] + 8
    found, offset = [], 12
    while offset + 8 <= min(size, len(data)):
        kind, length = struct.unpack("<4sI", data[offset:offset + 8])
        if kind not in WEBP_ALLOWED:
            found.append(WEBP_NAMES.get(kind, f"a '{kind.decode('latin-1')}' chunk"))
        offset += 8 + length + (length & 1)
    return found + _trailing(len(data) - size)


def image_format(data: bytes) -> str:
    """'PNG', 'JPEG' or 'WEBP' as Pillow reads ``data``; raises OSError for anything else or an unreadable image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except UnidentifiedImageError:
        raise OSError("not a recognised image format") from None
    except (Image.DecompressionBombError, SyntaxError, ValueError, struct.error) as error:
        raise OSError(str(error) or type(error).__name__) from None
    if kind not in ("PNG", "JPEG", "WEBP"):
        raise OSError(f"a {kind} image; save it as PNG, JPEG or WebP")
    return kind


def image_extras(data: bytes) -> list[str]:
    """Everything the image in ``data`` carries besides pixels, colour and size; raises OSError if unreadable."""
    walker = {"PNG": png_extras, "JPEG": jpeg_extras, "WEBP": webp_extras}[image_format(data)]
    try:
        found = walker(data)
    except (struct.error, IndexError):
        raise OSError("its structure is damaged") from None
    with Image.open(io.BytesIO(data)) as image:
        if image.getexif().get_ifd(GPS_IFD):
            found.insert(0, "a GPS position")
    return found


def clean_copy(data: bytes) -> bytes:
    """The image in ``data`` decoded and encoded again in its format: pixels, orientation and colour profile only."""
    kind = image_format(data)
    with Image.open(io.BytesIO(data)) as image:
        profile = image.info.get("icc_profile")
        pixels = ImageOps.exif_transpose(image)
        pixels.info = {}  # Pillow would otherwise write a JPEG's comment again
        options = {"icc_profile": profile} if profile else {}
        if kind == "JPEG":
            options.update(quality=90, optimize=True)
        elif kind == "WEBP":
            options.update(lossless=image.info.get("lossless", False), quality=90)
        else:
            options.update(optimize=True)
        out = io.BytesIO()
        pixels.save(out, kind, **options)
    return out.getvalue()


METADATA_KIND = "image/metadata"


def find_image_metadata(data: bytes, file: str = "<image>") -> list[Finding]:
    """A finding if the image in ``data`` carries anything besides its pixels, or cannot be read."""
    try:
        found = image_extras(data)
    except OSError as error:
        return [Finding(file, None, "image/unreadable",
                        f"cannot be read as an image ({error}); re-export it as PNG, JPEG or WebP")]
    if not found:
        return []
    return [Finding(file, None, METADATA_KIND,
                    f"carries {', '.join(dict.fromkeys(found))}, which the site would publish; write a clean "
                    f"copy in place with `{CLEAN_COMMAND.format(file=file)}`, look at it, and commit it")]


def image_file_problems(file: str, size: int) -> list[str]:
    """Why the image at ``file`` (its path from the project) may not be published: its name or its size."""
    name = file.rsplit("/", 1)[-1]
    problems = []
    if not IMAGE_NAME.fullmatch(name):
        problems.append("the file name may hold only lowercase letters, digits and hyphens, then .png, .jpg, "
                        ".jpeg or .webp (such as ward-layout.png); rename it")
    if size > MAX_IMAGE_BYTES:
        problems.append(f"{size / 1024 / 1024:.1f} MB is over the {MAX_IMAGE_BYTES // 1024 // 1024} MB an image "
                        "may be; export it smaller (a chart or a screenshot for the web needs far less)")
    return problems


FILE_KIND = "image/file"


def find_image_file_problems(file: str, size: int) -> list[Finding]:
    """Findings for an image's name (not plain, or patient data in it) and size: the build refuses all of them."""
    findings = [Finding(file, None, FILE_KIND, why) for why in image_file_problems(file, size)]
    return findings + [Finding(file, None, finding.kind, f"in the file name: {finding.message}", found=finding.found)
                       for finding in find_patient_data(file_name_text(file.rsplit("/", 1)[-1]), file)]
