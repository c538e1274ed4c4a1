"""HTML for the PDF and for Word, from one composed memo and one Jinja loader.

The project's own templates/ folder comes first, so a project can replace a
single template or stylesheet; the defaults ship inside the package.
"""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from trivselreport.compose import Memo
from trivselreport.pictures import Picture

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
PROJECT_TEMPLATES = "templates"
INTERNAL_LABEL = "Internt – må ikke offentliggøres"


def data_uri(picture: Picture) -> str:
    """A picture inlined in the Word HTML, so the file needs nothing beside it."""
    encoded = base64.b64encode(picture.path.read_bytes()).decode("ascii")
    return f"data:{picture.media_type};base64,{encoded}"


def template_environment(project_dir: Path) -> Environment:
    folders = [project_dir / PROJECT_TEMPLATES, PACKAGE_TEMPLATES]
    environment = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders
                             if folder.is_dir()]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    environment.filters["data_uri"] = data_uri
    return environment


def render_pdf_html(memo: Memo, project_dir: Path) -> str:
    from trivselreport.chart import overview_svg

    template = template_environment(project_dir).get_template("memo.html.j2")
    chart = Markup(overview_svg(memo.overview)) if memo.overview else ""
    # font_faces: empty since fontconfig finds the fonts (trivselreport.fonts); still
    # given for a project's own copy of an older memo.html.j2 that inserts it.
    return template.render(memo=memo, font_faces=Markup(""),
                           internal_label=INTERNAL_LABEL, overview_svg=chart)


def render_word_html(memo: Memo, project_dir: Path) -> str:
    template = template_environment(project_dir).get_template("word.html.j2")
    return template.render(memo=memo, internal_label=INTERNAL_LABEL)
