"""Names written otherwise than the config spells them, and `check --ret`, which
rewrites them as configured.

An entry may write a type, a theme or a section in another case, composed or
decomposed, or with spaces around it (`values.choose_name`): the file works, and
the entry carries the configured name. `check` says which files write a name so;
`check --ret` puts the configured name in place of just that value, leaving every
other character of the file (comments, order, quotes, line ends, BOM) as it was,
and replaces the file in one step. Nothing is rewritten without --ret.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.fields.values import SECTIONS, THEMES, TYPES, NameKind, choose_name
from trivselreport.writers.files.fileops import fsync_folder, write_file
from trivselreport.writers.files.staging import hidden_name

_BOM = "\ufeff"
_PLAIN = re.compile(r"[^\W\d_][\w ]*[^\W_]|[^\W\d_]")  # letters, digits, inner spaces


@dataclass(frozen=True)
class Respelling:
    """One value of an entry file that names a configured name in another spelling."""

    path: Path
    line: int  # 1-based
    key: str
    written: str
    canonical: str
    start: int  # the value's place in the file's text (characters)
    end: int
    plain: bool  # written without quotes


def _kinds(config: Config) -> dict[str, tuple[tuple[str, ...], NameKind]]:
    return {
        "type": (config.types, TYPES),
        "temaer": (config.themes, THEMES),
        "sektion": (config.section_headings, SECTIONS),
    }


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [item for item in node.value if isinstance(item, yaml.ScalarNode)]
    return []


def _decoded(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def file_respellings(path: Path, config: Config) -> list[Respelling]:
    """The names in one (valid) entry file written otherwise than configured."""
    text = _decoded(path)
    if text is None:
        return []
    offset = 1 if text.startswith(_BOM) else 0
    try:
        root = yaml.compose(text[offset:], Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    found: list[Respelling] = []
    kinds = _kinds(config)
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value not in kinds:
            continue
        names, kind = kinds[key_node.value]
        for scalar in _scalars(value_node):
            written = scalar.value
            try:
                canonical = choose_name(" ".join(written.split()), names, kind)
            except ValueError:
                continue
            if canonical != written:
                found.append(
                    Respelling(
                        path,
                        scalar.start_mark.line + 1,
                        key_node.value,
                        written,
                        canonical,
                        scalar.start_mark.index + offset,
                        scalar.end_mark.index + offset,
                        scalar.style is None,
                    )
                )
    return found


def respellings(entries: list[Entry], config: Config) -> list[Respelling]:
    """Every configured name written otherwise, in the valid entries' files."""
    return [found for entry in entries for found in file_respellings(entry.path, config)]


def _written_as(respelling: Respelling) -> str:
    name = respelling.canonical
    if respelling.plain and _PLAIN.fullmatch(name) and name.strip() == name:
        return name
    return json.dumps(name, ensure_ascii=False)  # a valid YAML double-quoted scalar


def respelled_text(text: str, found: list[Respelling]) -> str:
    """`text` with each respelled value replaced, from the end so places stay right."""
    for respelling in sorted(found, key=lambda r: r.start, reverse=True):
        text = text[: respelling.start] + _written_as(respelling) + text[respelling.end :]
    return text


def project_respellings(
    project_dir: Path, candidates: Sequence[Path] | None = None, *, cached: bool = True
) -> list[Respelling]:
    """The names written otherwise than configured in the project's valid entries;
    nothing when the config cannot be read (`check` reports that). Only the files
    that may write a name otherwise are parsed again (`candidates`, when the caller
    has just read the entries: `LoadedEntries.names_otherwise`)."""
    from trivselreport.reading.config import load_config
    from trivselreport.reading.entries import read_entries

    try:
        config = load_config(project_dir)
    except UserError:
        return []
    if candidates is None:
        candidates = read_entries(config, cached=cached).names_otherwise
    return [found for path in candidates for found in file_respellings(path, config)]


def rewrite_files(found: list[Respelling]) -> list[Path]:
    """Rewrite each file of `found` with the configured names, in one step per file;
    the files rewritten."""
    by_file: dict[Path, list[Respelling]] = {}
    for respelling in found:
        by_file.setdefault(respelling.path, []).append(respelling)
    written: list[Path] = []
    for path, changes in by_file.items():
        text = _decoded(path)
        if text is None:
            continue
        _replace(path, respelled_text(text, changes).encode("utf-8"))
        written.append(path)
    return written


def _replace(path: Path, data: bytes) -> None:
    real = path.resolve()  # a link to an entry: its target is the file
    temporary = real.parent / hidden_name(real.name)
    try:
        mode = stat.S_IMODE(real.stat().st_mode)
        write_file(temporary, data)
        os.chmod(temporary, mode)
        os.replace(temporary, real)
        fsync_folder(real.parent)
    except OSError as error:
        raise UserError(
            Problem(
                path,
                f"Filen kan ikke rettes: {os_reason(error)}.",
                hint="Filen er uændret; ret navnet selv, eller prøv igen.",
            )
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
