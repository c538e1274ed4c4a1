"""HTML for the PDF and for Word, from one composed memo.

Each is one template rendered in the sandbox (`sandbox`); a mistake in a
template is a Danish message with the template's file and line
(`errors`), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2.exceptions import TemplateSyntaxError
from markupsafe import Markup

from trivselreport.errors import UserError
from trivselreport.memo import wording
from trivselreport.memo.document import Memo
from trivselreport.memo.guard import guard_output
from trivselreport.writers.html.errors import runtime_problem, syntax_problem
from trivselreport.writers.html.sandbox import TemplateFiles, template_environment
from trivselreport.writers.readback import html_text
from trivselreport.writers.registry import WriterProject

INTERNAL_LABEL = wording.INTERNAL_LABEL


def render_pdf_html(memo: Memo, project_dir: Path) -> str:
    from trivselreport.writers.html.chart import overview_svg

    chart = Markup(overview_svg(memo.overview)) if memo.overview else ""
    # font_faces: empty since fontconfig finds the fonts (trivselreport.writers.fonts.faces); still
    # given for a project's own copy of an older memo.html.j2 that inserts it.
    return render_template(
        project_dir,
        "memo.html.j2",
        memo=memo,
        font_faces=Markup(""),
        internal_label=INTERNAL_LABEL,
        overview_svg=chart,
    )


def render_word_html(memo: Memo, project_dir: Path) -> str:
    return render_template(project_dir, "word.html.j2", memo=memo, internal_label=INTERNAL_LABEL)


def checked_pdf_html(memo: Memo, project: WriterProject) -> str:
    """The HTML the PDF is made from, checked for accessibility and guarded as a reader
    reads it. `build` asks for it on every build, whatever the formats: the project's
    memo.html.j2 and stylesheets are part of the memo it publishes, so a mistake in
    them, or personal data they add, stops the Word files too."""
    from trivselreport.writers.html.accessibility import check_accessibility

    html = render_pdf_html(memo, project.root)
    problems = check_accessibility(html, project.root)
    if problems:
        raise UserError(problems)
    guard_output("PDF", html_text(html), internal_edition=memo.internal, terms=project.forbidden)
    return html


def write_word_html(memo: Memo, project: WriterProject) -> bytes:
    """The memo as HTML that Word opens as a document, guarded as a reader reads it."""
    html = render_word_html(memo, project.root)
    guard_output(
        "HTML til Word", html_text(html), internal_edition=memo.internal, terms=project.forbidden
    )
    return html.encode("utf-8")


def render_template(project_dir: Path, name: str, **context: Any) -> str:
    """One template rendered; any mistake in it becomes a problem naming its file and line."""
    environment = template_environment(project_dir)
    assert isinstance(environment.loader, TemplateFiles)
    files = environment.loader
    try:
        return environment.get_template(name).render(**context)
    except UserError:
        raise
    except TemplateSyntaxError as error:
        raise UserError(syntax_problem(error, files, name)) from None
    except Exception as error:
        problem = runtime_problem(error, files, name)
        if problem is None:
            raise  # not the template's doing: a bug, with its traceback
        raise UserError(problem) from None
