"""The new-entry form of `trivselreport serve`, over HTTP (Starlette's TestClient).

The form's fields are named after the entry's keys; what it accepts and refuses, and
with which words, is what `new` and `check` accept and refuse; what it writes is
byte for byte what `new` writes; every POST needs the server's CSRF token.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app as cli_app
from trivselreport.commands.authoring import parse_user_date

from .conftest import write_entry
from .formclient import (
    CPR,
    MASKED_CPR,
    check,
    entry_files,
    field_errors,
    forms_client,
    page,
    summary_texts,
)

ENTRY_KEYS = (
    "titel",
    "type",
    "dato",
    "slutdato",
    "temaer",
    "sektion",
    "ansvarlig",
    "deltagere",
    "intern",
    "kladde",
    "tekst",
)
VALID = {"titel": "Kursus i trivsel", "type": "kursus", "dato": "2024-04-15", "tekst": "En tekst."}


def new_entry(project: Path, data: dict[str, Any], *, token: bool = True) -> Any:
    return forms_client(project).post("/indslag/nyt", data, token=token)


# --- the form ------------------------------------------------------------------------------


def test_every_field_is_named_after_its_entry_key_and_labelled(small_project: Path) -> None:
    response = forms_client(small_project).get("/indslag/nyt")
    assert response.status_code == 200
    parsed = page(response.text)
    labels = {e.attrs["for"] for e in parsed.elements if e.tag == "label" and "for" in e.attrs}
    for key in ENTRY_KEYS:
        fields = parsed.named(key)
        assert fields, key
        for element in fields:
            assert element.attrs["id"] in labels, key
            described = element.attrs.get("aria-describedby", "")
            assert f"hjaelp-{key}" in described or key == "temaer", key
            parsed.by_id(f"hjaelp-{key}")
    assert [e.attrs["name"] for e in parsed.elements if e.attrs.get("type") == "hidden"] == ["csrf"]


def test_types_themes_and_sections_are_the_configured_choices(small_project: Path) -> None:
    parsed = page(forms_client(small_project).get("/indslag/nyt").text)
    types = [o.attrs["value"] for o in parsed.options(parsed.named("type")[0])]
    assert types == ["", "program", "arrangement", "kursus", "møde"]
    themes = [e.attrs["value"] for e in parsed.named("temaer")]
    assert themes == [
        "Tilhør",
        "Tempo og pauser",
        "Hvordan forstår vi sundhed i et trivselsperspektiv?",
    ]
    assert all(e.attrs["type"] == "checkbox" for e in parsed.named("temaer"))
    sections = [o.attrs["value"] for o in parsed.options(parsed.named("sektion")[0])]
    assert sections == ["", "Programmet", "Arrangementer", "Kurser", "Møder"]


def test_dates_are_date_pickers_and_the_date_starts_as_today(small_project: Path) -> None:
    from datetime import date

    parsed = page(forms_client(small_project).get("/indslag/nyt").text)
    assert parsed.named("dato")[0].attrs["type"] == "date"
    assert parsed.named("slutdato")[0].attrs["type"] == "date"
    assert parsed.value("dato") == date.today().isoformat()


# --- writing a new entry ---------------------------------------------------------------------


def test_a_valid_entry_is_written_and_check_accepts_it(small_project: Path) -> None:
    response = new_entry(
        small_project,
        {
            **VALID,
            "slutdato": "2024-04-16",
            "temaer": ["Tilhør", "Tempo og pauser"],
            "sektion": "Møder",
            "ansvarlig": "Skoleafdelingen",
            "deltagere": "1.250",
            "intern": "ja",
            "tekst": "Første afsnit.\r\n\r\n- et punkt\r\n- et til",
        },
    )
    assert response.status_code == 303
    [written] = entry_files(small_project)
    assert written.relative_to(small_project).as_posix() == (
        "entries/2024/2024-04-15-kursus-i-trivsel.yaml"
    )
    assert response.headers["location"] == (
        "/indslag/gemt?fil=entries/2024/2024-04-15-kursus-i-trivsel.yaml"
    )
    code, output = check(small_project)
    assert code == 0, output
    text = written.read_text(encoding="utf-8")
    assert 'sektion: "Møder"' in text and "deltagere: 1250" in text and "intern: ja" in text
    confirmation = forms_client(small_project).get(response.headers["location"])
    assert "entries/2024/2024-04-15-kursus-i-trivsel.yaml" in confirmation.text


@pytest.mark.parametrize(
    ("form", "options"),
    [
        (VALID, ["--type", "kursus", "--titel", "Kursus i trivsel", "--dato", "2024-04-15"]),
        (
            {
                "titel": '  Møde  om "trivsel": 2. del ',
                "type": "møde",
                "dato": "1.3.2024",
                "slutdato": "02-03-2024",
                "temaer": ["Hvordan forstår vi sundhed i et trivselsperspektiv?"],
                "ansvarlig": "PPR",
                "deltagere": "12",
                "tekst": "  Indrykket linje\n\n* stjerne\n1. tal\n",
            },
            [
                "--type",
                "møde",
                "--titel",
                '  Møde  om "trivsel": 2. del ',
                "--dato",
                "1.3.2024",
                "--slutdato",
                "02-03-2024",
                "--tema",
                "Hvordan forstår vi sundhed i et trivselsperspektiv?",
                "--ansvarlig",
                "PPR",
                "--deltagere",
                "12",
            ],
        ),
    ],
)
def test_the_file_is_byte_for_byte_what_new_writes(
    small_project: Path, tmp_path: Path, form: dict[str, Any], options: list[str]
) -> None:
    other = tmp_path / "med-new"
    shutil.copytree(small_project, other)
    assert new_entry(small_project, form).status_code == 303
    result = CliRunner().invoke(
        cli_app,
        ["new", "--project", str(other), "--no-input", *options, "--tekst", form["tekst"]],
    )
    assert result.exit_code == 0, result.output
    [by_form] = entry_files(small_project)
    [by_new] = entry_files(other)
    assert by_form.relative_to(small_project) == by_new.relative_to(other)
    assert by_form.read_bytes() == by_new.read_bytes()


@pytest.mark.parametrize("typed", ["15.4.2024", "15-04-2024", "15/4/2024", "2024-04-15"])
def test_danish_day_first_dates_are_accepted(small_project: Path, typed: str) -> None:
    assert new_entry(small_project, {**VALID, "dato": typed}).status_code == 303
    [written] = entry_files(small_project)
    assert "dato: 2024-04-15\n" in written.read_text(encoding="utf-8")


def test_an_existing_file_is_never_replaced(small_project: Path) -> None:
    first = new_entry(small_project, VALID)
    second = new_entry(small_project, {**VALID, "tekst": "En anden tekst."})
    assert first.status_code == second.status_code == 303
    assert [path.name for path in entry_files(small_project)] == [
        "2024-04-15-kursus-i-trivsel-2.yaml",
        "2024-04-15-kursus-i-trivsel.yaml",
    ]
    assert second.headers["location"].endswith("kursus-i-trivsel-2.yaml")


def test_two_forms_posted_at_once_give_two_files(small_project: Path) -> None:
    barrier = threading.Barrier(4)
    answers: list[int] = []

    def post(number: int) -> None:
        client = forms_client(small_project)
        barrier.wait()
        answers.append(
            client.post("/indslag/nyt", {**VALID, "tekst": f"Tekst nummer {number}."}).status_code
        )

    threads = [threading.Thread(target=post, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [303] * 4
    files = entry_files(small_project)
    assert len(files) == 4
    texts = {path.read_text(encoding="utf-8").splitlines()[-1].strip() for path in files}
    assert texts == {f"Tekst nummer {number}." for number in range(4)}
    assert check(small_project)[0] == 0


# --- refusals --------------------------------------------------------------------------------


def refused(project: Path, data: dict[str, Any]) -> str:
    response = new_entry(project, data)
    assert response.status_code == 422
    assert entry_files(project) == []
    return str(response.text)


@pytest.mark.parametrize("field", ["tekst", "titel", "ansvarlig"])
def test_a_cpr_number_is_refused_with_the_masked_message_and_nothing_written(
    small_project: Path, field: str
) -> None:
    html = refused(small_project, {**VALID, field: f"Barnet har nummer {CPR} i sagen."})
    message = f"Teksten indeholder noget, der ligner et CPR-nummer ({MASKED_CPR})."
    assert message in field_errors(html, field)
    assert any(message in text for text in summary_texts(html))
    # The number itself is only in the field, where the user typed it.
    assert html.count(CPR) == 1
    assert page(html).value(field) == f"Barnet har nummer {CPR} i sagen."


def test_a_cpr_number_is_refused_also_in_an_internal_entry_and_beside_other_errors(
    small_project: Path,
) -> None:
    html = refused(small_project, {**VALID, "intern": "ja", "type": "", "tekst": f"CPR {CPR}"})
    assert MASKED_CPR in field_errors(html, "tekst")
    assert field_errors(html, "type") == "Fejl: Feltet »type« mangler. Vælg en af typerne."


def test_a_phone_number_is_refused_in_a_public_entry_and_allowed_in_an_internal_one(
    small_project: Path,
) -> None:
    html = refused(small_project, {**VALID, "tekst": "Ring på 33 12 34 56."})
    assert "ligner et telefonnummer" in field_errors(html, "tekst")
    assert (
        new_entry(
            small_project, {**VALID, "intern": "ja", "tekst": "Ring på 33 12 34 56."}
        ).status_code
        == 303
    )


def test_an_unknown_type_is_refused_with_checks_message(small_project: Path) -> None:
    html = refused(small_project, {**VALID, "type": "kurus"})
    write_entry(
        small_project,
        "2024/fil.yaml",
        "titel: x\ntype: kurus\ndato: 2024-04-15\ntekst: y\n",
    )
    _, output = check(small_project)
    assert "»kurus« er ikke en af typerne." in output and "Mente du »kursus«?" in output
    assert field_errors(html, "type") == "Fejl: »kurus« er ikke en af typerne. Mente du »kursus«?"


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        ({"dato": "31.2.2024"}, "dato", "Datoen »31.2.2024« findes ikke i kalenderen."),
        ({"dato": "i overmorgen"}, "dato", "»i overmorgen« er ikke en dato."),
        ({"dato": "15.4.2204"}, "dato", "Året 2204 i »15.4.2204« er ikke rimeligt"),
        (
            {"slutdato": "14.4.2024"},
            "slutdato",
            "Slutdatoen 2024-04-14 ligger før datoen 2024-04-15.",
        ),
        ({"deltagere": "mange"}, "deltagere", "»deltagere« skal være et helt tal"),
        ({"deltagere": "-3"}, "deltagere", "»deltagere« må ikke være mindre end 0"),
        ({"temaer": ["Tilhor"]}, "temaer", "»Tilhor« er ikke et af temaerne. Mente du »Tilhør«?"),
        ({"sektion": "Møde"}, "sektion", "»Møde« er ikke en af sektionernes overskrifter."),
        ({"intern": "måske"}, "intern", "»intern« skal være ja eller nej"),
        ({"kladde": "måske"}, "kladde", "»kladde« skal være ja eller nej"),
        ({"titel": "   "}, "titel", "Titlen må ikke være tom."),
        ({"tekst": "\n \n"}, "tekst", "Teksten må ikke være tom."),
        ({"dato": ""}, "dato", "Feltet »dato« mangler."),
    ],
)
def test_each_value_is_refused_beside_its_field_and_the_input_stays(
    small_project: Path, data: dict[str, Any], key: str, message: str
) -> None:
    html = refused(small_project, {**VALID, **data})
    assert message in field_errors(html, key)
    parsed = page(html)
    described = parsed.by_id(f"felt-{key}").attrs
    if key != "temaer":
        assert f"fejl-{key}" in described["aria-describedby"]
        assert described["aria-invalid"] == "true"
    assert parsed.value("titel") == (data.get("titel", VALID["titel"]))
    for name, typed in data.items():
        if name in ("temaer", "intern", "kladde") or (name == "dato" and typed == ""):
            continue
        shown = parsed.value(name)
        if name in ("dato", "slutdato") and parsed.named(name)[0].attrs["type"] == "date":
            assert shown == parse_user_date(typed).isoformat()  # the picker holds ISO dates
        else:
            assert shown.strip() == str(typed).strip(), name


def test_every_problem_is_in_the_summary_with_a_link_to_its_field(small_project: Path) -> None:
    html = refused(
        small_project, {"titel": "", "type": "", "dato": "", "deltagere": "mange", "tekst": ""}
    )
    parsed = page(html)
    summary = parsed.by_id("fejlopsummering")
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    links = [
        e.attrs["href"] for e in parsed.elements if e.attrs.get("href", "").startswith("#felt-")
    ]
    # In the order of the fields, whichever rule found the problem first.
    assert links == ["#felt-titel", "#felt-type", "#felt-dato", "#felt-deltagere", "#felt-tekst"]
    for link in links:
        parsed.by_id(link.removeprefix("#"))


def test_a_date_the_picker_cannot_hold_comes_back_as_text(small_project: Path) -> None:
    html = refused(small_project, {**VALID, "dato": "32.4.2024", "slutdato": "16.4.2024"})
    parsed = page(html)
    assert parsed.named("dato")[0].attrs["type"] == "text"
    assert parsed.value("dato") == "32.4.2024"
    assert parsed.named("slutdato")[0].attrs["type"] == "date"
    assert parsed.value("slutdato") == "2024-04-16"


def test_an_unknown_value_stays_selected_after_a_refusal(small_project: Path) -> None:
    parsed = page(refused(small_project, {**VALID, "type": "kurus", "temaer": ["Andet"]}))
    assert parsed.value("type") == "kurus"
    checked = [e.attrs["value"] for e in parsed.named("temaer") if "checked" in e.attrs]
    assert checked == ["Andet"]


def test_raw_html_typed_in_a_field_is_never_markup(small_project: Path) -> None:
    html = refused(small_project, {**VALID, "titel": "<script>alert(1)</script>", "type": ""})
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- the CSRF token --------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "forkert"])
def test_a_post_without_the_right_token_is_refused_and_writes_nothing(
    small_project: Path, token: str | None
) -> None:
    client = forms_client(small_project)
    data = dict(VALID) if token is None else {**VALID, "csrf": token}
    response = client.client.post("/indslag/nyt", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "sikkerhedsnøgle" in response.text
    assert entry_files(small_project) == []


@pytest.mark.parametrize(
    "url", ["/indslag/nyt", "/indslag/ret", "/indledning/ret", "/tekst/forhaandsvisning"]
)
def test_every_post_needs_the_token(small_project: Path, url: str) -> None:
    response = forms_client(small_project).post(url, {"tekst": "x"}, token=False)
    assert response.status_code == 403


def test_a_cross_origin_post_is_refused_even_with_the_token(small_project: Path) -> None:
    client = forms_client(small_project)
    response = client.client.post(
        "/indslag/nyt",
        data={**VALID, "csrf": client.token},
        headers={"Origin": "http://example.org"},
    )
    assert response.status_code == 403
    assert entry_files(small_project) == []


# --- the Markdown preview --------------------------------------------------------------------


def test_the_preview_is_the_memos_html_with_raw_html_escaped(small_project: Path) -> None:
    client = forms_client(small_project)
    response = client.client.post(
        "/tekst/forhaandsvisning",
        data={"tekst": "Et **fedt** ord <img src=x onerror=alert(1)>\n\n+ pil"},
        headers={"X-CSRF-Token": client.token},
    )
    assert response.status_code == 200
    assert "<strong>fedt</strong>" in response.text
    assert "<img" not in response.text and "&lt;img" in response.text
    assert '<ul class="pile">' in response.text


def test_without_javascript_the_button_shows_the_preview_and_saves_nothing(
    small_project: Path,
) -> None:
    response = new_entry(small_project, {**VALID, "tekst": "*kursiv*", "handling": "forhaandsvis"})
    assert response.status_code == 200
    assert "<em>kursiv</em>" in response.text
    assert entry_files(small_project) == []
    assert page(response.text).value("tekst") == "*kursiv*"


def test_a_broken_config_is_shown_in_checks_words(small_project: Path) -> None:
    (small_project / "trivselreport.yaml").write_text("organisation: x\n", encoding="utf-8")
    response = forms_client(small_project).get("/indslag/nyt")
    assert response.status_code == 409
    assert "Feltet »titel« mangler." in response.text


def test_the_preview_takes_the_token_from_the_form_too(small_project: Path) -> None:
    response = forms_client(small_project).post("/tekst/forhaandsvisning", {"tekst": "*a*"})
    assert response.status_code == 200
    assert response.text.strip() == "<p><em>a</em></p>"
