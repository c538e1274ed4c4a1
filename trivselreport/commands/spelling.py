"""`check`'s spelling help: every published text of the project, word by word.

The texts are the entries' titles and texts, the introductions (indledninger/*.md and
those `memoer` names) and the sections' leads (`sektioner: … indledning`); the config's
other published texts are names, and known words (`known_words`). A text is read as
published (`memo.writing.words`). A finding is writing advice (level "advice", kind
"stavning"): one per word and field, at the line of the file where the word first
stands, with up to three suggestions. When libenchant or the Danish dictionary is
missing, the check is not made and `SpellingReport.available` says so.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import regex

from trivselreport.commands.wordlist import WORD_LIST, read_word_list
from trivselreport.commands.writinghelp import picture_texts
from trivselreport.errors import Problem, UserError
from trivselreport.memo.writing import spelling
from trivselreport.memo.writing.spelling import KnownWords, Speller
from trivselreport.memo.writing.words import markdown_words, masked, plain_words
from trivselreport.reading.cache.suggestions import (
    dictionary_key,
    load_suggestions,
    save_suggestions,
)
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.textfile import read_text
from trivselreport.reading.files.yamlread import Mapping, Scalar, read_mapping
from trivselreport.reading.files.yamlread import Sequence as YamlSequence
from trivselreport.reading.markdown import MARKUP_CHARACTERS

KIND = "stavning"
UNAVAILABLE_NOTE = (
    "Stavekontrol er ikke mulig: den danske ordbog (hunspell-da) er ikke installeret, "
    "eller biblioteket libenchant mangler. Kør scripts/install-system-packages, eller "
    "installer pakkerne hunspell-da og libenchant-2-2."
)
# Characters that make a Markdown text read otherwise than typed (besides the markup
# characters: code between backticks, links).
_MARKDOWN_SIGNS = MARKUP_CHARACTERS | frozenset("`]<")


@dataclass(frozen=True)
class SpelledText:
    """One published text and where it stands: `line` is the line of its field's key
    (or 1 for a Markdown file), `before` the line its field ends before, when known."""

    file: Path
    field: str | None
    text: str
    line: int
    markdown: bool
    before: int | None = None


@dataclass(frozen=True)
class SpellingReport:
    problems: list[Problem]
    available: bool  # False: no dictionary, nothing was checked


def known_words(config: Config, listed: Iterable[str]) -> KnownWords:
    """The word list's words and the words of the config's names."""
    names = [
        *config.themes,
        *config.types,
        *config.section_headings,
        config.organisation,
        config.title_pattern,
        config.administration or "",
        config.department or "",
        config.prepared_by or "",
    ]
    return KnownWords.of(listed, names)


def project_speller(config: Config) -> tuple[Speller | None, list[Problem]]:
    """A speller with the project's words, or None without a dictionary; and a warning
    when ordliste.txt cannot be read (the check goes on without it)."""
    lookups = spelling.load_dictionary()
    if lookups is None:
        return None, []
    problems: list[Problem] = []
    try:
        listed = read_word_list(config.root)
    except UserError as error:
        listed = []
        problems = [
            Problem(p.file, p.message, p.line, p.field, p.hint, level="warning")
            for p in error.problems
        ]
    return Speller(lookups, known_words(config, listed)), problems


def spelling_report(
    config: Config,
    entries: Iterable[Entry],
    introductions: Iterable[tuple[Path, str]],
    *,
    with_config: bool = True,
    kept: bool = True,
) -> SpellingReport:
    """The spelling advice for `entries`, `introductions` (path and text) and, with
    `with_config`, the sections' leads. `kept`: the suggestions of earlier runs are
    used, and this run's kept (`reading.cache.suggestions`)."""
    speller, problems = project_speller(config)
    if speller is None:
        return SpellingReport([], available=False)
    texts = [*entry_texts(entries)]
    texts += [SpelledText(path, None, text, 1, markdown=True) for path, text in introductions]
    if with_config:
        texts += lead_texts(config)
    with kept_suggestions(config, speller, kept=kept):
        problems += spelled_problems(config, speller, texts)
    return SpellingReport(problems, available=True)


def spelled_problems(
    config: Config, speller: Speller, texts: Iterable[SpelledText]
) -> list[Problem]:
    """The spelling advice of `texts` with `speller`."""
    sources: dict[Path, list[str]] = {}
    problems: list[Problem] = []
    for text in texts:
        problems += text_problems(speller, text, root=config.root, sources=sources)
    return problems


@contextmanager
def kept_suggestions(config: Config, speller: Speller, *, kept: bool) -> Iterator[None]:
    """With `kept`: the suggestions of earlier runs known to `speller` before, and
    those it made kept after (`reading.cache.suggestions`)."""
    if not kept:
        yield
        return
    key = dictionary_key()
    before = load_suggestions(config.root, key)
    speller.lookups.remember(before)
    yield
    made = speller.lookups.made()
    now = {**before, **{word: made[word] for word in speller.asked if word in made}}
    if now != before:
        save_suggestions(config.root, key, now)


def misspelt_count(
    config: Config, entries: Iterable[Entry], introductions: Iterable[tuple[Path, str]]
) -> int | None:
    """How many findings `spelling_report` would give (a word once per field), without
    the slow suggestions: for the line after `build`. None without a dictionary."""
    speller, _ = project_speller(config)
    if speller is None:
        return None
    texts = [*entry_texts(entries), *lead_texts(config)]
    texts += [SpelledText(path, None, text, 1, markdown=True) for path, text in introductions]
    return sum(len(misspelt_words(speller, text.text, markdown=text.markdown)) for text in texts)


def entry_texts(entries: Iterable[Entry]) -> list[SpelledText]:
    texts: list[SpelledText] = []
    for entry in entries:
        lines = sorted(line for _, line in entry.key_lines)
        for key, text, markdown in (("titel", entry.title, False), ("tekst", entry.text, True)):
            line = entry.line_of(key)
            if line is not None and text:
                after = [other for other in lines if other > line]
                texts.append(
                    SpelledText(entry.path, key, text, line, markdown, after[0] if after else None)
                )
        for picture, field, text in picture_texts(entry):  # read aloud or shown under it
            if picture.line is not None:
                texts.append(SpelledText(entry.path, field, text, picture.line, markdown=False))
    return texts


def lead_texts(config: Config) -> list[SpelledText]:
    """The sections' leads, with the lines the config file gives them."""
    try:
        real = inside_project(config.path, config.root, "Konfigurationen")
        mapping = read_mapping(config.path, source=real)
    except UserError:
        return []  # read a moment ago; what went wrong is reported elsewhere
    sections = mapping.values.get("sektioner")
    if not isinstance(sections, YamlSequence):
        return []
    items = [item for item in sections.items if isinstance(item, Mapping)]
    ends = sorted({*mapping.key_lines.values(), *(item.line for item in items)})
    texts: list[SpelledText] = []
    for index, item in enumerate(items, start=1):
        lead = item.values.get("indledning")
        if not isinstance(lead, Scalar) or lead.is_null or not lead.text.strip():
            continue
        line = item.key_lines.get("indledning", lead.line)
        after = [other for other in (*ends, *item.key_lines.values()) if other > line]
        texts.append(
            SpelledText(
                config.path,
                f"sektioner[{index}].indledning",
                lead.text,
                line,
                markdown=True,
                before=min(after) if after else None,
            )
        )
    return texts


def text_problems(
    speller: Speller,
    text: SpelledText,
    *,
    root: Path,
    sources: dict[Path, list[str]] | None = None,
) -> list[Problem]:
    """One piece of advice per misspelt word of `text` (a file of the project `root`;
    `sources` keeps the lines of the files read to find a word's line)."""
    found = misspelt_words(speller, text.text, markdown=text.markdown)
    if not found:
        return []
    lines = _source_lines(text.file, root, sources if sources is not None else {})
    return [
        Problem(
            text.file,
            advice_message(word, speller.suggestions(word), count),
            line=_line_of(word, text, lines),
            field=text.field,
            hint=_hint(word),
            level="advice",
            kind=KIND,
        )
        for word, count in found.items()
    ]


def misspelt_words(speller: Speller, text: str, *, markdown: bool) -> Counter[str]:
    """The misspelt words of `text`, each with how often it stands there, in order."""
    found: Counter[str] = Counter()
    for word in _words(text, markdown):
        unknown = speller.unknown_parts(word)
        if unknown:  # almost every word is known: Counter.update costs more than the check
            found.update(unknown)
    return found


@dataclass(frozen=True)
class FieldAdvice:
    """A misspelt word of a form's field, as the serve form shows it."""

    key: str
    word: str
    text: str  # the message and the hint


def form_advice(config: Config, fields: dict[str, tuple[str, bool]]) -> list[FieldAdvice]:
    """The spelling advice for the fields of a form (key → text, and whether it is
    Markdown); none without a dictionary."""
    speller, _ = project_speller(config)
    if speller is None:
        return []
    advice: list[FieldAdvice] = []
    for key, (text, markdown) in fields.items():
        for word, count in misspelt_words(speller, text, markdown=markdown).items():
            message = advice_message(word, speller.suggestions(word), count)
            advice.append(FieldAdvice(key, word, message))
    return advice


def _words(text: str, markdown: bool) -> list[str]:
    if markdown and not _MARKDOWN_SIGNS.isdisjoint(text):
        return markdown_words(text)
    return plain_words(text)


def advice_message(word: str, suggestions: Sequence[str], count: int) -> str:
    message = f"»{word}« er måske stavet forkert"
    if suggestions:
        shown = [f"»{suggestion}«" for suggestion in suggestions]
        choices = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " eller " + shown[-1]
        message += f" – mente du {choices}?"
    else:
        message += ": ordbogen kender det ikke."
    if count > 1:
        message += f" (Ordet står {count} gange i feltet.)"
    return message


def _hint(word: str) -> str:
    return (
        f"Er ordet rigtigt (fx et navn), så tilføj det til {WORD_LIST}: "
        f"»trivselreport check --tilføj-ord {_shell_word(word)}«."
    )


def _shell_word(word: str) -> str:
    """The word as typed on a command line: quoted only when the shell needs it."""
    return word if regex.fullmatch(r"[\p{L}\p{M}\p{N}.\-]+", word) else shlex.quote(word)


def _source_lines(path: Path, root: Path, sources: dict[Path, list[str]]) -> list[str]:
    if path not in sources:
        try:
            real = inside_project(path, root, "Filen")
            sources[path] = read_text(path, source=real).splitlines()
        except UserError:
            sources[path] = []
    return sources[path]


def _line_of(word: str, text: SpelledText, lines: list[str]) -> int:
    """The line of the file where `word` first stands in `text`'s field (outside an
    address or code), from the field's first line; the field's line if not found."""
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(word)}(?![\p{{L}}\p{{N}}])")
    end = len(lines) if text.before is None else min(len(lines), text.before - 1)
    for index in range(max(text.line - 1, 0), end):
        if pattern.search(masked(lines[index])):
            return index + 1
    return text.line
