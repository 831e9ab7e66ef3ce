"""Builders of test inputs from the shipped letters: PDFs, other encodings, damaged texts."""
from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter


def letter_pdf(text: str, path: Path) -> Path:
    """A PDF of ``text``, one text line per PDF line (blank lines dropped, as PDFs print them);
    cp1252 text, as the published letters use (their dashes and quotes)."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        if line.strip():
            pdf.cell(0, 5, line.rstrip(), new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def image_only_pdf(path: Path) -> Path:
    """A PDF with drawings and no text layer, like a scanned letter."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    path.write_bytes(bytes(pdf.output()))
    return path


def encrypted_pdf(text: str, path: Path, password: str = "secret") -> Path:
    source = letter_pdf(text, path)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source.read_bytes())))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def fdl_letter(*blocks: tuple[str, str, str, str], summary: str = "The injured worker is a 48 year-old female "
               "who was injured on 03/14/2015. She has low back pain.") -> str:
    """A 2014+ letter with one decision block per ``(item, claims administrator guideline,
    MAXIMUS guideline, rationale)``, each upheld; the layout of the published letters."""
    parts = [
        "HOW THE IMR FINAL DETERMINATION WAS MADE\n\nMAXIMUS Federal Services sent the complete case file to an "
        "expert reviewer.\n\nCLINICAL CASE SUMMARY\n\n" + summary + "\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\n"
        "The Final Determination was based on decisions for the disputed items/services set forth below:\n"
    ]
    for item, claims, maximus, rationale in blocks:
        parts.append(
            f"\n{item}: Upheld\n\nClaims Administrator guideline: {claims}\n\nMAXIMUS guideline: {maximus}\n\n"
            f"Decision rationale: {rationale}\n"
        )
    return "".join(parts)
