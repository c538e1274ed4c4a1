"""Which memo the preview shows: what the chooser on the start page asks for.

The chooser is a plain GET form, so a preview is a link: `?notat=2024-04`,
`?notat=maaned` (the current month), `?notat=periode&fra=…&til=…` (dates ISO or
Danish day-first), and `&intern=ja` for the internal edition. Without `notat` it
shows the most recent configured memo, or the current month if none is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from trivselreport.errors import Problem, UserError
from trivselreport.memo.period import PeriodChoice
from trivselreport.reading.config import load_config
from trivselreport.reading.fields.values import ValueProblem, parse_date, parse_month

CURRENT_MONTH = "maaned"
SPAN = "periode"


@dataclass(frozen=True)
class PreviewChoice:
    """A month (a configured memo or any other) or a span, and the edition."""

    month: str | None = None
    start: date | None = None
    end: date | None = None
    internal: bool = False

    def period_choice(self) -> PeriodChoice:
        if self.month is not None:
            return PeriodChoice(month=self.month)
        return PeriodChoice(start=self.start, end=self.end)

    def query(self) -> str:
        """The query string that asks for this choice (without '?')."""
        if self.month is not None:
            fields = {"notat": self.month}
        else:
            assert self.end is not None
            fields = {"notat": SPAN, "fra": self.start.isoformat() if self.start else ""}
            fields["til"] = self.end.isoformat()
        if self.internal:
            fields["intern"] = "ja"
        return urlencode(fields)

    @property
    def label(self) -> str:
        """What the page calls it: 'perioden 2024-04' or 'perioden 1.–30. …'."""
        if self.month is not None:
            return f"perioden {self.month}"
        start = self.start.isoformat() if self.start else "forrige notat"
        assert self.end is not None
        return f"perioden fra {start} til {self.end.isoformat()}"


def configured_months(project_dir: Path) -> list[str]:
    """The configured memos' periods, newest first (none if the config cannot be read)."""
    try:
        config = load_config(project_dir)
    except UserError:
        return []
    return sorted({memo.period for memo in config.memos}, reverse=True)


def this_month(today: date) -> str:
    return f"{today.year:04d}-{today.month:02d}"


def default_choice(months: list[str], today: date) -> PreviewChoice:
    return PreviewChoice(month=months[0] if months else this_month(today))


def choice_from_query(
    query: Mapping[str, str], months: list[str], today: date
) -> tuple[PreviewChoice, list[Problem]]:
    """The choice a query asks for; a choice that cannot be read gives its problems and
    the default choice."""
    internal = query.get("intern", "").strip().lower() in ("ja", "on", "1", "true")
    wanted = query.get("notat", "").strip()
    fallback = default_choice(months, today)
    try:
        if not wanted:
            choice = fallback
        elif wanted == CURRENT_MONTH:
            choice = PreviewChoice(month=this_month(today))
        elif wanted == SPAN:
            start = _date(query.get("fra", ""), "fra", required=False)
            end = _date(query.get("til", ""), "til", required=True)
            if start is not None and end is not None and start > end:
                raise UserError(
                    Problem(
                        None,
                        f"Fra-datoen ({start.isoformat()}) ligger efter til-datoen "
                        f"({end.isoformat()}).",
                        field="fra",
                    )
                )
            choice = PreviewChoice(start=start, end=end)
        else:
            year, number = parse_month(wanted)
            choice = PreviewChoice(month=f"{year:04d}-{number:02d}")
    except ValueProblem as refused:
        return _with_edition(fallback, internal), [
            Problem(None, refused.message, field="notat", hint=refused.hint)
        ]
    except UserError as error:
        return _with_edition(fallback, internal), error.problems
    return _with_edition(choice, internal), []


def _with_edition(choice: PreviewChoice, internal: bool) -> PreviewChoice:
    return PreviewChoice(choice.month, choice.start, choice.end, internal)


def _date(text: str, field: str, *, required: bool) -> date | None:
    text = text.strip()
    if not text:
        if required:
            raise UserError(
                Problem(
                    None,
                    "Skriv den sidste dato i perioden.",
                    field=field,
                    hint="Fx 2024-04-30 eller 30-04-2024.",
                )
            )
        return None
    try:
        return parse_date(text, day_first=True)
    except ValueProblem as refused:
        raise UserError(Problem(None, refused.message, field=field, hint=refused.hint)) from None
