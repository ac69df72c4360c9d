"""The statement library: statements stored once with what tells them apart from their neighbours
(issuers, date, place, kind, round), for finding which one an article reports on.

Metadata come from a ``manifest.json`` beside the statement when there is one (``event``, ``place``,
``date``, ``source.issued_by``, ``source.kind``), else from the text: its title, its first date, its
issuers (the issuing line, the countries the title names, else the two most named), a capital named near
the top as the place, the kind named in the title, and the round's number from the title.
Adding the same bytes again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .errors import CommuniqueError, InputError
from .gazetteer import CAPITALS
from .ingest import read_document
from .match import LibraryStatement, rounds_in
from .models import Document
from .segment import Limits, check_limits
from .store import DocumentRow, StatementRow, Store, get_row

_KINDS = (
    "joint press communiqué",
    "joint communiqué",
    "joint communique",
    "joint statement",
    "joint declaration",
    "chair's statement",
    "chairman's statement",
    "declaration",
    "communiqué",
    "communique",
    "statement",
    "press release",
    "readout",
)
_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}


@dataclass(frozen=True, slots=True)
class Entry:
    """A statement of the library as listed."""

    id: int
    title: str | None
    date: str | None
    issuers: tuple[str, ...]
    place: str | None
    kind: str | None
    round: str | None
    path: str
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "issuers": list(self.issuers),
            "place": self.place,
            "kind": self.kind,
            "round": self.round,
            "path": self.path,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class Added:
    entry: Entry
    new: bool


def kind_of(title: str | None) -> str | None:
    low = (title or "").lower().replace("’", "'")
    return next((k for k in _KINDS if k in low), None)


def place_of(text: str) -> str | None:
    """A capital named in the first lines (the dateline or "held in Beijing")."""
    head = text[:800]
    hits = [(m.start(), name) for name in CAPITALS for m in [re.search(rf"\b{re.escape(name)}\b", head)] if m]
    return min(hits)[1] if hits else None


@dataclass(frozen=True, slots=True)
class Refused:
    """A statement file (or corpus folder) that could not be added, and why."""

    path: str
    error: str


def statement_files(paths: Iterable[Path]) -> Iterator[tuple[Path, dict[str, Any]] | Refused]:
    """Each statement file the paths hold, with its manifest: a folder with a manifest.json gives its
    source; a folder without one is searched for such folders, else its documents are taken. A folder
    whose manifest cannot be read is a ``Refused``, and the others are still walked."""
    for path in paths:
        if path.is_dir():
            if (path / "manifest.json").exists():
                from .pipeline import load_corpus  # the one manifest reader (paths kept inside the folder)

                try:
                    corpus = load_corpus(path)
                except CommuniqueError as exc:
                    yield Refused(str(path / "manifest.json"), exc.message)
                    continue
                yield corpus.source, corpus.manifest
                continue
            subs = sorted(p for p in path.iterdir() if p.is_dir())
            if any((s / "manifest.json").exists() for s in subs):
                yield from statement_files(subs)
            else:
                yield from ((p, {}) for p in sorted(path.iterdir()) if p.suffix.lower() in _SUFFIXES)
        else:
            yield path, {}


class Library:
    """The statements of one store. ``nlp`` (a spaCy pipeline) finds issuers when no manifest names
    them; without it they are left empty."""

    def __init__(
        self, store: Store, nlp: Any = None, max_bytes: int = 20_000_000, limits: Limits | None = None
    ) -> None:
        """``limits``: the document limits a statement must keep (its paragraphs, sentences, tokens),
        the same a check applies to it."""
        self.store = store
        self.nlp = nlp
        self.max_bytes = max_bytes
        self.limits = limits or Limits()

    def add_each(self, paths: Iterable[Path]) -> Iterator[Added | Refused]:
        """Add every statement the paths hold, one at a time: each is ``Added``, or ``Refused`` with the
        reason (unreadable, empty, over the limits) while the others are still added."""
        for item in statement_files(paths):
            if isinstance(item, Refused):
                yield item
                continue
            path, manifest = item
            try:
                doc = read_document(path, max_bytes=self.max_bytes)
                check_limits(doc, self.limits)
                yield self.add_document(doc, manifest)
            except CommuniqueError as exc:
                yield Refused(str(path), exc.message)

    def add(self, paths: Iterable[Path]) -> list[Added]:
        """Add every statement the paths hold; when one could not be added, ``InputError`` names it
        after all the others were tried."""
        done = list(self.add_each(paths))
        refused = [r for r in done if isinstance(r, Refused)]
        if refused:
            more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
            raise InputError(f"{refused[0].error}{more}")
        return [a for a in done if isinstance(a, Added)]

    def remove(self, statement_id: int) -> Entry:
        """Take a statement out of the library (its document and the runs checked against it stay)."""
        with self.store.session() as s:
            st = get_row(s, StatementRow, statement_id, "statement", hint="see `communique library list`")
            entry = self._entry(st, st.document)
            s.delete(st)
        return entry

    def add_document(self, doc: Document, manifest: dict[str, Any] | None = None) -> Added:
        """Store ``doc`` as a statement (once per content)."""
        manifest = manifest or {}
        raw = manifest.get("source")
        src: dict[str, Any] = raw if isinstance(raw, dict) else {}
        with self.store.session() as s:  # a read: already in the library?
            existing = s.scalar(
                select(StatementRow).join(DocumentRow).where(DocumentRow.sha256 == doc.sha256)
            )
            if existing is not None:
                return Added(self._entry(existing, existing.document), False)
        title = str(manifest.get("event") or doc.title or "") or None
        issuers = [str(x) for x in (src.get("issued_by") or [])] or self._issuers(doc)
        rounds = rounds_in(f"{title or ''}\n{doc.text[:400]}")
        meta = {
            "title": title,
            "issuers": issuers,
            "date": str(manifest.get("date") or src.get("published") or doc.date or "") or None,
            "place": str(manifest.get("place") or "") or place_of(doc.text),
            "kind": str(src.get("kind") or "") or kind_of(doc.title),
            "round": str(min(rounds)) if rounds else None,
        }
        created: list[bool] = []

        def write() -> int:
            with self.store.session() as s:
                row = self.store.document_row(s, doc)
                existing = s.scalar(select(StatementRow).where(StatementRow.document_id == row.id))
                if existing is not None:  # stored meanwhile by another writer
                    return existing.id
                st = StatementRow(document_id=row.id, **meta)
                s.add(st)
                s.flush()
                created.append(True)
                return st.id

        # a concurrent writer storing the same document or statement first: read what it stored
        sid = self.store.retrying(write, lambda: None, "id")
        with self.store.session() as s:
            st = get_row(s, StatementRow, sid, "statement")
            return Added(self._entry(st, st.document), bool(created))

    def _issuers(self, doc: Document) -> list[str]:
        if self.nlp is None:
            return []
        from .analyze import parties_of

        paragraphs = [p.strip() for p in doc.text[:6000].split("\n") if p.strip()][:40]
        return list(parties_of(list(self.nlp.pipe(paragraphs))))

    @staticmethod
    def _entry(st: StatementRow, doc: DocumentRow) -> Entry:
        return Entry(
            st.id,
            st.title,
            st.date,
            tuple(st.issuers or ()),
            st.place,
            st.kind,
            st.round,
            doc.path,
            doc.sha256,
        )

    def entries(self) -> list[Entry]:
        with self.store.session() as s:
            rows = s.execute(
                select(StatementRow, DocumentRow)
                .join(DocumentRow)
                .order_by(StatementRow.date, StatementRow.id)
            ).all()
            return [self._entry(st, doc) for st, doc in rows]

    def show(self, statement_id: int) -> tuple[Entry, str]:
        """A statement's entry and its text."""
        with self.store.session() as s:
            st = get_row(s, StatementRow, statement_id, "statement", hint="see `communique library list`")
            doc = st.document
            return self._entry(st, doc), doc.text

    def document(self, statement_id: int) -> Document:
        """The statement as a document, with the library's date."""
        with self.store.session() as s:
            st = get_row(s, StatementRow, statement_id, "statement", hint="see `communique library list`")
            doc = st.document
            return Document(
                path=doc.path,
                text=doc.text,
                format=doc.format,
                title=doc.title,
                date=st.date or doc.date,
                sha256=doc.sha256,
                encoding=doc.encoding,
                derived_text=doc.format in {"html", "pdf"},
            )

    def statements(self) -> list[LibraryStatement]:
        """Every statement as the matcher reads it."""
        with self.store.session() as s:
            rows = s.execute(
                select(StatementRow, DocumentRow).join(DocumentRow).order_by(StatementRow.id)
            ).all()
            return [
                LibraryStatement(
                    st.id, st.title, doc.text, st.date, tuple(st.issuers or ()), st.round, st.place
                )
                for st, doc in rows
            ]
