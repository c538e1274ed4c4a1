"""The project's own list of what must not stand in the memo, made ready for scanning.

`forbudte_ord` and `forbudte_mønstre` in trivselreport.yaml become a
:class:`ForbiddenTerms` (config.py). :func:`compiled_terms` turns the words into one
pattern (matched in the same normalised form as the texts, longest first) and notes
their first words, so that a text holding none of them skips the pattern;
:func:`forbidden_findings` reports each match with a masked form only ("A***").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from trivselreport.reading.privacy.lookalike import Finding
from trivselreport.reading.privacy.normalise import for_matching
from trivselreport.reading.privacy.patterns import ProjectPattern


@dataclass(frozen=True)
class ForbiddenTerms:
    """The project's own list of what must not stand in the memo.

    `words` are plain words or phrases matched case-insensitively as whole words
    ("Ali" finds "ali" and "Ali's", not "Alice" or "alibi"); `patterns` are
    regular expressions made with `compile_pattern`.
    """

    words: tuple[str, ...] = ()
    patterns: tuple[ProjectPattern, ...] = ()


NO_TERMS = ForbiddenTerms()


@dataclass(frozen=True, eq=False)  # compiled once per ForbiddenTerms: identity will do
class CompiledTerms:
    """The forbidden terms ready for scanning. A word can only be in a text that
    holds its first word (case-folded), so `first_words` spares most texts the one
    big pattern; it is None when a word has no letters to look for."""

    words: re.Pattern[str] | None = None
    first_words: frozenset[str] | None = None
    patterns: tuple[ProjectPattern, ...] = ()

    def may_hold_a_word(self, text: str) -> bool:
        """False when `text` holds none of the words' first words, so none of the words."""
        return self.first_words is None or not self.first_words.isdisjoint(
            _WORD.findall(text.casefold())
        )


_NOTHING_FORBIDDEN = CompiledTerms()
_WORD = re.compile(r"\w+")


def compiled_terms(terms: ForbiddenTerms, internal: bool) -> CompiledTerms:
    if internal or not (terms.words or terms.patterns):
        return _NOTHING_FORBIDDEN
    return _compile_terms(terms)


@functools.lru_cache(maxsize=32)
def _compile_terms(terms: ForbiddenTerms) -> CompiledTerms:
    # The words are matched in the same normalised form as the texts.
    words = [" ".join(for_matching(word).text.split()) for word in terms.words]
    words = [word for word in words if word]
    if not words:
        return CompiledTerms(patterns=terms.patterns)
    # Longest first, so that "Mads Peter" wins over "Mads".
    alternatives = sorted(
        {r"\s+".join(map(re.escape, word.split())) for word in words}, key=len, reverse=True
    )
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    firsts = [_WORD.search(word.casefold()) for word in words]
    first_words = (
        None
        if any(first is None for first in firsts)
        else frozenset(first.group() for first in firsts if first is not None)
    )
    return CompiledTerms(pattern, first_words, terms.patterns)


def forbidden_findings(
    text: str, pattern: re.Pattern[str] | ProjectPattern
) -> list[tuple[Finding, int]]:
    return [
        (Finding("forbidden", _mask_word(match.group()), match.start()), match.end())
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]


def _mask_word(word: str) -> str:
    return word[0] + "***" if len(word) > 1 else "***"
