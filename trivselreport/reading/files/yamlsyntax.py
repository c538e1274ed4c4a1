"""What PyYAML's refusals mean, in Danish, at the line where the user can fix them.

PyYAML explains a syntax error in the words of the YAML grammar ("mapping values are not
allowed here", "while scanning a quoted scalar"). :func:`syntax_problem` reads the error
and the line it points at and says what a person typing an entry most likely did: an
indentation with a tab, a colon inside a value, a list or a quotation left open, a second
document. :func:`reader_problem` names an invisible control character the reader refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from trivselreport.errors import Problem

_YAML_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def reader_problem(path: Path, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a text (a control character pasted with it)."""
    line = text.count("\n", 0, error.position) + 1
    return Problem(
        path,
        f"Filen indeholder et usynligt styretegn (U+{error.character:04X}), som ikke "
        "må stå i en tekst.",
        line=line,
        hint="Slet tegnet, eller skriv linjen igen; den slags tegn kommer ofte med, når "
        "tekst kopieres fra Word eller en e-mail.",
    )


def syntax_problem(path: Path, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    # YAML counts CR, NEL and the Unicode separators as line breaks too.
    lines = _YAML_LINE_BREAKS.split(text)
    source_line = ""
    if mark is not None and 0 <= mark.line < len(lines):
        source_line = lines[mark.line]
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()

    has_tab = mark is not None and "\t" in source_line[: mark.column + 1]
    if "tab" in problem or has_tab:
        return Problem(
            path,
            "Linjen er rykket ind med tabulatortegn, som YAML ikke tillader.",
            line=line,
            hint="Erstat tabulatortegnet med mellemrum (to mellemrum pr. niveau).",
        )
    previous_line = ""
    if mark is not None and 0 < mark.line <= len(lines):
        previous_line = lines[mark.line - 1]
    if (
        "mapping values are not allowed" in problem
        and source_line[:1] == " "
        and ":" in previous_line
        and not previous_line.rstrip().endswith((":", "|", ">"))
    ):
        return Problem(
            path,
            "Linjen er rykket ind, men hører ikke til feltet ovenfor.",
            line=line,
            hint="Fjern mellemrummene foran, så feltet starter helt ude til venstre som de "
            "andre felter.",
        )
    if "mapping values are not allowed" in problem:
        return Problem(
            path,
            "Et kolon inde i en værdi forvirrer YAML (eller linjen er rykket forkert ind).",
            line=line,
            hint='Sæt værdien i anførselstegn, fx titel: "Møde: status på året", '
            "eller ret indrykningen, så linjen flugter med de andre felter.",
        )
    start_line = error.context_mark.line + 1 if error.context_mark is not None else line
    if "flow sequence" in context or "']'" in problem:
        return Problem(
            path,
            "En liste i firkantede parenteser er ikke lukket korrekt.",
            line=start_line,
            hint="Afslut listen med ] på samme linje, eller skriv hvert punkt på sin egen "
            "linje med »- « foran.",
        )
    if "flow mapping" in context or "'}'" in problem:
        return Problem(
            path,
            "En krøllet parentes { er ikke lukket.",
            line=start_line,
            hint="Fjern { og }, eller sæt hele værdien i anførselstegn.",
        )
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        return Problem(
            path,
            "En tekst i dobbelte anførselstegn har en \\-kode, der ikke er gyldig (fx »\\s« "
            "eller »\\ud800«).",
            line=line,
            hint="I dobbelte anførselstegn betyder \\ noget særligt. Skriv \\\\ for en "
            "omvendt skråstreg, eller sæt teksten i enkelte anførselstegn: 'C:\\skole'.",
        )
    if "quoted scalar" in context:
        return Problem(
            path,
            "Et anførselstegn er ikke lukket.",
            line=start_line,
            hint="Afslut teksten med det samme anførselstegn, som den begyndte med.",
        )
    if "single document" in context or "another document" in problem:
        return Problem(
            path,
            "Filen indeholder flere dokumenter (adskilt af ---).",
            line=line,
            hint="Skriv ét indslag pr. fil; flyt resten til en ny fil.",
        )
    if "alias" in problem or "anchor" in problem:
        return Problem(
            path,
            "En henvisning med * peger på noget, der ikke findes.",
            line=line,
            hint="Skriv værdien ud i stedet for at bruge & og *.",
        )
    if "block end" in problem or "indentation" in problem or "block mapping" in context:
        return Problem(
            path,
            "Indrykningen passer ikke.",
            line=line,
            hint="Alle felter skal starte helt ude til venstre; kun linjer i lister og "
            "tekstblokke rykkes ind, med mellemrum.",
        )
    return Problem(
        path,
        f"Filen kan ikke læses som YAML ({error.problem or error.context}).",
        line=line,
        hint="Se efter ulige anførselstegn, parenteser eller indrykning omkring linjen.",
    )
