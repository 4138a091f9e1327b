"""Extraction of source documents to the plain text the evidence index searches."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from proofline.workspace.extract import ExtractError, extract_text, split_front_matter


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF written by hand: one Helvetica text line per page (WinAnsi, so é works)."""
    n = len(pages)
    font_id = 3 + 2 * n
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(n))}] /Count {n} >>".encode(),
    ]
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({_pdf_string(text)}) Tj ET".encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- Markdown and text ------------------------------------------------------------------------


def test_markdown_front_matter_and_exact_body(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntype: study\nvalidated_on: 2025-09-12\n---\n\nBody — 18 %.\n")
    text, meta = extract_text(path)
    assert text == "\nBody — 18 %.\n"
    assert meta == {"type": "study", "validated_on": "2025-09-12"}


def test_markdown_without_front_matter_crlf_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "a.markdown", b"\xef\xbb\xbf# Title\r\n\r\nText\r\n")
    assert extract_text(path) == ("# Title\n\nText\n", {})


def test_horizontal_rule_later_is_not_front_matter() -> None:
    front = split_front_matter("Intro\n---\nMore\n")
    assert front.yaml_text is None and front.body == "Intro\n---\nMore\n"


def test_front_matter_closed_by_dots() -> None:
    front = split_front_matter("---\ntype: press\n...\nBody")
    assert front.yaml_text == "type: press\n" and front.body == "Body"


def test_bad_front_matter_reports_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntype: study\ntitle: [oops\n---\nBody\n")
    with pytest.raises(ExtractError, match="front matter: YAML syntax error") as info:
        extract_text(path)
    assert info.value.line is not None and info.value.line >= 3


def test_txt_as_is_and_undecodable(tmp_path: Path) -> None:
    assert extract_text(write(tmp_path, "a.txt", "Line 1\n  Line 2\n")) == ("Line 1\n  Line 2\n", {})
    with pytest.raises(ExtractError, match=r"not valid UTF-8 \(byte 0xe9 on line 2\); save it with UTF-8"):
        extract_text(write(tmp_path, "b.txt", "ok\nDonnées".encode("latin-1")))


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match=r"unsupported file type '\.odt'; supported: \.docx, \.htm"):
        extract_text(write(tmp_path, "a.odt", b"x"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="cannot read the file"):
        extract_text(tmp_path / "nope.md")


# --- HTML -------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="fr-FR"><head><title>Nos  tarifs</title><style>p {color: red}</style>
<script>var x = "ne pas lire";</script></head>
<body>
<nav><a href="/">Accueil</a> <a href="/prix">Prix</a></nav>
<main>
  <h1>Tarifs   2026</h1>
  <p>Abonnement <strong>Essentiel</strong> :
     à partir de 390&nbsp;€ HT par mois.</p>
  <div>Engagement annuel.<br>Mise en service incluse.</div>
  <ul><li>Pilote de trois mois</li><li>Support 8 h – 19 h</li></ul>
  <table><tr><th>Offre</th><th>Prix</th></tr><tr><td>Réseau</td><td>1 150 €</td></tr></table>
  <!-- un commentaire -->
</main>
<footer>© Ondine — mentions légales</footer>
</body></html>"""


def test_html_blocks_become_paragraphs(tmp_path: Path) -> None:
    text, meta = extract_text(write(tmp_path, "a.html", HTML))
    assert meta == {"title": "Nos tarifs", "lang": "fr"}
    assert text.split("\n\n") == [
        "# Tarifs 2026",
        "Abonnement Essentiel : à partir de 390 € HT par mois.",
        "Engagement annuel.\nMise en service incluse.",
        "- Pilote de trois mois",
        "- Support 8 h – 19 h",
        "Offre | Prix",
        "Réseau | 1 150 €",
    ]
    for dropped in ("ne pas lire", "color", "Accueil", "mentions légales", "commentaire"):
        assert dropped not in text


def test_htm_fragment_and_encoding(tmp_path: Path) -> None:
    data = '<meta charset="windows-1252"><p>Donn\xe9es h\xe9berg\xe9es en France.</p>'.encode("cp1252")
    text, meta = extract_text(write(tmp_path, "a.htm", data))
    assert text == "Données hébergées en France."
    assert meta == {}


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_pages_joined_by_blank_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", make_pdf(["Certificat ISO 27001 délivré en 2026.", "Page (deux)."]))
    text, meta = extract_text(path)
    assert text == "Certificat ISO 27001 délivré en 2026.\n\nPage (deux)."
    assert meta == {}


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.4\ngarbage without objects", b"not a pdf at all", make_pdf(["x"])[:60]],
    ids=["empty", "garbage", "not-pdf", "truncated"],
)
def test_corrupt_pdf_is_a_clear_error(
    tmp_path: Path, data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ExtractError, match="PDF"):
        extract_text(write(tmp_path, "a.pdf", data))
    assert capsys.readouterr().err == ""  # pypdf's complaints do not leak to the terminal


def test_pdf_without_text(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="no text could be extracted"):
        extract_text(write(tmp_path, "a.pdf", make_pdf([""])))


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_paragraphs_headings_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Revue de sécurité", level=1)
    document.add_paragraph("Données chiffrées au repos (AES-256).")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Contrôle"
    table.cell(0, 1).text = "Résultat"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).text = "MFA"
    table.cell(1, 1).text = "obligatoire"
    table.cell(1, 2).text = "admins"
    document.add_paragraph("Fin.")
    buffer = io.BytesIO()
    document.save(buffer)
    text, meta = extract_text(write(tmp_path, "a.docx", buffer.getvalue()))
    assert text.split("\n\n") == [
        "# Revue de sécurité",
        "Données chiffrées au repos (AES-256).",
        "Contrôle | Résultat",
        "MFA | obligatoire | admins",
        "Fin.",
    ]
    assert meta == {}


def test_corrupt_docx(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="cannot read the Word document"):
        extract_text(write(tmp_path, "a.docx", b"PK\x03\x04 not really a zip"))
