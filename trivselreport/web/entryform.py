"""The entry form: a new entry (/indslag/nyt) and a correction (/indslag/ret?fil=…).

The fields are named after the entry's keys. A new entry is checked and written by
`new`'s own functions (`formentry.form_draft`, `authoring.write_new_entry`: the same
file names, never overwriting); a correction by `entryedit` (only that file, the
keys the form does not show kept, refused when the file changed since it was
opened). After a refusal the page shows the form again with everything typed in it.
After saving, the browser is sent to /indslag/gemt, which names the file.

Words the spelling check does not know are shown below the title and the text (advice:
they never stop a save), each with a button "Tilføj til ordlisten" that posts the
whole form to /ordliste/tilfoej: the word is added as `check --tilføj-ord` adds it,
and the form comes back with everything typed in it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from trivselreport.commands.authoring import parse_user_date, write_new_entry
from trivselreport.commands.entryedit import (
    EntryFile,
    FileChanged,
    entry_file,
    open_entry,
    save_edited_entry,
)
from trivselreport.commands.formentry import FORM_KEYS, EntryForm, form_draft
from trivselreport.commands.spelling import FieldAdvice, form_advice
from trivselreport.commands.wordlist import WORD_LIST, add_words
from trivselreport.errors import UserError
from trivselreport.reading.config import Config
from trivselreport.reading.fields.values import parse_yes_no
from trivselreport.web.app import ServerContext
from trivselreport.web.formparts import (
    PREVIEW_ACTION,
    ShownProblems,
    checked_form,
    config_problem_page,
    forbidden,
    markdown_preview,
    problem_page,
    project_config,
    shown_problems,
    text_of,
    writing_advice,
)
from trivselreport.web.pages import render_page

NEW_ROUTE = "/indslag/nyt"
EDIT_ROUTE = "/indslag/ret"
SAVED_ROUTE = "/indslag/gemt"
WORD_ROUTE = "/ordliste/tilfoej"  # a word of the spelling advice added to ordliste.txt
FINGERPRINT = "fingeraftryk"  # the hidden field with the file's SHA-256 at opening

HELP = {
    "titel": "Kort titel, fx »Forældremøde om trivsel«.",
    "type": "Typen afgør, hvilken sektion af notatet indslaget står i.",
    "dato": "Hvornår det skete eller skal ske. Vælg datoen i kalenderen, eller skriv den, "
    "fx 15.4.2024 eller 2024-04-15.",
    "slutdato": "Sidste dag, hvis det varer flere dage; ikke før datoen. Lad feltet stå "
    "tomt, hvis det er én dag.",
    "temaer": "Vælg de temaer, indslaget handler om: ingen, ét eller flere.",
    "sektion": "Kun hvis indslaget skal stå i en anden sektion end den, typen hører til.",
    "ansvarlig": "Ansvarlig enhed eller rolle, fx »Skoleafdelingen«.",
    "deltagere": "Antal deltagere som et helt tal, fx 25. Lad feltet stå tomt, hvis det "
    "ikke er kendt.",
    "intern": "Interne indslag kommer aldrig med i notatet til udvalget, kun i den interne "
    "udgave. Telefonnumre og e-mailadresser må kun stå i interne indslag.",
    "kladde": "En kladde bliver gemt, men kommer ikke med i noget notat, og dens fejl er kun "
    "advarsler. Fjern krydset, når indslaget er færdigt.",
    "tekst": "Selve teksten. Skriv afsnit adskilt af en tom linje, punkter med »- « forrest, "
    "**fed** og *kursiv*. CPR-numre må aldrig stå i et indslag.",
}


def read_entry_form(form: FormData) -> EntryForm:
    """The posted fields; a field missing from the post is an empty one."""
    return EntryForm(
        titel=text_of(form, "titel"),
        type=text_of(form, "type"),
        dato=text_of(form, "dato"),
        slutdato=text_of(form, "slutdato"),
        temaer=tuple(value for value in form.getlist("temaer") if isinstance(value, str)),
        sektion=text_of(form, "sektion"),
        ansvarlig=text_of(form, "ansvarlig"),
        deltagere=text_of(form, "deltagere"),
        intern=text_of(form, "intern"),
        kladde=text_of(form, "kladde"),
        tekst=text_of(form, "tekst"),
    )


def date_field(typed: str) -> dict[str, str]:
    """How a date field shows what was typed: a date picker holding the ISO date, or a
    text field when the browser's picker could not hold it (nothing typed is lost)."""
    if not typed.strip():
        return {"kind": "date", "value": ""}
    try:
        return {"kind": "date", "value": parse_user_date(typed).isoformat()}
    except ValueError:
        return {"kind": "text", "value": typed}


def _with_unknown(choices: tuple[str, ...], chosen: tuple[str, ...]) -> list[str]:
    """The configured choices, and what the entry has that is not among them (so that
    nothing is lost silently; saving it gives check's message)."""
    return [*choices, *(value for value in chosen if value and value not in choices)]


def render_entry_form(
    context: ServerContext,
    config: Config,
    form: EntryForm,
    *,
    editing: EntryFile | None = None,
    fingerprint: str = "",
    other_keys: tuple[str, ...] = (),
    problems: ShownProblems | None = None,
    preview: bool = False,
    conflict: bool = False,
    status: int = 200,
    advice: list[FieldAdvice] | None = None,
    notice: str | None = None,
) -> Response:
    if advice is None:
        advice = spelling_advice(config, form)
    page: dict[str, Any] = {
        "form": form,
        "help": HELP,
        "problems": problems or ShownProblems(),
        "types": _with_unknown(config.types, (form.type,)),
        "themes": _with_unknown(config.themes, form.temaer),
        "sections": _with_unknown(config.section_headings, (form.sektion,)),
        "dates": {key: date_field(form.value(key)) for key in ("dato", "slutdato")},
        "internal": parse_yes_no(form.intern) is True,
        "unfinished": parse_yes_no(form.kladde) is True,
        "preview": markdown_preview(form.tekst, config.quotes)
        if preview and form.tekst.strip()
        else None,
        # Writing help beside the text, once the writer asks to see it as the memo will.
        "writing_advice": {"tekst": writing_advice(config, form.tekst, context.project_dir)}
        if preview
        else {},
        "preview_asked": preview,
        "preview_action": PREVIEW_ACTION,
        "editing": editing.relative if editing else None,
        "action": EDIT_ROUTE if editing else NEW_ROUTE,
        "fingerprint": fingerprint,
        "other_keys": other_keys,
        "conflict": conflict,
        "csrf": context.secrets.csrf_token,
        "advice": {key: [a for a in advice if a.key == key] for key in ("titel", "tekst")},
        "word_action": WORD_ROUTE,
        "notice": notice,
    }
    return render_page("form_entry.html.j2", status=status, **page)


def spelling_advice(config: Config, form: EntryForm) -> list[FieldAdvice]:
    """The words of the title and the text the spelling check does not know."""
    fields = {"titel": (form.titel, False), "tekst": (form.tekst, True)}
    return form_advice(config, {key: value for key, value in fields.items() if value[0].strip()})


def _saved_redirect(relative: str, *, edited: bool) -> Response:
    suffix = "&rettet=ja" if edited else ""
    return RedirectResponse(f"{SAVED_ROUTE}?fil={quote(relative)}{suffix}", status_code=303)


def entry_routes(context: ServerContext) -> list[BaseRoute]:
    project = context.project_dir

    async def new_entry(request: Request) -> Response:
        form_data = None
        if request.method == "POST":
            form_data = await checked_form(request, context)
            if form_data is None:
                return forbidden(context)
        try:
            config = await project_config(context)
        except UserError as error:
            return config_problem_page(request, context, error)
        if form_data is None:
            return render_entry_form(context, config, EntryForm(dato=date.today().isoformat()))
        form = read_entry_form(form_data)
        if text_of(form_data, "handling") == PREVIEW_ACTION:
            return render_entry_form(context, config, form, preview=True)
        try:
            draft = form_draft(config, form)
            path = await run_in_threadpool(write_new_entry, config, draft)
        except UserError as error:
            shown = shown_problems(error.problems, project, FORM_KEYS)
            return render_entry_form(context, config, form, problems=shown, status=422)
        context.writes.note(path)
        return _saved_redirect(path.relative_to(project).as_posix(), edited=False)

    async def edit_entry(request: Request) -> Response:
        form_data = None
        if request.method == "POST":
            form_data = await checked_form(request, context)
            if form_data is None:
                return forbidden(context)
        # The form's hidden field, or the address's ?fil= (a script may use either).
        relative = (text_of(form_data, "fil") if form_data is not None else "") or (
            request.query_params.get("fil")
        )
        try:
            file = await run_in_threadpool(entry_file, project, relative or "")
        except UserError as error:
            return problem_page(
                request, context, "Indslaget kan ikke åbnes", error.problems, status=404
            )
        try:
            config = await project_config(context)
        except UserError as error:
            return config_problem_page(request, context, error)
        if form_data is None:
            try:
                opened = await run_in_threadpool(open_entry, file)
            except UserError as error:
                return problem_page(
                    request,
                    context,
                    "Indslaget kan ikke åbnes i formularen",
                    error.problems,
                    status=409,
                )
            return render_entry_form(
                context,
                config,
                opened.form,
                editing=file,
                fingerprint=opened.fingerprint,
                other_keys=opened.other_keys,
            )
        form = read_entry_form(form_data)
        fingerprint = text_of(form_data, FINGERPRINT)
        try:
            other_keys = (await run_in_threadpool(open_entry, file)).other_keys
        except UserError:
            other_keys = ()

        def again(
            problems: ShownProblems | None = None,
            *,
            preview: bool = False,
            conflict: bool = False,
            status: int = 200,
        ) -> Response:
            return render_entry_form(
                context,
                config,
                form,
                editing=file,
                fingerprint=fingerprint,
                other_keys=other_keys,
                problems=problems,
                preview=preview,
                conflict=conflict,
                status=status,
            )

        if text_of(form_data, "handling") == PREVIEW_ACTION:
            return again(preview=True)
        try:
            draft = form_draft(config, form)
            await run_in_threadpool(save_edited_entry, config, file, draft, fingerprint)
        except FileChanged as error:
            return again(
                shown_problems(error.problems, project, FORM_KEYS), conflict=True, status=409
            )
        except UserError as error:
            return again(shown_problems(error.problems, project, FORM_KEYS), status=422)
        context.writes.note(file.path)
        return _saved_redirect(file.relative, edited=True)

    async def saved(request: Request) -> Response:
        try:
            file = await run_in_threadpool(
                entry_file, project, request.query_params.get("fil") or ""
            )
        except UserError as error:
            return problem_page(
                request, context, "Indslaget findes ikke", error.problems, status=404
            )
        return render_page(
            "form_saved.html.j2",
            file=file.relative,
            edit_link=f"{EDIT_ROUTE}?fil={quote(file.relative)}",
            edited=request.query_params.get("rettet") == "ja",
            csrf=context.secrets.csrf_token,
        )

    async def add_word(request: Request) -> Response:
        form_data = await checked_form(request, context)
        if form_data is None:
            return forbidden(context)
        try:
            config = await project_config(context)
        except UserError as error:
            return config_problem_page(request, context, error)
        form = read_entry_form(form_data)
        editing = None
        relative = text_of(form_data, "fil")
        if relative:
            try:
                editing = await run_in_threadpool(entry_file, project, relative)
            except UserError as error:
                return problem_page(
                    request, context, "Indslaget kan ikke åbnes", error.problems, status=404
                )
        try:
            added = await run_in_threadpool(add_words, project, [text_of(form_data, "ord")])
        except UserError as error:
            shown = shown_problems(error.problems, project, FORM_KEYS)
            return render_entry_form(
                context,
                config,
                form,
                editing=editing,
                problems=shown,
                status=422,
                fingerprint=text_of(form_data, FINGERPRINT),
            )
        words = ", ".join(f"»{word}«" for word in (*added.added, *added.present))
        notice = (
            f"{words} er tilføjet til {WORD_LIST}."
            if added.added
            else f"{words} står allerede i {WORD_LIST}."
        )
        other_keys: tuple[str, ...] = ()
        if editing is not None:
            try:
                other_keys = (await run_in_threadpool(open_entry, editing)).other_keys
            except UserError:
                other_keys = ()
        return render_entry_form(
            context,
            config,
            form,
            editing=editing,
            fingerprint=text_of(form_data, FINGERPRINT),
            other_keys=other_keys,
            notice=notice,
        )

    return [
        Route(NEW_ROUTE, new_entry, methods=["GET", "POST"]),
        Route(EDIT_ROUTE, edit_entry, methods=["GET", "POST"]),
        Route(SAVED_ROUTE, saved, methods=["GET"]),
        Route(WORD_ROUTE, add_word, methods=["POST"]),
    ]
