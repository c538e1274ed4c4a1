"""A cache of each entry file's validated result, so that an unchanged file is not
parsed again by `check`, `list` and `stats`.

Where: the git-ignored folder .trivselreport-cache/ of the project, one JSON file
(codec.py says why JSON). Deleting the folder is always safe.

It can never hide a change. The whole cache belongs to one key (`run_key`): the
config as read (its repr and its file's bytes), the project folder, the tool's
version, a hash of the reading code itself, Python's and the parsing libraries'
versions and the shape of the cached classes; another key, and the cache starts
empty. A file's record is used only when

- it was made for the same path, reached the same way (the same link target),
- and either the file's identity, size, mtime and ctime (lstat) are the recorded
  ones and neither time lies within RACY_NS of when the cache was written (a file
  changed in the same tick as it was hashed would look unchanged: that is re-hashed),
- or the file is the same inode and its bytes have the recorded SHA-256.

What is parsed is the very bytes that were hashed. Entries with pictures
(`billeder`) are never cached: their checks read other files. Nothing here
depends on today's date (tests/test_check_cache.py keeps reading/ free of it).

Safe to share: written to a temporary file in the same folder and renamed into
place, so a reader sees the old or the new cache, never half of one; anything that
is not a cache this code wrote (truncated, garbage, another version) is ignored and
rebuilt; a cache folder or file that is a link is neither read nor written; a
folder that cannot be written leaves the run uncached. No error here ever reaches
the user: the cache only ever makes a run faster.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trivselreport import __version__
from trivselreport.reading.cache import codec
from trivselreport.reading.cache.codec import Undecodable, Unencodable, decode, encode, shape
from trivselreport.reading.cache.documents import CACHE_DIR as CACHE_DIR
from trivselreport.reading.cache.documents import RACY_NS as RACY_NS
from trivselreport.reading.cache.documents import plain_folder
from trivselreport.reading.cache.documents import read_document as read_document
from trivselreport.reading.cache.documents import write_document as write_document
from trivselreport.reading.cache.result import FileResult as FileResult
from trivselreport.reading.files.textfile import MAX_FILE_BYTES

CACHE_FILE = "entries.json"
FORMAT = "trivselreport entry cache"
SCHEMA = 1
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


# `compute(data)`: the file's result from its bytes (None: read the file yourself),
# and whether it may be cached.
Compute = Callable[[bytes | None], tuple[FileResult, bool]]


class EntryCache:
    """The records of one run: looked up with `result`, written back with `save`."""

    def __init__(self, root: Path, key: str | None, records: dict[str, Any], threshold: int):
        self.root = root
        self.key = key  # None: the cache is off for this run
        self.records = records
        self.threshold = threshold  # file times at or after it are "racy"
        self.seen: set[str] = set()
        self.dirty = False

    def result(self, path: Path, source: Path | None, compute: Compute) -> FileResult:
        if self.key is None:
            return compute(None)[0]
        name = str(path)
        self.seen.add(name)
        via = "" if source is None else str(source)
        real = path if source is None else source
        try:
            status = os.lstat(real)
        except OSError:
            return compute(None)[0]
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return compute(None)[0]
        identity = [
            status.st_dev,
            status.st_ino,
            status.st_size,
            status.st_mtime_ns,
            status.st_ctime_ns,
        ]
        codec.known_paths[name] = path
        record = self.records.get(name)
        if not (isinstance(record, list) and len(record) == 4 and record[0] == via):
            record = None
        if record is not None and record[1] == identity and not _racy(status, self.threshold):
            if (found := self._decoded(name, record)) is not None:
                return found
            record = None
        data = _read_exactly(real, status)
        if data is None:
            return compute(None)[0]
        digest = hashlib.sha256(data).hexdigest()
        same_file = record is not None and record[1][:2] == identity[:2]
        if same_file and record is not None and record[2] == digest:
            found = self._decoded(name, record)
            if found is not None:
                # Written again only when that makes the record trusted on its stat.
                if record[1] != identity or not _racy(status, time.time_ns() - RACY_NS):
                    record[1] = identity
                    self.dirty = True
                return found
        result, cacheable = compute(data)
        if cacheable:
            try:
                encoded = encode(result)
                self.records[name] = [via, identity, digest, encoded]
            except Unencodable:
                self.records.pop(name, None)
            self.dirty = True
        elif self.records.pop(name, None) is not None:
            self.dirty = True
        return result

    def _decoded(self, name: str, record: list[Any]) -> FileResult | None:
        try:
            found: FileResult = decode(record[3], FileResult)
            return found
        except (Undecodable, RecursionError):
            self.records.pop(name, None)
            self.dirty = True
            return None

    def save(self) -> None:
        """Write the records back (atomically); never fails, never writes through a link."""
        codec.known_paths.clear()
        if self.key is None:
            return
        for name in [name for name in self.records if name not in self.seen]:
            if not os.path.lexists(name):  # deleted or renamed: its record goes
                del self.records[name]
                self.dirty = True
        if not self.dirty:
            return
        document = {
            "format": FORMAT,
            "schema": SCHEMA,
            "key": self.key,
            "written_ns": time.time_ns(),
            "records": self.records,
        }
        write_document(self.root, CACHE_FILE, document)


def open_cache(config: Any, *, enabled: bool = True) -> EntryCache:
    """The project's entry cache for a run with `config` (a Config); off (every lookup
    computed) when disabled or when the cache folder or the config cannot be used."""
    root = Path(config.root)
    off = EntryCache(root, None, {}, 0)
    if not enabled:
        return off
    try:
        key = run_key(config)
    except Unencodable:  # a cached class has a field the codec cannot keep
        key = None
    if key is None:
        return off
    folder = root / CACHE_DIR
    if os.path.lexists(folder) and not plain_folder(folder):
        return off
    records, threshold = _load(folder / CACHE_FILE, key)
    return EntryCache(root, key, records, threshold)


def _load(path: Path, key: str) -> tuple[dict[str, Any], int]:
    """The records of a cache made with `key`, and its racy threshold; none otherwise."""
    found = read_document(path)
    if found is None:
        return {}, 0
    document, status = found
    if (
        document.get("format") == FORMAT
        and document.get("schema") == SCHEMA
        and document.get("key") == key
        and type(document.get("written_ns")) is int
        and isinstance(document.get("records"), dict)
    ):
        threshold = min(status.st_mtime_ns, document["written_ns"]) - RACY_NS
        return document["records"], threshold
    return {}, 0


def run_key(config: Any) -> str | None:
    """Everything that decides how a file is validated, hashed; None when the config
    file cannot be read again (then nothing is cached)."""
    root = Path(config.root)
    try:
        data = Path(os.path.realpath(config.path)).read_bytes()
    except OSError:
        return None
    parts = [
        FORMAT,
        str(SCHEMA),
        __version__,
        sys.version,
        _code_digest(),
        _library_versions(),
        shape(),
        repr(config),
        hashlib.sha256(data).hexdigest(),
        str(root),
        os.path.realpath(root),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _code_digest() -> str:
    """The reading code and errors.py as installed: any change to them is a new cache."""
    package = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    files = [package / "errors.py", *sorted((package / "reading").rglob("*.py"))]
    for file in files:
        digest.update(str(file.relative_to(package)).encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _library_versions() -> str:
    import markdown_it
    import regex
    import yaml

    return (
        f"yaml {yaml.__version__} {getattr(yaml, '__with_libyaml__', False)}; "
        f"markdown-it {markdown_it.__version__}; regex {regex.__version__}"
    )


def _racy(status: os.stat_result, threshold: int) -> bool:
    """The file may have changed in the same tick as it was hashed (see the module)."""
    return max(status.st_mtime_ns, status.st_ctime_ns) >= threshold


def _read_exactly(real: Path, status: os.stat_result) -> bytes | None:
    """The file's bytes when it is still the file lstat saw, at the size it saw."""
    try:
        # open() as textfile.read_text uses it (so that what refuses one refuses both)
        with open(real, "rb", opener=_no_follow) as stream:
            opened = os.fstat(stream.fileno())
            if (opened.st_dev, opened.st_ino) != (status.st_dev, status.st_ino):
                return None
            data = stream.read(status.st_size + 1)
    except OSError:
        return None
    return data if len(data) == status.st_size else None


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | _NOFOLLOW)
