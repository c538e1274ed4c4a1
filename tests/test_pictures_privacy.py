"""Pictures carry no hidden data into any published document, stand upright, and a
damaged picture is a Danish message on its »fil« field in `check` and `build`.

What is published of a picture is its clean copy
(trivselreport.reading.pictures.publish.publishable): only what draws the picture, the
compressed pixels copied as they are. The hiding places and damaged files are made in
tests/hidden_data.py.
"""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageOps, ImageStat
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo
from trivselreport.errors import UserError
from trivselreport.reading.config import load_config
from trivselreport.reading.entries import load_entries
from trivselreport.reading.pictures.fault import PictureFault
from trivselreport.reading.pictures.field import inspect_picture, picture_type
from trivselreport.reading.pictures.publish import publish_all, publishable

from .conftest import write_entry
from .hidden_data import (
    DAMAGED,
    JPEG_HIDING_PLACES,
    PNG_HIDING_PLACES,
    exif,
    jpeg,
    jpeg_with_everything,
    photo,
    png,
    png_chunks,
    png_with_everything,
    rgb_coded_jpeg,
    secrets_in,
    without_app0,
)

MONTH = PeriodChoice(month="2024-04")
# What a published picture may still say about itself: how to draw it, nothing else.
SAFE_PNG_CHUNKS = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"iCCP",
    b"sBIT",
    b"pHYs",
    b"bKGD",
    b"cICP",
}
SAFE_JPEG_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "icc_profile",
    "adobe",
    "adobe_transform",
    "progressive",
    "progression",
}


def assert_only_the_picture(data: bytes) -> None:
    """A published picture: no secret in any form, and no metadata Pillow can find."""
    assert secrets_in(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {}
        if image.format == "PNG":
            assert {kind for kind, _ in png_chunks(data)} <= SAFE_PNG_CHUNKS
            assert image.text == {}  # type: ignore[attr-defined]
        else:
            assert image.format == "JPEG"
            # python-docx knows a JPEG only by a JFIF (or EXIF) header after the start.
            assert data[6:11] == b"JFIF\0"
            assert set(image.info) <= SAFE_JPEG_INFO, set(image.info)
            kept = {(marker, body[:12]) for marker, body in image.applist}  # type: ignore[attr-defined]
            assert all(marker in ("APP0", "APP2", "APP14") for marker, _ in kept), kept
            assert all(
                body.startswith((b"JFIF\0", b"ICC_PROFILE\0", b"Adobe")) for _, body in kept
            ), kept


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


# --- each hiding place, one at a time --------------------------------------------------------


# The original's malformed multi-picture index makes Pillow warn when it reads the original.
@pytest.mark.filterwarnings("ignore:Image appears to be a malformed MPO file")
@pytest.mark.parametrize("place", sorted({**JPEG_HIDING_PLACES, **PNG_HIDING_PLACES}))
def test_each_hiding_place_is_emptied_and_the_pixels_stay_the_same(place: str) -> None:
    original = {**JPEG_HIDING_PLACES, **PNG_HIDING_PLACES}[place]()
    media_type = picture_type(original)
    assert media_type is not None
    assert secrets_in(original), "the picture really hides the secret"

    published = publishable(original, media_type)

    assert_only_the_picture(published)
    assert pixels(published) == pixels(original)  # lossless: the same compressed pixels


def test_an_rgb_coded_jpeg_is_encoded_again_as_a_common_one_with_the_same_colours() -> None:
    original = rgb_coded_jpeg()
    published = publishable(original, "image/jpeg")
    assert_only_the_picture(published)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(published)) as after:
        assert after.size == before.size
        assert mean_difference(after, before) < 2


def test_a_colour_profile_is_kept_so_colours_stay_right() -> None:
    original = JPEG_HIDING_PLACES["EXIF and XMP beside a colour profile (APP2 ICC)"]()
    with (
        Image.open(io.BytesIO(original)) as before,
        Image.open(io.BytesIO(publishable(original, "image/jpeg"))) as after,
    ):
        assert after.info["icc_profile"] == before.info["icc_profile"]


def test_a_clean_picture_is_published_as_it_is_apart_from_metadata() -> None:
    plain = jpeg()
    assert publishable(plain, "image/jpeg") == plain  # Pillow's own file holds nothing else
    assert publishable(publishable(plain, "image/jpeg"), "image/jpeg") == plain


# --- orientation -------------------------------------------------------------------------


def mean_difference(first: Image.Image, second: Image.Image) -> float:
    channels = ImageStat.Stat(
        ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
    ).mean
    return sum(channels) / len(channels)


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("form", ["JPEG", "PNG"])
def test_a_picture_the_camera_marked_as_turned_is_published_upright(
    form: str, orientation: int
) -> None:
    original = (
        jpeg(photo(96, 64), exif=exif(orientation))
        if form == "JPEG"
        else png(photo(96, 64), exif=exif(orientation))
    )
    with Image.open(io.BytesIO(original)) as image:
        upright = ImageOps.exif_transpose(image)  # what a viewer shows
    published = publishable(original, picture_type(original) or "")

    assert_only_the_picture(published)
    with Image.open(io.BytesIO(published)) as image:
        assert image.size == upright.size
        assert mean_difference(image, upright) < (3 if form == "JPEG" else 0.001)


def test_a_turned_jpeg_keeps_its_quality_and_about_its_size() -> None:
    original = jpeg(photo(640, 480), exif=exif(6))
    published = publishable(original, "image/jpeg")
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(published)) as after:
        assert after.quantization == before.quantization  # type: ignore[attr-defined]
    assert len(published) < 1.2 * len(original)


# --- the whole memo ----------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    result: BuildResult
    project: Path
    turned_source: bytes


FILE_NAME_WORD = "Navnesen"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """A memo whose entry shows three pictures full of hidden data, one marked as turned."""
    from .conftest import SMALL_CONFIG

    project = tmp_path_factory.mktemp("billeder") / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    folder = project / "entries"
    (folder / f"foto-{FILE_NAME_WORD}.jpg").write_bytes(jpeg_with_everything(photo(96, 64)))
    (folder / "tegning.png").write_bytes(png_with_everything(photo(80, 48, "RGBA")))
    turned = jpeg_with_everything(photo(120, 72), orientation=6)
    (folder / "drejet.jpg").write_bytes(turned)
    write_entry(
        project,
        "a.yaml",
        f"""\
        titel: Temadag
        type: arrangement
        dato: 2024-04-02
        tekst: Tekst.
        billeder:
          - fil: foto-{FILE_NAME_WORD}.jpg
            alt: Elever ved temadagen
          - fil: tegning.png
            alt: En tegning
            tekst: Tegnet af en elev
          - fil: drejet.jpg
            alt: Et billede taget på højkant
        """,
    )
    return Published(build_memo(project, MONTH), project, turned)


@dataclass(frozen=True)
class PdfImage:
    size: tuple[int, int]
    filter: str
    raw: bytes  # the stream's data as stored: for a JPEG, the JPEG file itself


def pdf_images(path: Path) -> list[PdfImage]:
    """The pictures drawn in a PDF (not the transparency masks that go with some)."""
    with pikepdf.open(path) as pdf:
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        masks = {stream.SMask.objgen for stream in streams if "/SMask" in stream}
        return [
            PdfImage(
                (int(stream.Width), int(stream.Height)),
                str(stream.get("/Filter")),
                stream.read_raw_bytes(),
            )
            for stream in streams
            if stream.get("/Subtype") == "/Image" and stream.objgen not in masks
        ]


@pytest.mark.pdf
def test_the_sources_do_hold_the_secrets(published: Published) -> None:
    for path in (published.project / "entries").iterdir():
        if path.suffix in (".png", ".jpg"):
            assert secrets_in(path.read_bytes()), path


@pytest.mark.pdf
def test_no_secret_anywhere_in_the_pdf(published: Published) -> None:
    assert secrets_in(published.result.pdf_path.read_bytes()) == []
    with pikepdf.open(published.result.pdf_path) as pdf:
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        for stream in streams:
            assert secrets_in(stream.read_raw_bytes()) == [], stream.objgen
            if stream.get("/Filter") != "/DCTDecode":  # a JPEG is checked as the file it is
                assert secrets_in(stream.read_bytes()) == [], stream.objgen
    images = pdf_images(published.result.pdf_path)
    jpegs = [image for image in images if image.filter == "/DCTDecode"]
    assert len(jpegs) == 2 and len(images) == 3
    for image in jpegs:  # WeasyPrint embeds a JPEG as the file it was given
        assert_only_the_picture(image.raw)
    # The turned one stands upright.
    assert sorted(image.size for image in images) == [(72, 120), (80, 48), (96, 64)]


@pytest.mark.pdf
def test_no_secret_anywhere_in_the_docx(published: Published) -> None:
    with zipfile.ZipFile(published.result.docx_path) as package:
        for name in package.namelist():
            assert secrets_in(package.read(name)) == [], name
            assert FILE_NAME_WORD.encode() not in package.read(name), name
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert len(media) == 3
        sizes = []
        for name in media:
            assert_only_the_picture(package.read(name))
            sizes.append(pixels(package.read(name))[1])
    assert sorted(sizes) == [(72, 120), (80, 48), (96, 64)]


@pytest.mark.pdf
def test_no_secret_anywhere_in_the_word_html(published: Published) -> None:
    html = published.result.html_path.read_bytes()
    assert secrets_in(html) == []
    assert FILE_NAME_WORD.encode() not in html
    uris = re.findall(rb'src="data:(image/[a-z]+);base64,([A-Za-z0-9+/=]+)"', html)
    assert len(uris) == 3
    sizes = []
    for media_type, encoded in uris:
        data = base64.b64decode(encoded)
        assert picture_type(data) == media_type.decode()
        assert_only_the_picture(data)
        sizes.append(pixels(data)[1])
    assert sorted(sizes) == [(72, 120), (80, 48), (96, 64)]


@pytest.mark.pdf
def test_the_turned_picture_looks_the_same_in_every_format(published: Published) -> None:
    with Image.open(io.BytesIO(published.turned_source)) as image:
        upright = ImageOps.exif_transpose(image)
    html = published.result.html_path.read_bytes()
    in_html = [
        base64.b64decode(data)
        for data in re.findall(rb'src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"', html)
    ]
    with zipfile.ZipFile(published.result.docx_path) as package:
        in_docx = [
            package.read(name)
            for name in package.namelist()
            if name.startswith("word/media/") and name.endswith(".jpg")
        ]
    in_pdf = [
        image.raw for image in pdf_images(published.result.pdf_path) if image.filter == "/DCTDecode"
    ]
    for copies in (in_html, in_docx, in_pdf):
        turned = [data for data in copies if pixels(data)[1] == (72, 120)]
        assert len(turned) == 1
        with Image.open(io.BytesIO(turned[0])) as image:
            assert mean_difference(image, upright) < 3
    assert (
        len(
            {
                *(data for data in in_html if pixels(data)[1] == (72, 120)),
                *(data for data in in_docx if pixels(data)[1] == (72, 120)),
            }
        )
        == 1
    )


@pytest.mark.pdf
def test_a_memo_with_pictures_is_byte_identical_when_built_again(published: Published) -> None:
    first = {name: path.read_bytes() for name, path in published.result.files.items()}
    again = build_memo(published.project, MONTH)
    assert {name: path.read_bytes() for name, path in again.files.items()} == first


def test_the_docx_takes_jpegs_of_every_kind(small_project: Path) -> None:
    folder = small_project / "entries"
    kinds = {
        "kamera.jpg": without_app0(jpeg(exif=exif())),
        "rgb.jpg": rgb_coded_jpeg(),
        "cmyk.jpg": JPEG_HIDING_PLACES["EXIF in a CMYK JPEG (Adobe APP14)"](),
        "graa.jpg": JPEG_HIDING_PLACES["EXIF in a greyscale JPEG"](),
    }
    for name, data in kinds.items():
        (folder / name).write_bytes(data)
    write_entry(
        small_project,
        "a.yaml",
        "titel: T\ntype: arrangement\ndato: 2024-04-02\n"
        "tekst: x\nbilleder:\n" + "".join(f"  - fil: {name}\n    alt: Billede\n" for name in kinds),
    )
    result = build_memo(small_project, MONTH, formats=("docx",))
    with zipfile.ZipFile(result.docx_path) as package:
        media = [
            package.read(name) for name in package.namelist() if name.startswith("word/media/")
        ]
    assert len(media) == len(kinds)
    for data in media:
        assert_only_the_picture(data)


@pytest.mark.pdf
def test_a_picture_in_the_projects_templates_is_published_clean(small_project: Path) -> None:
    (small_project / "templates").mkdir()
    logo = small_project / "templates" / "logo.jpg"
    logo.write_bytes(jpeg_with_everything(photo(40, 20)))
    (small_project / "templates" / "lokal.css").write_text(
        f'.organisation::before {{ content: url("{logo.as_uri()}"); }}\n', encoding="utf-8"
    )
    write_entry(
        small_project, "a.yaml", "titel: T\ntype: arrangement\ndato: 2024-04-02\ntekst: x\n"
    )
    result = build_memo(small_project, MONTH, formats=("pdf",))
    images = pdf_images(result.pdf_path)
    assert len(images) == 1
    assert_only_the_picture(images[0].raw)
    assert secrets_in(result.pdf_path.read_bytes()) == []

    logo.write_bytes(jpeg()[:-30])
    with pytest.raises(UserError) as caught:
        build_memo(small_project, MONTH, formats=("pdf",))
    [problem] = caught.value.problems
    assert problem.file == logo.resolve()
    assert "Billedet »logo.jpg« er ufuldstændigt" in problem.message


# --- damaged pictures ----------------------------------------------------------------------

runner = CliRunner()
ENTRY = """\
titel: Temadag
type: arrangement
dato: 2024-04-02
tekst: Tekst.
billeder:
  - fil: hel.png
    alt: Et helt billede
  - fil: {name}
    alt: Et billede
"""


@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_damaged_picture_is_a_danish_message_in_check_and_build(
    small_project: Path, case: str
) -> None:
    name, make, words = DAMAGED[case]
    (small_project / "entries" / "hel.png").write_bytes(png())
    (small_project / "entries" / name).write_bytes(make())
    (small_project / "entries" / "a.yaml").write_text(ENTRY.format(name=name), encoding="utf-8")

    checked = runner.invoke(app, ["check", "--format", "json", "--project", str(small_project)])
    assert checked.exit_code == 1, checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit)
    [problem] = [item for item in json.loads(checked.output) if item["level"] == "error"]
    assert (problem["file"], problem["line"], problem["field"]) == (
        "entries/a.yaml",
        8,
        "billeder[2].fil",
    )
    assert problem["message"].startswith(f"Billedet »{name}« ") or problem["message"].startswith(
        f"»{name}« er ikke et PNG- eller JPEG-billede"
    )
    assert words in problem["message"], problem["message"]
    assert problem["hint"]

    built = runner.invoke(app, ["build", "--period", "2024-04", "--project", str(small_project)])
    assert built.exit_code == 1, built.output
    assert isinstance(built.exception, SystemExit), built.output
    assert words in built.output and "billeder[2].fil" in built.output
    assert "Traceback" not in built.output
    assert not (small_project / "output").exists()


def test_a_picture_damaged_or_removed_after_it_was_read_stops_the_build(
    small_project: Path,
) -> None:
    picture = small_project / "entries" / "foto.jpg"
    picture.write_bytes(jpeg())
    write_entry(
        small_project,
        "a.yaml",
        "titel: T\ntype: arrangement\ndato: 2024-04-02\n"
        "tekst: x\nbilleder:\n  - fil: foto.jpg\n    alt: Et billede\n",
    )
    [entry] = load_entries(load_config(small_project))
    picture.write_bytes(jpeg()[:-30])
    with pytest.raises(UserError) as caught:
        publish_all(list(entry.pictures))
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (6, "billeder[1].fil")
    assert "ufuldstændigt" in problem.message

    picture.unlink()
    with pytest.raises(UserError) as caught:
        publish_all(list(entry.pictures))
    assert "findes ikke længere" in caught.value.problems[0].message


def test_every_damaged_picture_is_refused_by_the_publishing_step_too() -> None:
    for _name, make, words in DAMAGED.values():
        data = make()
        media_type = picture_type(data)
        if media_type is None:
            continue  # not a PNG or JPEG at all: refused by its first bytes
        with pytest.raises(PictureFault) as caught:
            publishable(data, media_type)
        assert words in caught.value.reason


def test_check_without_pictures_does_not_load_pillow(small_project: Path) -> None:
    write_entry(
        small_project, "a.yaml", "titel: T\ntype: arrangement\ndato: 2024-04-02\ntekst: x\n"
    )
    code = (
        "import sys; from typer.testing import CliRunner; from trivselreport.cli.app import app;"
        "result = CliRunner().invoke(app, ['check', '--project', sys.argv[1]]);"
        "print(result.exit_code, 'PIL' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(small_project)], capture_output=True, text=True, check=True
    )
    assert completed.stdout.split() == ["0", "False"]


# --- any damage at all: a message, never a traceback ------------------------------------------

SOUND = {
    "PNG": png(photo(24, 16)),
    "interlaced PNG": png(photo(24, 16), interlace=1),
    "JPEG": jpeg(photo(24, 16), exif=exif(6)),
    "progressive JPEG": jpeg(photo(24, 16), progressive=True),
}


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(SOUND)),
    cut=st.integers(0, 10_000),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 255)), max_size=4),
    inserted=st.binary(max_size=12),
    at=st.integers(0, 10_000),
)
def test_any_damage_to_a_picture_gives_a_message_or_a_clean_picture(
    kind: str, cut: int, flips: list[tuple[int, int]], inserted: bytes, at: int
) -> None:
    data = bytearray(SOUND[kind])
    for position, mask in flips:
        data[position % len(data)] ^= mask
    data[at % len(data) : at % len(data)] = inserted
    damaged = bytes(data[: max(3, len(data) - cut % len(data))])
    media_type = picture_type(damaged)
    if media_type is None:
        return  # the first bytes no longer say PNG or JPEG: refused by them
    for check in (
        lambda: inspect_picture(damaged, media_type, full=False),
        lambda: publishable(damaged, media_type),
    ):
        try:
            check()
        except PictureFault as fault:
            assert fault.reason and fault.hint
    try:
        published = publishable(damaged, media_type)
    except PictureFault:
        return
    assert_only_the_picture(published)
