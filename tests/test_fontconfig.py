"""fontconfig's configuration and cache: in a folder only this user can write.

The build points fontconfig at a configuration listing only the shipped fonts. It
lives in the user's cache folder ($XDG_CACHE_HOME or ~/.cache)/trivselreport, never in
a shared temporary folder where another user could plant one first; a folder there
that is not safely ours is not used.
"""

from __future__ import annotations

import atexit
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from trivselreport.writers.fonts.faces import font_faces, fontconfig_xml
from trivselreport.writers.pdf.startup import isolate_fontconfig

pytestmark = pytest.mark.pdf


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder as $XDG_CACHE_HOME, and a private temporary folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("FONTCONFIG_FILE", os.environ.get("FONTCONFIG_FILE", ""))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return folder


def configured() -> Path:
    isolate_fontconfig()
    return Path(os.environ["FONTCONFIG_FILE"])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_configuration_is_in_the_users_cache_folder_with_mode_0700(cache: Path) -> None:
    conf = configured()
    assert conf.name == "fonts.conf"
    assert conf.parent.parent == cache / "trivselreport"
    assert conf.parent.name.startswith("fontconfig-")
    assert mode(conf.parent) == mode(cache / "trivselreport") == 0o700
    text = conf.read_text(encoding="utf-8")
    assert f"<cachedir>{conf.parent / 'cache'}</cachedir>" in text
    for face in font_faces():  # only the shipped faces are accepted
        assert f"<glob>{face.path}</glob>" in text


def test_without_xdg_cache_home_the_home_folders_cache_is_used(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "hjem"))
    assert configured().parent.parent == tmp_path / "hjem" / ".cache" / "trivselreport"


def test_a_relative_xdg_cache_home_is_ignored(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relativ/mappe")
    monkeypatch.setenv("HOME", str(tmp_path / "hjem"))
    assert configured().parent.parent == tmp_path / "hjem" / ".cache" / "trivselreport"


def test_a_planted_or_damaged_configuration_in_our_folder_is_rewritten(cache: Path) -> None:
    conf = configured()
    good = conf.read_text(encoding="utf-8")
    conf.write_text("<fontconfig><dir>/usr/share/fonts</dir></fontconfig>", encoding="utf-8")
    assert configured() == conf
    assert conf.read_text(encoding="utf-8") == good
    assert sorted(path.name for path in conf.parent.iterdir()) == ["fonts.conf"]


def unsafe_by_mode(folder: Path) -> None:
    folder.mkdir(parents=True)
    folder.chmod(0o777)


def unsafe_by_symlink(folder: Path) -> None:
    elsewhere = folder.parent.parent / "delt"
    elsewhere.mkdir(mode=0o700)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.symlink_to(elsewhere)


@pytest.mark.parametrize("make_unsafe", [unsafe_by_mode, unsafe_by_symlink])
@pytest.mark.parametrize("which", ["trivselreport", "fontconfig"])
def test_a_folder_that_others_could_write_or_that_leads_elsewhere_is_not_used(
    cache: Path, tmp_path: Path, make_unsafe: object, which: str
) -> None:
    ours = cache / "trivselreport"
    target = ours if which == "trivselreport" else ours / configured().parent.name
    if target.exists():
        for path in sorted(target.rglob("*"), reverse=True):
            path.unlink() if not path.is_dir() else path.rmdir()
        target.rmdir()
    make_unsafe(target)  # type: ignore[operator]
    conf = configured()
    assert conf.parent.parent == tmp_path / "tmp"  # a new private folder instead
    assert conf.parent.name.startswith("trivselreport-fontconfig-")
    assert mode(conf.parent) == 0o700
    assert not (tmp_path / "delt" / "fonts.conf").exists()


def test_a_folder_owned_by_another_user_is_not_used(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured()  # our folder exists now …
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)  # … as someone else's
    assert configured().parent.parent == tmp_path / "tmp"


def test_a_private_temporary_folder_is_removed_when_the_process_ends(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered: list[tuple[object, tuple[object, ...], dict[str, object]]] = []
    monkeypatch.setattr(
        atexit,
        "register",
        lambda function, *args, **kwargs: registered.append((function, args, kwargs)),
    )
    cache.write_text("en fil, hvor cachemappen skulle være", encoding="utf-8")
    conf = configured()
    assert conf.parent.parent == tmp_path / "tmp" and conf.is_file()
    for function, args, kwargs in registered:  # what runs when the process ends
        function(*args, **kwargs)  # type: ignore[operator]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_configuration_of_given_faces_is_the_configuration_of_the_memos_faces(
    cache: Path, tmp_path: Path
) -> None:
    assert fontconfig_xml(tmp_path / "c", font_faces()) == fontconfig_xml(tmp_path / "c")


LOADED_TWICE = """\
import gc, os, sys
from trivselreport.writers.pdf import startup

isolated = []
isolate = startup.isolate_fontconfig

def noting():
    isolated.append(1)
    isolate()

startup.isolate_fontconfig = noting
import trivselreport.writers.pdf.render  # it and the modules it imports each load WeasyPrint
first = os.environ["FONTCONFIG_FILE"]
startup.load_weasyprint()
print(len(isolated), "weasyprint" in sys.modules, os.environ["FONTCONFIG_FILE"] == first)
print(gc.isenabled(), gc.get_freeze_count() > 0)
"""


def test_weasyprint_is_loaded_and_fontconfig_isolated_once_per_process(cache: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", LOADED_TWICE], capture_output=True, text=True, check=True
    )
    once, collector = completed.stdout.splitlines()
    assert once.split() == ["1", "True", "True"]
    # What loading made is frozen, left out of later collections; the collector is on.
    assert collector.split() == ["True", "True"]
