"""Pictures with data hidden in each place a PNG or JPEG can hold it, and damaged pictures.

Every hiding place holds SECRET (a distinctive marker and a fake CPR number), so a test
can prove that none of it reaches a published document. The pictures are made with
Pillow the way cameras, phones and photo programs write them, and then given the
segments and chunks Pillow does not write itself.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

from PIL import ExifTags, Image, ImageCms, PngImagePlugin

MARKER = "SKJULTMAERKE7Q"
CPR = "010203-1234"
SECRET = f"{MARKER} {CPR}"
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
    + SECRET.encode()
    + b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def secrets_in(data: bytes) -> list[str]:
    """The forms of the secret found in data: as UTF-8 or UTF-16 text, the CPR number
    with or without its dash."""
    found = []
    for text in (MARKER, CPR, CPR.replace("-", "")):
        for encoding in ("utf-8", "utf-16-be", "utf-16-le"):
            if text.encode(encoding) in data:
                found.append(f"{text} ({encoding})")
    return found


def photo(width: int = 96, height: int = 64, mode: str = "RGB") -> Image.Image:
    """Four coloured quarters, so that a turned or mirrored copy can be told apart."""
    image = Image.new("RGB", (width, height))
    half_x, half_y = width // 2, height // 2
    for colour, box in (
        ((200, 30, 30), (0, 0, half_x, half_y)),
        ((30, 160, 40), (half_x, 0, width, half_y)),
        ((30, 60, 200), (0, half_y, half_x, height)),
        ((230, 210, 40), (half_x, half_y, width, height)),
    ):
        image.paste(colour, box)
    return image.convert(mode)


def encoded(image: Image.Image, form: str, **options: object) -> bytes:
    output = io.BytesIO()
    image.save(output, form, **options)
    return output.getvalue()


def exif(orientation: int | None = None) -> Image.Exif:
    """A camera's EXIF: photographer, a description naming a child by CPR number,
    copyright and the GPS position where the picture was taken."""
    block = Image.Exif()
    block[ExifTags.Base.Artist] = f"Fotograf {MARKER}"
    block[ExifTags.Base.ImageDescription] = f"Barn med CPR {CPR}"
    block[ExifTags.Base.Copyright] = MARKER
    if orientation is not None:
        block[ExifTags.Base.Orientation] = orientation
    gps = block.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (55.0, 40.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (12.0, 28.0, 1.25)
    return block


def srgb_profile() -> bytes:
    profile: bytes = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile


# --- JPEG ----------------------------------------------------------------------------------


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def after_start(jpeg: bytes, *segments: bytes) -> bytes:
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def without_app0(jpeg: bytes) -> bytes:
    assert jpeg[2:4] == b"\xff\xe0"
    (length,) = struct.unpack(">H", jpeg[4:6])
    return jpeg[:2] + jpeg[4 + length :]


def iptc(text: str) -> bytes:
    """Photoshop's APP13 with an IPTC caption (2:120)."""
    record = b"\x1c\x02\x78" + struct.pack(">H", len(text.encode())) + text.encode()
    return b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0" + struct.pack(">I", len(record)) + record


def jpeg(image: Image.Image | None = None, **options: object) -> bytes:
    return encoded(image or photo(), "JPEG", quality=90, **options)


def jfif_with_thumbnail() -> bytes:
    """JFIF header whose thumbnail pixels spell the secret."""
    pixels = MARKER.encode().ljust(15, b"_")  # five RGB pixels
    return segment(0xE0, b"JFIF\0\x01\x02\x00\x00\x01\x00\x01" + bytes((5, 1)) + pixels)


def comment_between_scans() -> bytes:
    progressive = jpeg(progressive=True)
    second_scan = progressive.index(b"\xff\xda", progressive.index(b"\xff\xda") + 2)
    return progressive[:second_scan] + segment(0xFE, SECRET.encode()) + progressive[second_scan:]


def stray_bytes_between_segments() -> bytes:
    made = jpeg()
    tables = made.index(b"\xff\xdb")
    return made[:tables] + b"\0\0" + SECRET.encode() + made[tables:]


JPEG_HIDING_PLACES: dict[str, Callable[[], bytes]] = {
    "EXIF: photographer, CPR in the description, copyright, GPS": lambda: jpeg(exif=exif()),
    "XMP packet (APP1)": lambda: jpeg(xmp=XMP),
    "IPTC caption (APP13)": lambda: after_start(jpeg(), segment(0xED, iptc(SECRET))),
    "comment (COM)": lambda: jpeg(comment=SECRET.encode()),
    "comment between the scans of a progressive JPEG": comment_between_scans,
    "private segments APP3, APP9, APP15": lambda: after_start(
        jpeg(), *(segment(marker, b"PRIV\0" + SECRET.encode()) for marker in (0xE3, 0xE9, 0xEF))
    ),
    "JFIF thumbnail (APP0)": lambda: after_start(without_app0(jpeg()), jfif_with_thumbnail()),
    "JFXX extension (APP0)": lambda: after_start(
        jpeg(), segment(0xE0, b"JFXX\0\x13" + SECRET.encode())
    ),
    "multi-picture index (APP2 MPF) and a second picture after the end": lambda: (
        after_start(jpeg(), segment(0xE2, b"MPF\0" + SECRET.encode()))
        + jpeg(photo(8, 8), exif=exif())
    ),
    "bytes after the end marker": lambda: jpeg() + SECRET.encode(),
    "stray bytes between segments": stray_bytes_between_segments,
    "EXIF in a camera's JPEG without a JFIF header": lambda: without_app0(jpeg(exif=exif())),
    "EXIF in a greyscale JPEG": lambda: jpeg(photo(mode="L"), exif=exif()),
    "EXIF in a CMYK JPEG (Adobe APP14)": lambda: jpeg(photo(mode="CMYK"), exif=exif()),
    "EXIF and XMP beside a colour profile (APP2 ICC)": lambda: jpeg(
        exif=exif(), xmp=XMP, icc_profile=srgb_profile()
    ),
}


def rgb_coded_jpeg() -> bytes:
    """A JPEG stored as RGB rather than YCbCr (Adobe's flag 0, no JFIF header), with EXIF."""
    return jpeg(exif=exif(), keep_rgb=True)


def jpeg_with_everything(image: Image.Image | None = None, orientation: int | None = None) -> bytes:
    made = jpeg(
        image, exif=exif(orientation), xmp=XMP, comment=SECRET.encode(), icc_profile=srgb_profile()
    )
    return (
        after_start(
            made,
            segment(0xED, iptc(SECRET)),
            segment(0xE5, SECRET.encode()),
            segment(0xE0, b"JFXX\0\x13" + SECRET.encode()),
        )
        + SECRET.encode()
    )


# --- PNG -----------------------------------------------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, body) of each chunk of a PNG, up to and with IEND."""
    found, position = [], 8
    while position < len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        found.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
        if kind == b"IEND":
            break
    return found


def rebuilt(
    data: bytes,
    *,
    before_pixels: tuple[bytes, ...] = (),
    after_pixels: tuple[bytes, ...] = (),
    pixels: bytes | None = None,
    tail: bytes = b"",
) -> bytes:
    """A PNG with chunks added before and after its pixels, its pixel stream replaced."""
    chunks = png_chunks(data)
    stream = b"".join(body for kind, body in chunks if kind == b"IDAT")
    head = [chunk(kind, body) for kind, body in chunks if kind not in (b"IDAT", b"IEND")]
    return (
        data[:8]
        + b"".join(head)
        + b"".join(before_pixels)
        + chunk(b"IDAT", stream if pixels is None else pixels)
        + b"".join(after_pixels)
        + chunk(b"IEND", b"")
        + tail
    )


def png(image: Image.Image | None = None, **options: object) -> bytes:
    return encoded(image or photo(80, 48), "PNG", **options)


def texts(*, compressed: bool = False, international: bool = False) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    if international:
        info.add_itxt(
            "Description", f"Beskrivelse {SECRET}", lang="da", tkey="Beskrivelse", zip=compressed
        )
    else:
        info.add_text("Author", SECRET, zip=compressed)
    return info


def stream_with_more_rows() -> bytes:
    """The pixel stream stored uncompressed with rows of secret after the picture's own."""
    data = png()
    raw = zlib.decompress(b"".join(body for kind, body in png_chunks(data) if kind == b"IDAT"))
    return rebuilt(data, pixels=zlib.compress(raw + SECRET.encode() * 20, 0))


def stream_with_bytes_after_it() -> bytes:
    data = png()
    stream = b"".join(body for kind, body in png_chunks(data) if kind == b"IDAT")
    return rebuilt(data, pixels=stream + SECRET.encode())


PNG_HIDING_PLACES: dict[str, Callable[[], bytes]] = {
    "tEXt": lambda: png(pnginfo=texts()),
    "zTXt": lambda: rebuilt(
        png(),
        before_pixels=(chunk(b"zTXt", b"Comment\0\0" + zlib.compress(SECRET.encode() * 3, 0)),),
    ),
    "iTXt": lambda: png(pnginfo=texts(international=True)),
    "iTXt, compressed": lambda: rebuilt(
        png(),
        before_pixels=(
            chunk(b"iTXt", b"Comment\0\x01\0da\0Kommentar\0" + zlib.compress(SECRET.encode(), 0)),
        ),
    ),
    "eXIf with GPS": lambda: png(exif=exif()),
    "tIME and tEXt after the pixels": lambda: rebuilt(
        png(),
        after_pixels=(
            chunk(b"tIME", struct.pack(">HBBBBB", 2024, 4, 2, 9, 30, 0)),
            chunk(b"tEXt", b"Author\0" + SECRET.encode()),
        ),
    ),
    "private ancillary chunks": lambda: rebuilt(
        png(), before_pixels=(chunk(b"prVt", SECRET.encode()), chunk(b"teST", SECRET.encode()))
    ),
    "suggested palette name (sPLT)": lambda: rebuilt(
        png(), before_pixels=(chunk(b"sPLT", SECRET.encode() + b"\0\x08" + bytes(6)),)
    ),
    "colour profile name (iCCP)": lambda: rebuilt(
        png(),
        before_pixels=(chunk(b"iCCP", MARKER.encode() + b"\0\0" + zlib.compress(srgb_profile())),),
    ),
    "bytes after IEND": lambda: png() + SECRET.encode(),
    "bytes after the pixel stream inside IDAT": stream_with_bytes_after_it,
    "rows beyond the picture inside the pixel stream": stream_with_more_rows,
    "tEXt in a palette PNG with transparency": lambda: png(
        photo(80, 48).convert("P"), pnginfo=texts(), transparency=0
    ),
    "tEXt in an interlaced 16-bit greyscale PNG": lambda: png(
        photo(80, 48).convert("I").point(lambda value: value * 200).convert("I;16"),
        pnginfo=texts(),
        interlace=1,
    ),
    "tEXt in a PNG with an alpha channel": lambda: png(photo(80, 48, "RGBA"), pnginfo=texts()),
}


def png_with_everything(image: Image.Image | None = None) -> bytes:
    made = png(image, pnginfo=texts(), exif=exif())
    stream = b"".join(body for kind, body in png_chunks(made) if kind == b"IDAT")
    return rebuilt(
        made,
        before_pixels=(
            chunk(b"iTXt", b"Comment\0\0\0da\0Kommentar\0" + SECRET.encode()),
            chunk(b"prVt", SECRET.encode()),
            chunk(b"iCCP", MARKER.encode() + b"\0\0" + zlib.compress(srgb_profile())),
        ),
        after_pixels=(chunk(b"tEXt", b"Author\0" + SECRET.encode()),),
        pixels=stream + SECRET.encode(),
        tail=SECRET.encode(),
    )


# --- damaged pictures ------------------------------------------------------------------------


def small_png() -> bytes:
    return png(photo(16, 12))


def small_jpeg() -> bytes:
    return jpeg(photo(16, 12))


def png_header(width: int, height: int, depth: int = 8, colour: int = 2) -> bytes:
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))


def rgb_rows(width: int, height: int, filter_type: int = 0) -> bytes:
    return b"".join(bytes((filter_type,)) + b"\x10\x20\x30" * width for _ in range(height))


def png_of(header: bytes, stream: bytes) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def flipped(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x55
    return bytes(changed)


def with_frame(data: bytes, frame: bytes) -> bytes:
    """A JPEG whose frame header (SOF0: precision, height, width) is replaced."""
    at = data.index(b"\xff\xc0") + 4
    return data[:at] + frame + data[at + len(frame) :]


def animated(form: str) -> bytes:
    frames = [photo(16, 12), photo(16, 12).transpose(Image.Transpose.ROTATE_180)]
    return encoded(frames[0], form, save_all=True, append_images=frames[1:], duration=200)


def garbage(length: int) -> bytes:
    return bytes((index * 37 + 11) % 251 for index in range(length))


# name → (file name, its bytes, words the message must hold)
DAMAGED: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "PNG cut off halfway": (
        "foto.png",
        lambda: small_png()[: len(small_png()) // 2],
        "ufuldstændigt",
    ),
    "PNG cut off before IEND": ("foto.png", lambda: small_png()[:-12], "ufuldstændigt"),
    "PNG signature only": ("foto.png", lambda: b"\x89PNG\r\n\x1a\n", "ødelagt"),
    "PNG signature and garbage": (
        "foto.png",
        lambda: b"\x89PNG\r\n\x1a\n" + garbage(400),
        "ødelagt",
    ),
    "PNG with a wrong checksum": (
        "foto.png",
        lambda: flipped(small_png(), small_png().index(b"IDAT") + 6),
        "kontrolsum",
    ),
    "PNG whose pixel stream is not zlib": (
        "foto.png",
        lambda: png_of(png_header(4, 4), b"ikke komprimeret"),
        "ødelagt",
    ),
    "PNG whose pixel stream is short": (
        "foto.png",
        lambda: png_of(png_header(4, 4), zlib.compress(rgb_rows(4, 2))),
        "ødelagt",
    ),
    "PNG with an unknown row filter": (
        "foto.png",
        lambda: png_of(png_header(4, 4), zlib.compress(rgb_rows(4, 4, filter_type=9))),
        "ødelagt",
    ),
    "PNG with an impossible bit depth": (
        "foto.png",
        lambda: png_of(png_header(4, 4, depth=3), zlib.compress(rgb_rows(4, 4))),
        "ødelagt",
    ),
    "palette PNG without a palette": (
        "foto.png",
        lambda: png_of(png_header(4, 4, colour=3), zlib.compress(bytes(20))),
        "ødelagt",
    ),
    "PNG with an unknown critical chunk": (
        "foto.png",
        lambda: rebuilt(small_png(), before_pixels=(chunk(b"HIDE", b"x"),)),
        "ødelagt",
    ),
    "PNG of 0 × 0 pixels": (
        "foto.png",
        lambda: png_of(png_header(0, 0), zlib.compress(b"")),
        "ingen pixel (0 × 0)",
    ),
    "PNG declaring 100000 × 100000 pixels": (
        "foto.png",
        lambda: png_of(png_header(100_000, 100_000), zlib.compress(rgb_rows(4, 4))),
        "grænsen er 50 megapixel",
    ),
    "a real PNG of 56 megapixels": (
        "foto.png",
        lambda: png(Image.new("L", (8000, 7000))),
        "grænsen er 50 megapixel",
    ),
    "animated PNG": ("foto.png", lambda: animated("PNG"), "animeret"),
    "animated GIF named .png": ("foto.png", lambda: animated("GIF"), "men et GIF-billede"),
    "WebP named .jpg": ("foto.jpg", lambda: encoded(photo(16, 12), "WEBP"), "men et WebP-billede"),
    "HEIC from an iPhone named .jpg": (
        "foto.jpg",
        lambda: b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + garbage(100),
        "men et HEIC-billede",
    ),
    "JPEG start marker only": ("foto.jpg", lambda: b"\xff\xd8\xff", "ødelagt"),
    "JPEG start and end markers only": ("foto.jpg", lambda: b"\xff\xd8\xff\xd9", "ødelagt"),
    "JPEG start marker and garbage": (
        "foto.jpg",
        lambda: b"\xff\xd8\xff" + garbage(400),
        "ødelagt",
    ),
    "JPEG cut off in its pixel data": ("foto.jpg", lambda: small_jpeg()[:-40], "ufuldstændigt"),
    "JPEG cut off right after its scan header": (
        "foto.jpg",
        lambda: small_jpeg()[: small_jpeg().index(b"\xff\xda") + 14],
        "ufuldstændigt",
    ),
    "JPEG of 0 × 0 pixels": (
        "foto.jpg",
        lambda: with_frame(small_jpeg(), b"\x08\0\0\0\0"),
        "ingen pixel (0 × 0)",
    ),
    "JPEG declaring 65535 × 65535 pixels": (
        "foto.jpg",
        lambda: with_frame(small_jpeg(), b"\x08\xff\xff\xff\xff"),
        "grænsen er 50 megapixel",
    ),
    "12-bit JPEG": ("foto.jpg", lambda: with_frame(small_jpeg(), b"\x0c"), "særlig slags JPEG"),
    "lossless JPEG (SOF3)": (
        "foto.jpg",
        lambda: small_jpeg().replace(b"\xff\xc0", b"\xff\xc3", 1),
        "særlig slags JPEG",
    ),
}
