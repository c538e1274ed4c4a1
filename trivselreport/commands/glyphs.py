"""The project's texts that hold characters the memo's PDF cannot draw (`writers.fonts`).

`check` looks at every text a project publishes, `build` at the texts of the memo it
builds as PDF: the config's published texts, the entries' texts and the introduction(s).
The findings are warnings: the PDF is still right but for an empty box.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.fields.declarations import CONFIG_FIELDS, ENTRY_FIELDS
from trivselreport.reading.fields.spec import Kind
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.yamlread import read_mapping
from trivselreport.reading.privacy.publication import UNPUBLISHED_CONFIG_KEYS
from trivselreport.writers.fonts.coverage import missing_glyphs
from trivselreport.writers.fonts.uncovered import TEXT_KINDS, mapping_problems, text_problems

# An entry's names (type, themes, section) are the config's, and looked at there.
_ENTRY_KINDS = frozenset({Kind.TEXT, Kind.TEXTS, Kind.MARKDOWN})


def glyph_problems(
    config: Config, entries: Iterable[Entry], introductions: Iterable[tuple[Path, str]]
) -> list[Problem]:
    """Warnings for the config, `entries` and `introductions` (path and text)."""
    problems = [*config_glyph_problems(config), *entry_glyph_problems(entries, config.root)]
    for path, text in introductions:
        problems += text_problems(path, text, first_line=1, field=None, markdown=True)
    return list(dict.fromkeys(problems))


def config_glyph_problems(config: Config) -> list[Problem]:
    """The config's published texts (its lists of forbidden words are not published)."""
    try:
        real = inside_project(config.path, config.root, "Konfigurationen")
        mapping = read_mapping(config.path, source=real)
    except UserError:
        return []  # the config was read a moment ago; what went wrong is reported elsewhere
    return mapping_problems(
        config.path, mapping, CONFIG_FIELDS, TEXT_KINDS, UNPUBLISHED_CONFIG_KEYS
    )


def entry_glyph_problems(entries: Iterable[Entry], root: Path) -> list[Problem]:
    """The entries' texts; a file is read again only when one of its texts needs it."""
    problems: list[Problem] = []
    for entry in entries:
        if not _may_miss(entry):
            continue
        try:
            real = inside_project(entry.path, root, "Indslaget")
            mapping = read_mapping(entry.path, source=real)
        except UserError:
            continue  # read a moment ago; what went wrong is reported elsewhere
        problems += mapping_problems(entry.path, mapping, ENTRY_FIELDS, _ENTRY_KINDS, frozenset())
    return problems


def _may_miss(entry: Entry) -> bool:
    texts = [entry.title, entry.text, entry.responsible or ""]
    texts += [picture.caption or "" for picture in entry.pictures]
    # An entity (&#9742;) spells a character the file does not hold as such.
    return "&" in entry.text or any(missing_glyphs(text) for text in texts)
