"""The memo's own words: every fixed Danish text the memo prints, for every writer.

The writers and the default templates take these words from the composed memo
(or, for page furniture, from here), so "Kommende – …", the overview's caption and
the "Aktiviteter i alt" row read the same in the PDF, the DOCX and the Word HTML.
"""

from __future__ import annotations

INTERNAL_LABEL = "Internt – må ikke offentliggøres"

# The header block under the title.
DATE_LABEL = "Dato"
CASE_NUMBER_LABEL = "Sagsnr."
ADMINISTRATION_LABEL = "Forvaltning"
DEPARTMENT_LABEL = "Afdeling"
PREPARED_BY_LABEL = "Udarbejdet af"

UPCOMING = "Kommende"  # an item still to come: "Kommende – 4. juni 2024"

# The committee overview.
OVERVIEW_HEADING = "Bilag: Aktiviteter og deltagere pr. tema"
OVERVIEW_CAPTION = "Aktiviteter og deltagere pr. tema i perioden"
OVERVIEW_NOTE = (
    "Aktiviteter i perioden fordelt på temaer. En aktivitet med flere temaer tælles "
    "under hvert af dem. ”Ikke oplyst” betyder, at ingen af aktiviteterne har oplyst "
    "et deltagertal."
)
# Added to the note only when some activities of a row gave a number and others did not.
OVERVIEW_PARTLY_NOTE = (
    "Hvor kun nogle af aktiviteterne har oplyst et deltagertal, er tallet summen for dem, "
    "og parentesen siger, hvor mange af aktiviteterne det dækker."
)
OVERVIEW_COLUMNS = ("Tema", "Aktiviteter", "Deltagere")
OVERVIEW_TOTAL = "Aktiviteter i alt"
NOT_STATED = "ikke oplyst"  # a cell without a number, in words (a bare "–" reads as nothing)
PARTLY_STATED = "oplyst for {stated} af {counted}"  # "120 (oplyst for 1 af 4)"
CHART_DESCRIPTION = "Søjlediagram over antal aktiviteter pr. tema i perioden."

# The internal edition's closing list of drafts (entries with `kladde: ja`).
DRAFTS_HEADING = "Kladder – ikke med i notatet"
DRAFTS_NOTE = (
    "Disse indslag er markeret som kladde (kladde: ja) og står derfor ikke i notatet. "
    "Listen står kun i den interne udgave."
)
DRAFT_NO_TITLE = "Uden titel"  # the draft gives no title (or one that may not be shown)
DRAFT_NO_DATE = "uden dato"


def draft_line(title: str, when: str, source: str) -> str:
    """One draft in the list: "Kursus i trivsel, 4. juni 2024 (entries/kursus.yaml)"."""
    return f"{title}, {when} ({source})"


# The DOCX footer: "Side 2 af 5".
PAGE = "Side"
PAGE_OF = "af"


def upcoming_mark(when: str) -> str:
    """The mark before an item still to come, e.g. "Kommende – 4. juni 2024"."""
    return f"{UPCOMING} – {when}"
