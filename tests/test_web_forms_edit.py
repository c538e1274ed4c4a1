"""Correcting an entry and writing the introduction in a form, over HTTP.

Editing opens only entry files `check` reads, rewrites only that file, keeps every line
of what the form does not show (comments, pictures, unchanged fields as written), and
refuses without losing anything when the file changed on disk since it was opened.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from .conftest import write_entry
from .formclient import (
    CPR,
    MASKED_CPR,
    Forms,
    check,
    entry_files,
    field_errors,
    fingerprint,
    forms_client,
    page,
    summary_texts,
)

ENTRY = """\
# Skrevet i hånden: denne kommentar skal blive stående.
titel: "Forældremøde"   # kort titel
type: møde
dato: 2024-4-15
temaer: [Tilhør]
tekst: |
  Første afsnit.

  Andet afsnit.

# billedet herunder må ikke forsvinde
billeder:
  - fil: billede.png
    alt: "Forældre i gymnastiksalen"
    tekst: "Mødet i april"
"""
RELATIVE = "entries/2024/moede.yaml"


def png() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(stream, "PNG")
    return stream.getvalue()


@pytest.fixture
def edited(small_project: Path) -> Path:
    path = write_entry(small_project, "2024/moede.yaml", ENTRY)
    (path.parent / "billede.png").write_bytes(png())
    assert check(small_project)[0] == 0
    return path


def opened(client: Forms, relative: str = RELATIVE) -> tuple[dict[str, Any], str]:
    """The edit form's fields as the browser would post them, and its page."""
    response = client.get("/indslag/ret", fil=relative)
    assert response.status_code == 200, response.text
    parsed = page(response.text)
    data: dict[str, Any] = {
        key: parsed.value(key)
        for key in ("titel", "type", "dato", "slutdato", "sektion", "ansvarlig", "deltagere")
    }
    data["tekst"] = parsed.value("tekst")
    data["temaer"] = [e.attrs["value"] for e in parsed.named("temaer") if "checked" in e.attrs]
    for box in ("intern", "kladde"):
        if "checked" in parsed.named(box)[0].attrs:
            data[box] = "ja"
    data["fil"] = parsed.value("fil")
    data["fingeraftryk"] = fingerprint(response.text)
    return data, str(response.text)


def test_the_edit_form_is_filled_from_the_file(small_project: Path, edited: Path) -> None:
    data, html = opened(forms_client(small_project))
    assert data["titel"] == "Forældremøde"
    assert data["type"] == "møde"
    assert data["dato"] == "2024-04-15"  # the picker holds the ISO form of 2024-4-15
    assert data["temaer"] == ["Tilhør"]
    assert data["tekst"] == "Første afsnit.\n\nAndet afsnit.\n"
    assert data["fil"] == RELATIVE
    assert "feltet »billeder«" in html


def test_saving_unchanged_leaves_the_file_byte_for_byte(small_project: Path, edited: Path) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    before = edited.read_bytes()
    response = client.post("/indslag/ret", data)
    assert response.status_code == 303
    assert response.headers["location"] == f"/indslag/gemt?fil={RELATIVE}&rettet=ja"
    assert edited.read_bytes() == before


def test_editing_keeps_comments_pictures_and_unchanged_fields(
    small_project: Path, edited: Path
) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    data.update(
        titel="Forældremøde om trivsel",
        deltagere="40",
        temaer=["Tilhør", "Tempo og pauser"],
        tekst="Første afsnit.\n\nAndet afsnit, rettet.",
    )
    assert client.post("/indslag/ret", data).status_code == 303
    text = edited.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# Skrevet i hånden: denne kommentar skal blive stående."
    assert 'titel: "Forældremøde om trivsel"\n' in text
    assert "dato: 2024-4-15\n" in text  # unchanged: kept as written
    assert "type: møde\n" in text
    assert "# billedet herunder må ikke forsvinde\nbilleder:\n  - fil: billede.png\n" in text
    assert '    tekst: "Mødet i april"\n' in text
    assert "deltagere: 40\n" in text
    assert text.index("deltagere") < text.index("tekst: |")
    assert "  Andet afsnit, rettet.\n" in text
    assert check(small_project)[0] == 0
    assert [path.name for path in entry_files(small_project)] == ["moede.yaml"]


def test_clearing_a_field_removes_only_its_lines(small_project: Path, edited: Path) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    data["temaer"] = []
    assert client.post("/indslag/ret", data).status_code == 303
    text = edited.read_text(encoding="utf-8")
    assert "temaer" not in text
    assert text == ENTRY.replace("temaer: [Tilhør]\n", "")


def test_an_edit_check_refuses_writes_nothing_and_keeps_the_input(
    small_project: Path, edited: Path
) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    before = edited.read_bytes()
    data["tekst"] = f"Ny tekst med {CPR}."
    response = client.post("/indslag/ret", data)
    assert response.status_code == 422
    assert MASKED_CPR in field_errors(response.text, "tekst")
    assert page(response.text).value("tekst") == f"Ny tekst med {CPR}."
    assert edited.read_bytes() == before


def test_a_problem_in_a_field_the_form_does_not_show_is_named_in_the_summary(
    small_project: Path, edited: Path
) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    (edited.parent / "billede.png").unlink()
    data["titel"] = "Ny titel"
    before = edited.read_bytes()
    response = client.post("/indslag/ret", data)
    assert response.status_code == 422
    [problem] = summary_texts(response.text)
    assert "billede.png" in problem and "billeder[1].fil" in problem
    assert edited.read_bytes() == before


def test_a_file_changed_on_disk_is_refused_and_the_text_stays(
    small_project: Path, edited: Path
) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    changed = ENTRY.replace("Andet afsnit.", "Andet afsnit, rettet af en kollega.")
    edited.write_text(changed, encoding="utf-8")
    data["tekst"] = "Min egen lange tekst, som ikke må gå tabt."
    response = client.post("/indslag/ret", data)
    assert response.status_code == 409
    assert edited.read_text(encoding="utf-8") == changed
    assert page(response.text).value("tekst") == "Min egen lange tekst, som ikke må gå tabt."
    assert any(
        "ændret, siden du åbnede formularen" in text for text in summary_texts(response.text)
    )
    # Sending the same form again is refused again: the colleague's change is never lost.
    assert client.post("/indslag/ret", data).status_code == 409
    assert edited.read_text(encoding="utf-8") == changed


def test_a_file_removed_since_it_was_opened_is_not_written_again(
    small_project: Path, edited: Path
) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    edited.unlink()
    response = client.post("/indslag/ret", data)
    assert response.status_code in (404, 409)
    assert not edited.exists()


def test_an_entry_with_wrong_values_opens_and_saving_gives_checks_message(
    small_project: Path,
) -> None:
    write_entry(
        small_project,
        "2024/forkert.yaml",
        "titel: x\ntype: kurus\ndato: 2024-04-15\ntemaer: [Andet]\ntekst: y\n",
    )
    client = forms_client(small_project)
    data, _ = opened(client, "entries/2024/forkert.yaml")
    assert data["type"] == "kurus" and data["temaer"] == ["Andet"]
    response = client.post("/indslag/ret", data)
    assert response.status_code == 422
    assert "»kurus« er ikke en af typerne." in field_errors(response.text, "type")
    assert "»Andet« er ikke et af temaerne." in field_errors(response.text, "temaer")


def test_an_entry_through_a_link_inside_the_project_is_written_where_it_is(
    small_project: Path,
) -> None:
    archive = small_project / "arkiv"
    archive.mkdir()
    real = archive / "moede.yaml"
    real.write_text(ENTRY.split("# billedet")[0], encoding="utf-8")
    (small_project / "entries" / "arkiv").symlink_to(archive)
    client = forms_client(small_project)
    data, _ = opened(client, "entries/arkiv/moede.yaml")
    data["titel"] = "Gennem genvejen"
    assert client.post("/indslag/ret", data).status_code == 303
    assert (small_project / "entries" / "arkiv").is_symlink()
    assert 'titel: "Gennem genvejen"' in real.read_text(encoding="utf-8")
    assert sorted(path.name for path in archive.iterdir()) == ["moede.yaml"]


def test_a_second_name_for_the_same_file_is_not_an_entry_of_its_own(
    small_project: Path, edited: Path
) -> None:
    (small_project / "entries" / "genvej.yaml").symlink_to(edited)
    client = forms_client(small_project)
    assert client.get("/indslag/ret", fil="entries/genvej.yaml").status_code == 404
    assert client.get("/indslag/ret", fil=RELATIVE).status_code == 200


@pytest.mark.parametrize(
    "wanted",
    [
        "../trivselreport.yaml",
        "entries/../trivselreport.yaml",
        "entries/2024/../../trivselreport.yaml",
        "trivselreport.yaml",
        "/etc/passwd",
        "//etc/passwd",
        "entries\\2024\\moede.yaml",
        "entries/2024/noter.md",
        "entries/2024/.skjult.yaml",
        "entries/2024/moede.yaml~",
        "entries/2024",
        "entries/ude.yaml",
        "entries/udemappe/hemmelig.yaml",
        "entries/2024/findes-ikke.yaml",
        "entries/2024/moede.yaml\x00.png",
        "",
    ],
)
def test_only_entry_files_check_reads_can_be_opened_or_written(
    small_project: Path, edited: Path, tmp_path: Path, wanted: str
) -> None:
    outside = tmp_path / "udenfor"
    outside.mkdir()
    secret = outside / "hemmelig.yaml"
    secret.write_text(ENTRY.replace("Forældremøde", "HEMMELIGT"), encoding="utf-8")
    (small_project / "entries" / "ude.yaml").symlink_to(secret)
    (small_project / "entries" / "udemappe").symlink_to(outside)
    (edited.parent / "noter.md").write_text("titel: noter\n", encoding="utf-8")
    (edited.parent / ".skjult.yaml").write_text(ENTRY, encoding="utf-8")
    (edited.parent / "moede.yaml~").write_text(ENTRY, encoding="utf-8")
    client = forms_client(small_project)
    response = client.get("/indslag/ret", fil=wanted)
    assert response.status_code == 404
    assert "HEMMELIGT" not in response.text and 'name="tekst"' not in response.text
    data, _ = opened(client)
    before = {path: path.read_bytes() for path in (secret, small_project / "trivselreport.yaml")}
    response = client.post("/indslag/ret", {**data, "fil": wanted, "titel": "Overskrevet"})
    assert response.status_code == 404
    assert {path: path.read_bytes() for path in before} == before
    assert client.get("/indslag/gemt", fil=wanted).status_code == 404


# --- the introduction ------------------------------------------------------------------------

MEMOS = """
memoer:
  - periode: "2024-01"
  - periode: "2024-04"
"""


@pytest.fixture
def with_memos(small_project: Path) -> Path:
    config = small_project / "trivselreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + MEMOS, encoding="utf-8")
    return small_project


def intro(client: Forms, **params: str) -> tuple[dict[str, str], str]:
    response = client.get("/indledning/ret", **params)
    assert response.status_code == 200, response.text
    parsed = page(response.text)
    data = {key: parsed.value(key) for key in ("periode", "fingeraftryk", "tekst")}
    return data, str(response.text)


def test_the_introduction_is_the_most_recent_memos_by_default(with_memos: Path) -> None:
    data, html = intro(forms_client(with_memos))
    assert data["periode"] == "2024-04"
    assert data["fingeraftryk"] == "" and data["tekst"] == ""
    assert "indledninger/2024-04.md" in html


def test_a_new_introduction_is_written_and_check_accepts_it(with_memos: Path) -> None:
    client = forms_client(with_memos)
    data, _ = intro(client, periode="2024-01")
    data["tekst"] = "Indledningen til januar.\r\n\r\n- et punkt"
    response = client.post("/indledning/ret", data)
    assert response.status_code == 303
    assert response.headers["location"] == "/indledning/ret?periode=2024-01&gemt=ja"
    written = with_memos / "indledninger" / "2024-01.md"
    assert written.read_text(encoding="utf-8") == "Indledningen til januar.\n\n- et punkt\n"
    assert check(with_memos)[0] == 0
    again, html = intro(client, periode="2024-01", gemt="ja")
    assert again["tekst"] == written.read_text(encoding="utf-8")
    assert "Indledningen er gemt i" in html


def test_the_file_the_memo_names_is_the_one_edited(small_project: Path) -> None:
    config = small_project / "trivselreport.yaml"
    (small_project / "tekster").mkdir()
    named = small_project / "tekster" / "april.md"
    named.write_text("Den gamle indledning.\n", encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\nmemoer:\n  - periode: "2024-04"\n    indledning: "tekster/april.md"\n',
        encoding="utf-8",
    )
    client = forms_client(small_project)
    data, _ = intro(client)
    assert data["tekst"] == "Den gamle indledning.\n"
    data["tekst"] = "Den nye indledning."
    assert client.post("/indledning/ret", data).status_code == 303
    assert named.read_text(encoding="utf-8") == "Den nye indledning.\n"
    assert not (small_project / "indledninger").exists()


def test_an_introduction_with_a_cpr_number_is_refused_in_checks_words(with_memos: Path) -> None:
    client = forms_client(with_memos)
    data, _ = intro(client)
    data["tekst"] = f"Første linje.\n\nSagen om {CPR}."
    response = client.post("/indledning/ret", data)
    assert response.status_code == 422
    errors = field_errors(response.text, "tekst")
    assert "Linje 3: Teksten indeholder noget, der ligner et CPR-nummer (150312-****)." in errors
    assert page(response.text).value("tekst") == data["tekst"]
    assert not (with_memos / "indledninger").exists()


def test_an_empty_introduction_is_refused(with_memos: Path) -> None:
    client = forms_client(with_memos)
    data, _ = intro(client)
    response = client.post("/indledning/ret", {**data, "tekst": " \n "})
    assert response.status_code == 422
    assert "Indledningen er tom." in field_errors(response.text, "tekst")


def test_an_introduction_changed_on_disk_is_refused_and_the_text_stays(with_memos: Path) -> None:
    folder = with_memos / "indledninger"
    folder.mkdir()
    path = folder / "2024-04.md"
    path.write_text("Først.\n", encoding="utf-8")
    client = forms_client(with_memos)
    data, _ = intro(client)
    path.write_text("En kollegas udgave.\n", encoding="utf-8")
    response = client.post("/indledning/ret", {**data, "tekst": "Min udgave."})
    assert response.status_code == 409
    assert path.read_text(encoding="utf-8") == "En kollegas udgave.\n"
    assert page(response.text).value("tekst") == "Min udgave."


def test_an_introduction_made_meanwhile_is_not_replaced(with_memos: Path) -> None:
    client = forms_client(with_memos)
    data, _ = intro(client)
    folder = with_memos / "indledninger"
    folder.mkdir()
    (folder / "2024-04.md").write_text("En kollega var først.\n", encoding="utf-8")
    response = client.post("/indledning/ret", {**data, "tekst": "Min udgave."})
    assert response.status_code == 409
    assert (folder / "2024-04.md").read_text(encoding="utf-8") == "En kollega var først.\n"


@pytest.mark.parametrize(
    "period", ["../trivselreport", "2024-13", "2024-04/../../x", "/etc/passwd", "april"]
)
def test_a_period_that_is_not_a_month_is_refused(with_memos: Path, period: str) -> None:
    client = forms_client(with_memos)
    assert client.get("/indledning/ret", periode=period).status_code == 400
    response = client.post("/indledning/ret", {"periode": period, "fingeraftryk": "", "tekst": "x"})
    assert response.status_code == 400
    assert sorted(path.name for path in with_memos.iterdir()) == ["entries", "trivselreport.yaml"]


def test_an_introductions_folder_leading_out_of_the_project_is_refused(
    with_memos: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "ude"
    outside.mkdir()
    (with_memos / "indledninger").symlink_to(outside)
    client = forms_client(with_memos)
    response = client.get("/indledning/ret")
    assert response.status_code == 409
    assert "uden for projektmappen" in response.text
    response = client.post(
        "/indledning/ret", {"periode": "2024-04", "fingeraftryk": "", "tekst": "x"}
    )
    assert response.status_code == 409
    assert list(outside.iterdir()) == []


def test_a_script_may_name_the_file_and_the_period_in_the_address(
    small_project: Path, edited: Path, with_memos: Path
) -> None:
    client = forms_client(small_project)
    data, _ = opened(client)
    del data["fil"]
    data["titel"] = "Fra et script"
    assert client.post(f"/indslag/ret?fil={RELATIVE}", data).status_code == 303
    assert 'titel: "Fra et script"' in edited.read_text(encoding="utf-8")
    response = client.post(
        "/indledning/ret?periode=2024-01", {"fingeraftryk": "", "tekst": "Januar."}
    )
    assert response.status_code == 303
    assert (small_project / "indledninger" / "2024-01.md").read_text(encoding="utf-8") == (
        "Januar.\n"
    )


def test_the_introductions_preview_button_shows_the_text_and_writes_nothing(
    with_memos: Path,
) -> None:
    client = forms_client(with_memos)
    data, _ = intro(client)
    response = client.post(
        "/indledning/ret", {**data, "tekst": "Et **vigtigt** år.", "handling": "forhaandsvis"}
    )
    assert response.status_code == 200
    assert "<strong>vigtigt</strong>" in response.text
    assert page(response.text).value("tekst") == "Et **vigtigt** år."
    assert not (with_memos / "indledninger").exists()
