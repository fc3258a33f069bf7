"""Image guard: photos and scans under docs/ must carry no metadata that identifies a person or a place.

A phone photo of a ward whiteboard carries the GPS position, the camera and
often its owner's name; an exported scan may carry an author or a comment.
Pillow reads EXIF and PNG text chunks; XMP and IPTC packets are found by
their signatures in the file's bytes.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from checks import Finding

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
# EXIF tags that identify a person, a device, a place or a moment; structural tags are left alone.
IDENTIFYING_TAGS = {
    "camera": {0x010F: "Make", 0x0110: "Model", 0xA431: "BodySerialNumber", 0xA433: "LensMake",
               0xA434: "LensModel", 0xA435: "LensSerialNumber"},
    "author": {0x013B: "Artist", 0x8298: "Copyright", 0x9C9D: "XPAuthor", 0xA430: "CameraOwnerName"},
    "capture date": {0x0132: "DateTime", 0x9003: "DateTimeOriginal", 0x9004: "DateTimeDigitized"},
    "description or comment": {0x010E: "ImageDescription", 0x9286: "UserComment", 0x9C9B: "XPTitle",
                               0x9C9C: "XPComment", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"},
}
PNG_TEXT_KEYS = {"author", "comment", "copyright", "creation time", "description", "disclaimer",
                 "source", "title", "warning"}
XMP_SIGNATURES = (b"<x:xmpmeta", b"<?xpacket", b"http://ns.adobe.com/xap/1.0/")
IPTC_SIGNATURE = b"Photoshop 3.0\x00"


def image_metadata(data: bytes) -> list[str]:
    """What identifying metadata the image in ``data`` carries, such as 'GPS location'; raises OSError if unreadable."""
    found: list[str] = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
                found.append("GPS location")
            tags = {**dict(exif), **dict(exif.get_ifd(EXIF_IFD))}
            for group, names in IDENTIFYING_TAGS.items():
                present = [name for tag, name in names.items() if tags.get(tag) not in (None, "", b"")]
                if present:
                    found.append(f"{group} ({', '.join(present)})")
            text_keys = [key for key in getattr(image, "text", {}) or {} if key.lower() in PNG_TEXT_KEYS]
            if text_keys:
                found.append(f"text fields ({', '.join(text_keys)})")
            if image.info.get("comment"):
                found.append("comment")
    except UnidentifiedImageError:
        raise OSError("not a recognised image format") from None
    except (Image.DecompressionBombError, SyntaxError, ValueError) as error:
        raise OSError(str(error) or type(error).__name__) from None
    if any(signature in data for signature in XMP_SIGNATURES):
        found.append("XMP metadata")
    if IPTC_SIGNATURE in data:
        found.append("IPTC metadata")
    return found


METADATA_KIND = "image/metadata"


def find_image_metadata(data: bytes, file: str = "<image>") -> list[Finding]:
    """A finding if the image in ``data`` carries identifying metadata or cannot be read."""
    try:
        found = image_metadata(data)
    except OSError as error:
        return [Finding(file, None, "image/unreadable",
                        f"cannot be read as an image ({error}); re-export it as PNG or JPEG")]
    if not found:
        return []
    return [Finding(file, None, METADATA_KIND,
                    f"carries {', '.join(found)}; strip the metadata before publishing: "
                    f"`exiftool -all= {file}` (or re-export the image without metadata)")]
