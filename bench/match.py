#!/usr/bin/env python3
"""Source discovery: which library statement each article reports on, and abstention when none does.

usage: python bench/match.py [--packs DIR] [--small] [--sweep]

The library holds every dev pack's statement plus two neighbours of each, made from it:
- another round: the round's ordinal one lower (or higher) everywhere, every year one earlier, the
  statement dated a year before;
- another set of countries: each issuing country's name (and its capital) replaced by another country's,
  same date and round.
Top-1 accuracy: each pack's articles (with their manifest's publication dates) matched against the whole
library. Abstention: each pack's articles against the library without that pack's statement (its
neighbours stay: an earlier round of the same talks is not what the article reports). With --sweep,
the score threshold is chosen by leave-one-pack-out (each pack's figure with the threshold that does
best on the other packs), printed beside the default's figures.

--small (CI): three packs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from _common import SHARED, quiet
from communique import Checker, Options
from communique.ingest import document_from_text
from communique.library import Library
from communique.match import ORDINALS, Matcher, MatchSettings
from communique.store import Store

OTHER_COUNTRIES = [
    ("Norway", "Oslo"), ("Chile", "Santiago"), ("Kenya", "Nairobi"), ("Portugal", "Lisbon"),
    ("Mongolia", "Ulaanbaatar"), ("Morocco", "Rabat"), ("Peru", "Lima"), ("Finland", "Helsinki"),
    ("Ghana", "Accra"), ("Uruguay", "Montevideo"), ("Austria", "Vienna"), ("Jordan", "Amman"),
    ("Senegal", "Dakar"), ("Ireland", "Dublin"), ("Nepal", "Kathmandu"), ("Tunisia", "Tunis"),
]  # fmt: skip
_WORD_OF = {v: k for k, v in ORDINALS.items()}


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def another_round(text: str, date: str, rounds: set[int]) -> tuple[str, str]:
    for n in sorted(rounds):
        m = n - 1 if n > 1 else n + 1
        for a, b in ((_WORD_OF.get(n), _WORD_OF.get(m)), (f"{n}{_suffix(n)}", f"{m}{_suffix(m)}")):
            if a and b:
                text = re.sub(
                    rf"\b{a}\b",
                    lambda x, b=b: b.capitalize() if x.group()[0].isupper() else b,
                    text,
                    flags=re.I,
                )
    text = re.sub(r"\b(20[0-4]\d)\b", lambda x: str(int(x.group()) - 1), text)
    return text, f"{int(date[:4]) - 1}{date[4:]}"


def other_countries(
    text: str, issuers: list[str], place: str | None, offset: int
) -> tuple[str, list[str], str | None]:
    """Every issuing country — or, when the issuers are a group, the host country — renamed: its name,
    its other names and its capital."""
    from communique.gazetteer import ALIASES, CAPITALS, canonical_place, is_country

    capital_of = {v: k for k, v in CAPITALS.items()}
    countries = [i for i in issuers if is_country(i)]
    if not countries and place:
        countries = [CAPITALS.get(place, place)]
    new, renamed = [], {}
    for i, name in enumerate(countries):
        country, capital = OTHER_COUNTRIES[(offset + i) % len(OTHER_COUNTRIES)]
        key = canonical_place(name)
        names = {name} | {a for a, c in ALIASES.items() if canonical_place(c) == key}
        names |= {c for c in set(ALIASES.values()) | set(CAPITALS.values()) if canonical_place(c) == key}
        caps = {k for k, v in CAPITALS.items() if canonical_place(v) == key} | (
            {capital_of[name]} if name in capital_of else set()
        )
        for n in sorted(names, key=len, reverse=True):
            text = re.sub(rf"(?<![\w.]){re.escape(n)}(?!\w)", country, text)
        for c in caps:
            text = re.sub(rf"\b{re.escape(c)}\b", capital, text)
        renamed[name] = country
        new.append(country)
        if place and (place in caps or canonical_place(place) == key):
            place = capital
    return text, [renamed.get(i, i) for i in issuers], place


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packs", type=Path, default=SHARED / "eval" / "packs")
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print each miss")
    a = ap.parse_args()
    packs = sorted(p for p in a.packs.iterdir() if (p / "manifest.json").exists())
    if a.small:
        packs = packs[:3]
    if not packs:
        print(f"no packs in {a.packs}", file=sys.stderr)
        return 1
    quiet()
    checker = Checker(Options(progress=False))
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Store(Path(tmp) / "lib.db"), checker.nlp)
        real: dict[str, int] = {}
        articles: dict[str, list[tuple[str, str | None, str | None]]] = {}
        for k, pack in enumerate(packs):
            man = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
            text = (pack / man["source"]["file"]).read_text(encoding="utf-8")
            doc = document_from_text(text, f"{pack.name}/statement.txt")
            entry = library.add_document(doc, man).entry
            real[pack.name] = entry.id
            from communique.match import rounds_in

            r_text, r_date = another_round(
                text, entry.date or man["date"], rounds_in((entry.title or "") + "\n" + text[:400])
            )
            library.add_document(
                document_from_text(r_text, f"{pack.name}/earlier-round.txt"),
                {**man, "date": r_date, "event": None},
            )
            c_text, c_issuers, c_place = other_countries(
                text, list(man["source"].get("issued_by", [])), man.get("place"), 3 * k
            )
            library.add_document(
                document_from_text(c_text, f"{pack.name}/other-countries.txt"),
                {**man, "event": None, "place": c_place, "source": {**man["source"], "issued_by": c_issuers}},
            )
            articles[pack.name] = [
                (
                    (pack / art["file"]).read_text(encoding="utf-8"),
                    art.get("published"),
                    (pack / art["file"]).read_text(encoding="utf-8").strip().splitlines()[0],
                )
                for art in man.get("articles", [])
            ]
        statements = library.statements()
        print(
            f"library: {len(statements)} statements ({len(packs)} real, {2 * len(packs)} neighbours); "
            f"{sum(len(v) for v in articles.values())} articles"
        )
        full = Matcher(statements, checker.embedder)
        without = {
            name: Matcher([s for s in statements if s.id != sid], checker.embedder)
            for name, sid in real.items()
        }

        # every article matched once with no score floor: the threshold only decides abstention
        floor = MatchSettings(min_score=0.0)
        scored = {
            name: [
                (
                    full.with_settings(floor).match(t, day, title),
                    without[name].with_settings(floor).match(t, day, title),
                    title,
                )
                for t, day, title in arts
            ]
            for name, arts in articles.items()
        }

        def outcomes(settings: MatchSettings) -> dict[str, tuple[int, int, int]]:
            """Per pack: (articles, top-1 right, abstained without the statement)."""
            t = settings.min_score
            res = {}
            for name, rows in scored.items():
                right = sum(
                    1
                    for r, _, _ in rows
                    if r.best and r.best.score >= t and r.best.statement_id == real[name]
                )
                abstained = sum(1 for _, w, _ in rows if not w.best or w.best.score < t)
                res[name] = (len(rows), right, abstained)
                if a.verbose and settings == MatchSettings():
                    for r, w, title in rows:
                        ok = r.best and r.best.score >= t and r.best.statement_id == real[name]
                        if not ok or (w.best and w.best.score >= t):
                            print(f"    {name}: {title[:50]!r} -> {r.best} | without: {w.best}")
            return res

        def show(label: str, res: dict[str, tuple[int, int, int]]) -> None:
            n = sum(v[0] for v in res.values())
            print(
                f"{label}: top-1 {sum(v[1] for v in res.values()) / n:.3f}, abstention {sum(v[2] for v in res.values()) / n:.3f} "
                f"(target >= 0.95 and >= 0.90; {n} articles)"
            )

        default = MatchSettings()
        res = outcomes(default)
        for name, (n, right, abst) in res.items():
            print(f"  {name:<22} top-1 {right}/{n}  abstained {abst}/{n}")
        show(f"default (min_score {default.min_score})", res)
        # news that reports none of the library's statements: CNN/Daily Mail articles (FRANK's sources)
        frank = SHARED / "eval" / "external" / "frank_cnndm.pairs.jsonl"
        if frank.exists():
            seen: dict[str, None] = {}
            for line in frank.read_text(encoding="utf-8").splitlines():
                seen.setdefault(json.loads(line)["source"], None)
            news = list(seen)[: 40 if a.small else 250]
            matched = [r.best for t in news if (r := full.match(t)).best is not None]
            print(
                f"unrelated news (FRANK's CNN/DM articles, no dates): abstained {len(news) - len(matched)}/"
                f"{len(news)} = {(len(news) - len(matched)) / len(news):.3f}"
            )
            if a.verbose:
                for m in matched:
                    print(f"    matched unrelated news to {m.title!r} ({m.score:.2f})")
        if a.sweep:
            grid = [round(0.3 + 0.025 * i, 3) for i in range(17)]
            per = {t: outcomes(replace(default, min_score=t)) for t in grid}
            lopo: dict[str, tuple[int, int, int]] = {}
            chosen = []
            for name in articles:

                def rest(t: float, name: str = name) -> int:
                    return sum(v[1] + v[2] for k, v in per[t].items() if k != name)

                best_t = max(grid, key=lambda t: (rest(t), -abs(t - default.min_score)))
                chosen.append(best_t)
                lopo[name] = per[best_t][name]
            print("thresholds chosen per fold: " + ", ".join(f"{t:.3f}" for t in chosen))
            show("leave-one-pack-out", lopo)
            for t in grid:
                v = per[t]
                n = sum(x[0] for x in v.values())
                print(
                    f"  min_score {t:.3f}: top-1 {sum(x[1] for x in v.values()) / n:.3f} "
                    f"abstention {sum(x[2] for x in v.values()) / n:.3f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
