"""Hunspell's suggestions kept between runs: .trivselreport-cache/forslag.json.

A suggestion takes Hunspell 50–500 ms a word, and `check` (also as the pre-commit
hook) runs again and again over the same few unknown words. The file maps each word
to the suggestions made for it, under a key that names the dictionary (the size and
time of its files, pyenchant's version) and the tool's version: with another
dictionary nothing is reused. It is written like the entry cache (store.py): whole
or not at all, never through a link; a file that cannot be read or written is simply
not used, and deleting it is always safe. It holds only words of the project's own
texts that the dictionary does not know, and what the dictionary says of them.
"""

from __future__ import annotations

import glob
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from trivselreport import __version__
from trivselreport.reading.cache.documents import CACHE_DIR, read_document, write_document

SUGGESTIONS_FILE = "forslag.json"
FORMAT = "trivselreport suggestions"
# Where Debian and its kin keep the Danish Hunspell dictionary.
_DICTIONARY_PATTERNS = ("/usr/share/hunspell/da_DK.*", "/usr/share/myspell/da_DK.*")


def dictionary_key() -> str:
    """What the suggestions depend on: the dictionary's files and the libraries."""
    files: list[str] = []
    for pattern in _DICTIONARY_PATTERNS:
        for name in sorted(glob.glob(pattern)):
            try:
                status = os.stat(name)
            except OSError:
                continue
            files.append(f"{name}:{status.st_size}:{status.st_mtime_ns}")
    try:
        enchant = version("pyenchant")
    except PackageNotFoundError:
        enchant = "?"
    return "|".join([__version__, enchant, *files])


def load_suggestions(root: Path, key: str) -> dict[str, tuple[str, ...]]:
    """The suggestions kept for the dictionary `key`; none when there are none."""
    found = read_document(root / CACHE_DIR / SUGGESTIONS_FILE)
    if found is None:
        return {}
    document, _ = found
    words = document.get("words")
    if document.get("format") != FORMAT or document.get("key") != key:
        return {}
    if not isinstance(words, dict):
        return {}
    return {
        word: tuple(suggested)
        for word, suggested in words.items()
        if isinstance(word, str)
        and isinstance(suggested, list)
        and all(isinstance(item, str) for item in suggested)
    }


def save_suggestions(root: Path, key: str, words: dict[str, tuple[str, ...]]) -> None:
    """Keep `words` (word → suggestions) for the next run; never fails."""
    document = {
        "format": FORMAT,
        "key": key,
        "words": {word: list(words[word]) for word in sorted(words)},
    }
    write_document(root, SUGGESTIONS_FILE, document)
