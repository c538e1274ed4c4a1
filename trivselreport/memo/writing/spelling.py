"""Danish spelling with Debian's Hunspell dictionary (hunspell-da) through pyenchant.

The dictionary is loaded once per process (`load_dictionary`), each distinct word is
looked up once (`Speller.is_known` keeps the answers), and suggestions, which take
a hundred times longer, are made only for the words that are reported, at most three
each, and kept too. The project's own words (`KnownWords`: ordliste.txt and the
config's names) are known before the dictionary is asked.
"""

from __future__ import annotations

import glob
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from trivselreport.memo.writing.words import text_words

LANGUAGE = "da_DK"
MAX_SUGGESTIONS = 3
# Where Debian and its kin keep libenchant; pyenchant would otherwise look for it with
# ctypes.util.find_library, which starts a compiler and ldconfig (seconds).
_LIBRARY_PATTERNS = (
    "/usr/lib/*/libenchant-2.so.2",
    "/usr/lib64/libenchant-2.so.2",
    "/usr/lib/libenchant-2.so.2",
    "/usr/local/lib/libenchant-2.so.2",
)


class Dictionary(Protocol):
    """What the spelling check needs of a dictionary (an enchant.Dict has it)."""

    def check(self, word: str) -> bool: ...
    def suggest(self, word: str) -> list[str]: ...


@cache
def load_dictionary() -> Lookups | None:
    """The Danish dictionary, or None when libenchant or hunspell-da is missing."""
    point_pyenchant_at_libenchant()
    try:
        import enchant
    except ImportError:  # pyenchant raises it when it finds no libenchant
        return None
    try:
        dictionary: Dictionary = enchant.Dict(LANGUAGE)
    except enchant.errors.Error:  # DictNotFoundError: hunspell-da is not installed
        return None
    return Lookups(dictionary)


def point_pyenchant_at_libenchant() -> None:
    """Tell pyenchant where libenchant is (before it is imported), so that it does not
    search with find_library; where none of the known places has it, pyenchant
    searches as it would."""
    if "PYENCHANT_LIBRARY_PATH" in os.environ:
        return
    for pattern in _LIBRARY_PATTERNS:
        found = sorted(glob.glob(pattern))
        if found:
            os.environ["PYENCHANT_LIBRARY_PATH"] = found[0]
            return


@dataclass(frozen=True)
class KnownWords:
    """Words the project knows that the dictionary may not: from ordliste.txt (a word
    written in lower case is also known with a capital first letter, as at the start of
    a sentence; a word with capitals only as written) and from the config's names (as
    written). A known word is known with a genitive -s too ("Viftens")."""

    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, listed: Iterable[str], names: Iterable[str] = ()) -> KnownWords:
        words = set(listed)
        for name in names:
            words.update(word.text.rstrip(".") for word in text_words(name))
            words.update(name.split())
        return cls(frozenset(words))

    def __contains__(self, word: str) -> bool:
        return any(self._knows(form) for form in _forms(word))

    def _knows(self, word: str) -> bool:
        if word in self.words:
            return True
        lowered = word[:1].lower() + word[1:]
        return lowered != word and lowered in self.words and word[1:] == lowered[1:]


def _forms(word: str) -> list[str]:
    forms = [word]
    if len(word) > 2 and word.endswith("s"):
        forms.append(word[:-1])  # the genitive of a name: "Viftens"
    if word.endswith(("'", "’")):
        forms.append(word[:-1])
    return forms


@dataclass
class Speller:
    """Looks words up in the dictionary after the project's `known` words, each once."""

    lookups: Lookups
    known: KnownWords = field(default_factory=KnownWords)
    _answers: dict[str, list[str]] = field(default_factory=dict, repr=False)
    # The words this speller was asked to suggest for (the ones its check reported).
    asked: set[str] = field(default_factory=set, repr=False)

    def unknown_parts(self, word: str) -> list[str]:
        """The parts of `word` that are misspelt (see `_unknown_parts`), once per word."""
        found = self._answers.get(word)
        if found is None:
            found = self._answers[word] = self._unknown_parts(word)
        return found

    def _unknown_parts(self, word: str) -> list[str]:
        """The parts of `word` that are misspelt: none when the word is known; of a
        hyphenated word those of its parts that are unknown (the whole word when all are),
        none when every part is known."""
        bare = word.rstrip(".")
        if bare in self.known or self._looked_up(bare):
            return []
        if word.endswith(".") and self._looked_up(word):
            return []  # an abbreviation: "kl.", "ca.", "bl.a."
        if "-" in bare:
            parts = [part for part in bare.split("-") if part]
            unknown = [
                part for part in parts if part not in self.known and not self._looked_up(part)
            ]
            if not unknown:
                return []  # each part is a word: "trivsels-topmøde"
            return unknown if len(unknown) < len(parts) else [bare]
        return [bare]

    def suggestions(self, word: str) -> tuple[str, ...]:
        """Up to three words the dictionary thinks were meant (slow: only when shown)."""
        self.asked.add(word)
        return self.lookups.suggest(word)

    def _looked_up(self, word: str) -> bool:
        return self.lookups.check(word)


class Lookups:
    """A dictionary with its answers kept: each word is looked up once per process,
    its suggestions made once; one lock, as the serve app checks from several threads."""

    def __init__(self, dictionary: Dictionary) -> None:
        self._dictionary = dictionary
        self._lock = threading.Lock()
        self._checked: dict[str, bool] = {}
        self._suggested: dict[str, tuple[str, ...]] = {}

    def check(self, word: str) -> bool:
        known = self._checked.get(word)
        if known is None:
            with self._lock:
                known = bool(self._dictionary.check(word))
            self._checked[word] = known
        return known

    def remember(self, suggestions: dict[str, tuple[str, ...]]) -> None:
        """Take suggestions made before (in an earlier run) as made."""
        with self._lock:
            for word, suggested in suggestions.items():
                self._suggested.setdefault(word, suggested[:MAX_SUGGESTIONS])

    def made(self) -> dict[str, tuple[str, ...]]:
        """Every suggestion made or remembered so far, by word."""
        with self._lock:
            return dict(self._suggested)

    def suggest(self, word: str) -> tuple[str, ...]:
        found = self._suggested.get(word)
        if found is None:
            with self._lock:
                suggested = self._dictionary.suggest(word)
            found = tuple(dict.fromkeys(s for s in suggested if s != word))[:MAX_SUGGESTIONS]
            self._suggested[word] = found
        return found
