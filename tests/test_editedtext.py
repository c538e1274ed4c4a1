"""`commands/editedtext.edited_text`: the text an edit writes, key by key.

A shown key is replaced only when its meaning changed, removed when the form left it
empty, added after the shown key before it; every other line stays as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trivselreport.commands.authoring import EntryDraft, entry_yaml
from trivselreport.commands.editedtext import edited_text
from trivselreport.reading.files.yamlread import Scalar, Sequence, parse_mapping

THEMES = ("Tilhør", "Tempo og pauser", "Fritid: i samspil")
LINE = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20
)


def meaning(text: str) -> dict[str, object]:
    values = parse_mapping(Path("-"), text).values
    result: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, Scalar):
            result[key] = value.text.strip() if key == "tekst" else " ".join(value.text.split())
        elif isinstance(value, Sequence):
            result[key] = [item.text for item in value.items if isinstance(item, Scalar)]
        else:
            result[key] = value
    return result


@st.composite
def drafts(draw: st.DrawFn) -> EntryDraft:
    start = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    return EntryDraft(
        type=draw(st.sampled_from(["kursus", "møde", "program"])),
        title=draw(LINE.filter(lambda text: bool(text.split()))),
        start=start,
        end=draw(st.none() | st.just(start)),
        themes=draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=3)),
        section=draw(st.none() | st.just("Møder")),
        responsible=draw(st.none() | LINE.filter(lambda text: bool(text.split()))),
        participants=draw(st.none() | st.integers(0, 5000)),
        internal=draw(st.booleans()),
        text=draw(
            st.lists(LINE, min_size=1, max_size=4)
            .map("\n".join)
            .filter(lambda text: bool(text.strip()))
        ),
    )


KEPT = "# en kommentar øverst\n"
PICTURES = '# billederne\nbilleder:\n  - fil: a.png\n    alt: "Et billede"\n'


@settings(max_examples=150, deadline=None)
@given(drafts(), drafts())
def test_an_edit_means_the_new_draft_and_keeps_every_other_line(
    before: EntryDraft, after: EntryDraft
) -> None:
    original = KEPT + entry_yaml(before) + PICTURES
    edited = edited_text(original, after)
    expected = meaning(entry_yaml(after))
    got = meaning(edited)
    assert {key: got[key] for key in got if key != "billeder"} == expected
    assert edited.startswith(KEPT)
    assert edited.endswith(PICTURES)


@settings(max_examples=50, deadline=None)
@given(drafts())
def test_an_unchanged_draft_changes_nothing(draft: EntryDraft) -> None:
    original = KEPT + entry_yaml(draft) + PICTURES
    assert edited_text(original, draft) == original


def test_a_field_written_another_way_with_the_same_meaning_is_kept_as_written() -> None:
    original = (
        "titel: Møde   # kommentar\ntype: 'møde'\ndato: 2024-4-5\ntemaer: Tilhør\n"
        "deltagere: 1.250\nintern: nej\ntekst: >\n  Et\n  afsnit.\n"
    )
    draft = EntryDraft(
        type="møde",
        title="Møde",
        start=date(2024, 4, 5),
        themes=["Tilhør"],
        participants=1250,
        text="Et afsnit.",
    )
    assert edited_text(original, draft) == original


def test_a_new_key_goes_after_the_shown_key_before_it() -> None:
    original = "titel: x\n# om typen\ntype: møde\ndato: 2024-04-05\ntekst: y\n"
    draft = EntryDraft(
        type="møde", title="x", start=date(2024, 4, 5), end=date(2024, 4, 6), text="y"
    )
    assert edited_text(original, draft) == (
        "titel: x\n# om typen\ntype: møde\ndato: 2024-04-05\nslutdato: 2024-04-06\ntekst: y\n"
    )


def test_a_mapping_in_braces_is_written_anew_with_its_other_keys() -> None:
    original = (
        "{titel: x, type: møde, dato: 2024-04-05, tekst: y, billeder: [{fil: a.png, alt: b}]}"
    )
    draft = EntryDraft(type="møde", title="z", start=date(2024, 4, 5), text="y")
    edited = edited_text(original, draft)
    assert meaning(edited) == {
        **meaning(entry_yaml(draft)),
        "billeder": meaning(original)["billeder"],
    }
    assert "a.png" in edited and parse_mapping(Path("-"), edited).values["billeder"]
