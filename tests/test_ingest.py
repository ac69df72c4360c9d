"""Ingest: decoding, formats, titles and dates, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import InputError
from communique.ingest import document_from_bytes, guess_date, guess_title, read_document


def test_utf8_text_is_kept_verbatim(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    raw = "Title line\r\n\r\nThe two sides “agreed” — firmly.\r\n"
    p.write_bytes(raw.encode("utf-8"))
    doc = read_document(p)
    assert doc.text == raw  # CRLF kept: offsets index the file as decoded
    assert not doc.derived_text


def test_bom_is_kept_as_a_character_so_offsets_match_a_plain_utf8_read(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHeading\n\nBody text here.")
    doc = read_document(p)
    assert doc.text == p.read_bytes().decode("utf-8")
    assert doc.title == "Heading"


def test_other_encodings_are_detected(tmp_path: Path) -> None:
    text = "Les deux parties ont réaffirmé leur soutien à la coopération économique et à l’amitié. " * 5
    p = tmp_path / "latin.txt"
    p.write_bytes(text.replace("’", "'").encode("cp1252"))
    doc = read_document(p)
    assert "réaffirmé" in doc.text
    assert doc.derived_text  # not the file's bytes as UTF-8, so the JSON carries the text


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("Both sides agreed.".encode("utf-16"))
    assert read_document(p).text == "Both sides agreed."


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  "])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read_document(p)


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="binary"):
        read_document(p)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # sparse 50 MB file: refused by size, never read
        fh.seek(50_000_000)
        fh.write(b"x")
    with pytest.raises(InputError, match="larger than"):
        read_document(p)


def test_undecodable_bytes_are_an_error() -> None:
    noise = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D] * 400) + b"\x98\x80"
    with pytest.raises(InputError):
        document_from_bytes(noise, "noise.txt")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_html_main_text_drops_navigation_scripts_and_share_bars() -> None:
    html = b"""<!doctype html><html><head><title>Talks end</title><script>alert(1)</script>
    <style>p{color:red}</style></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Pakistan and China urge action</h1>
    <p>Pakistan and China on Monday urged concrete steps against terrorist groups operating from
    Afghanistan, according to a joint statement issued after talks in Beijing.</p>
    <p>The two sides agreed to hold the next round of the dialogue in Islamabad next year, officials said.</p>
    </article><div class="share">Share on Facebook Share on X</div>
    <footer>Copyright 2026 Example News</footer></body></html>"""
    doc = document_from_bytes(html, "page.html")
    assert doc.format == "html" and doc.derived_text
    assert "next round of the dialogue" in doc.text
    assert "alert(1)" not in doc.text and "color:red" not in doc.text
    assert "Share on Facebook" not in doc.text


def _pdf(text_lines: list[str] | None) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if text_lines:
        y = 800
        for line in text_lines:
            c.drawString(72, y, line)
            y -= 16
    else:
        c.rect(72, 600, 200, 100, fill=1)  # a "scan": shapes, no text layer
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_text_is_extracted() -> None:
    doc = document_from_bytes(_pdf(["Joint Statement", "The two sides agreed to meet again."]), "s.pdf")
    assert doc.format == "pdf"
    assert "agreed to meet again" in doc.text


def test_pdf_without_text_layer_is_an_error() -> None:
    with pytest.raises(InputError, match="no text layer"):
        document_from_bytes(_pdf(None), "scan.pdf")


def test_broken_pdf_is_an_error() -> None:
    with pytest.raises(InputError):
        document_from_bytes(b"%PDF-1.4\n garbage garbage", "broken.pdf")


def test_title_runs_on_across_a_line_ending_in_of() -> None:
    text = "Joint Press Communiqué of the Seventh Round of \n\nFoo-Bar Strategic Dialogue\n\nBody."
    assert guess_title(text) == "Joint Press Communiqué of the Seventh Round of Foo-Bar Strategic Dialogue"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("On March 3, 2025, the ministers met.", "2025-03-03"),
        ("Dated 14 July 2024 in Rome", "2024-07-14"),
        ("Published 2023-11-02", "2023-11-02"),
        ("No date here.", None),
    ],
)
def test_date_guess(text: str, iso: str | None) -> None:
    assert guess_date(text) == iso


def test_an_html_pages_site_name_is_kept_for_its_outlet() -> None:
    from communique.store import ArticleOrigin

    html = (
        '<html><head><meta property="og:site_name" content="The Daily Star"><title>Talks</title></head>'
        "<body><article><p>"
        + "The two sides agreed to build a railway by 2027. " * 8
        + "</p></article></body></html>"
    )
    doc = document_from_bytes(html.encode(), "https://www.example.com/news/talks.html")
    assert doc.site == "The Daily Star"
    assert ArticleOrigin.of(doc).outlet == "The Daily Star"
    plain = document_from_bytes(b"Talks\n\nThe two sides agreed.", "https://www.example.com/talks.txt")
    assert plain.site is None and ArticleOrigin.of(plain).outlet == "example.com"


def test_a_url_argument_is_recognised_in_either_spelling() -> None:
    from communique.ingest import url_of

    assert url_of("https://www.dawn.com/news/1") == "https://www.dawn.com/news/1"
    assert (
        url_of(Path("https://www.dawn.com/news/1")) == "https://www.dawn.com/news/1"
    )  # a Path keeps one slash
    assert url_of("HTTP:/example.org/a") == "http://example.org/a"
    assert url_of("reports/https-notes.txt") is None and url_of("ftp://example.org/a") is None


def test_a_url_is_fetched_under_the_web_apps_rules() -> None:
    import httpx

    from communique.errors import FetchError
    from communique.ingest import document_from_url

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, text="Talks\n\nThe two sides agreed.", headers={"content-type": "text/plain"}
        )

    doc = document_from_url(
        "http://news.example/talks.txt",
        resolve=lambda host: ["93.184.216.34"],
        transport=httpx.MockTransport(handler),
    )
    assert doc.text.startswith("Talks") and doc.path == "http://news.example/talks.txt"
    with pytest.raises(FetchError, match="non-public"):
        document_from_url("http://intranet.example/a", resolve=lambda host: ["10.0.0.7"])
