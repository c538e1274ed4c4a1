"""The spelling advice in the entry form of `trivselreport serve`: shown beside the title
and the text (never stopping a save), and the button "Tilføj til ordlisten", which
posts the form to /ordliste/tilfoej, adds the word as `check --tilføj-ord` does and
shows the form again with everything typed in it. Needs the real Danish dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from trivselreport.memo.writing import spelling

from .conftest import write_entry
from .formclient import fingerprint, forms_client, page

TEXT = "Alle kan biddrage til kommunnen."
FORM = {"titel": "Kursus", "type": "kursus", "dato": "2024-04-15", "tekst": TEXT}


@pytest.fixture(autouse=True)
def dictionary() -> None:
    assert spelling.load_dictionary() is not None, "run scripts/install-system-packages"


def advice_text(html: str, key: str) -> str:
    found = [e for e in page(html).elements if e.attrs.get("id") == f"raad-{key}"]
    return " ".join(found[0].text.split()) if found else ""


def word_buttons(html: str) -> list[tuple[str, str]]:
    return [
        (element.attrs["formaction"], element.attrs["value"])
        for element in page(html).elements
        if element.tag == "button" and element.attrs.get("name") == "ord"
    ]


def test_the_preview_shows_each_unknown_word_beside_the_text(small_project: Path) -> None:
    response = forms_client(small_project).post(
        "/indslag/nyt", {**FORM, "handling": "forhaandsvis"}
    )
    assert response.status_code == 200
    shown = advice_text(response.text, "tekst")
    assert "»biddrage« er måske stavet forkert – mente du »bidrage«?" in shown
    assert "»kommunnen«" in shown
    assert word_buttons(response.text) == [
        ("/ordliste/tilfoej", "biddrage"),
        ("/ordliste/tilfoej", "kommunnen"),
    ]
    assert advice_text(response.text, "titel") == ""


def test_advice_never_stops_a_save(small_project: Path) -> None:
    response = forms_client(small_project).post("/indslag/nyt", FORM)
    assert response.status_code == 303


def test_the_edit_form_shows_the_advice_of_the_file(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus om kommunnen\ntype: kursus\ndato: 2024-04-15\ntekst: Fint.\n",
    )
    response = forms_client(small_project).get("/indslag/ret", fil="entries/a.yaml")
    assert "»kommunnen«" in advice_text(response.text, "titel")
    assert advice_text(response.text, "tekst") == ""


def test_the_button_adds_the_word_and_keeps_what_was_typed(small_project: Path) -> None:
    client = forms_client(small_project)
    response = client.post("/ordliste/tilfoej", {**FORM, "ord": "biddrage"})
    assert response.status_code == 200
    assert "»biddrage« er tilføjet til ordliste.txt." in response.text
    assert page(response.text).value("tekst") == TEXT
    assert word_buttons(response.text) == [("/ordliste/tilfoej", "kommunnen")]
    listed = (small_project / "ordliste.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in listed if not line.startswith("#")] == ["biddrage"]
    again = client.post("/ordliste/tilfoej", {**FORM, "ord": "biddrage"})
    assert "»biddrage« står allerede i ordliste.txt." in again.text
    assert (small_project / "ordliste.txt").read_text(encoding="utf-8").splitlines() == listed


def test_the_button_in_the_edit_form_keeps_the_file_being_edited(small_project: Path) -> None:
    write_entry(
        small_project, "a.yaml", f"titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: {TEXT}\n"
    )
    client = forms_client(small_project)
    opened = client.get("/indslag/ret", fil="entries/a.yaml")
    data = {
        **FORM,
        "fil": "entries/a.yaml",
        "fingeraftryk": fingerprint(opened.text),
        "ord": "kommunnen",
    }
    response = client.post("/ordliste/tilfoej", data)
    assert response.status_code == 200
    parsed = page(response.text)
    assert parsed.value("fil") == "entries/a.yaml"
    assert parsed.value("fingeraftryk") == fingerprint(opened.text)
    assert word_buttons(response.text) == [("/ordliste/tilfoej", "biddrage")]


def test_adding_a_word_needs_the_servers_token(small_project: Path) -> None:
    response = forms_client(small_project).post(
        "/ordliste/tilfoej", {**FORM, "ord": "biddrage"}, token=False
    )
    assert response.status_code == 403
    assert not (small_project / "ordliste.txt").exists()


def test_adding_a_word_from_another_origin_is_refused(small_project: Path) -> None:
    client = forms_client(small_project)
    response = client.client.post(
        "/ordliste/tilfoej",
        data={**FORM, "ord": "biddrage", "csrf": client.token},
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert not (small_project / "ordliste.txt").exists()
