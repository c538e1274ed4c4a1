"""The Markdown subset of entry texts renders to safe HTML (parsed once into the memo's
model, `memo.body`, then written by the HTML writer)."""

from __future__ import annotations

from trivselreport.memo.body import parse_body
from trivselreport.writers.html.body import body_html


def render_markdown(text: str) -> str:
    return str(body_html(parse_body(text)))


def test_paragraphs_bold_italic_and_links() -> None:
    html = render_markdown("Et **vigtigt** og *nyt* tiltag.\n\nSe [siden](https://example.dk).")
    assert html == (
        "<p>Et <strong>vigtigt</strong> og <em>nyt</em> tiltag.</p>\n"
        '<p>Se <a href="https://example.dk">siden</a>.</p>\n'
    )


def test_dash_lists_get_bullets_and_plus_lists_get_arrows() -> None:
    html = render_markdown("- første\n- anden\n\n+ Tilhør\n+ Tempo og pauser\n")
    assert "<ul>\n<li>første</li>" in html
    assert '<ul class="pile">\n<li>Tilhør</li>' in html


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown('<script>alert(1)</script> <img src="file:///etc/passwd">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_images_are_not_recognised_and_unsafe_links_are_not_made() -> None:
    html = render_markdown("![foto](file:///etc/passwd) [klik](javascript:alert(1))")
    assert "<img" not in html
    assert "href" not in html


def test_headings_in_entry_text_are_sub_headings_below_the_sections() -> None:
    assert render_markdown("# Overskrift") == "<h3>Overskrift</h3>\n"
    assert render_markdown("## Overskrift\n\nTekst.\n\n### Under") == (
        "<h3>Overskrift</h3>\n<p>Tekst.</p>\n<h4>Under</h4>\n"
    )
