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


DRUG_BLOCKS = [
    ("Norco 10/325mg #120", "MTUS Opioids", "MTUS Opioids", "No functional improvement is documented."),
    ("Naproxen 550mg #60", "MTUS NSAIDs", "MTUS NSAIDs", "NSAIDs are recommended at the lowest dose."),
    ("Cyclobenzaprine 7.5mg #60", "MTUS Muscle relaxants", "MTUS Muscle relaxants", "Not for long-term use."),
    ("Omeprazole 20mg #30", "MTUS NSAIDs, GI symptoms", "MTUS NSAIDs, GI symptoms", "No GI risk is documented."),
    ("Gabapentin 600mg #90", "MTUS Anti-epilepsy drugs", "MTUS Anti-epilepsy drugs", "Neuropathic pain is documented."),
]


def summary_entities(nlp, summary: str, label: str) -> list:
    """The ``label`` entities found in ``summary`` written as the case summary of a one-item letter."""
    doc = nlp(fdl_letter(("Physical therapy 6 sessions", "MTUS", "MTUS", "Not necessary."), summary=summary))
    section = next(s for s in doc.spans["imr_sections"] if s.label_ == "CASE_SUMMARY")
    return [s for s in doc.spans["imr_entities"] if s.label_ == label and section.start <= s.start < section.end]


def with_header(text: str, decision: str, received: str, case: str) -> str:
    """``text`` under the header of the published letters: case number and review dates (MM/DD/YYYY)."""
    return (f"Case Number: {case}\nDate Assigned: {received}\nDate of Injury: 03/14/2012\nDecision Date: {decision}\n"
            f"UR Denial Date: {received}\nPriority: Standard\nApplication Received: {received}\n\n{text}")


def report_corpus(folder: Path, letters: list[str]) -> Path:
    """Letters decided in four months with both outcomes: ``letters`` (texts) and drug letters,
    each under a header, every third with its first decision overturned; and one letter with no header."""
    folder.mkdir()
    drugs = [fdl_letter(DRUG_BLOCKS[i], DRUG_BLOCKS[(i + 2) % len(DRUG_BLOCKS)]) for i in range(len(DRUG_BLOCKS))]
    months = [("01/20/2015", "12/29/2014"), ("02/11/2015", "01/15/2015"), ("03/25/2015", "02/20/2015"), ("05/03/2015", "03/02/2015")]
    texts = letters + drugs
    for i, text in enumerate(texts):
        if i % 3 == 0:
            text = text.replace(": Upheld", ": Overturned", 1)
        decision, received = months[i % len(months)]
        (folder / f"letter_{i:02d}.txt").write_text(with_header(text, decision, received, f"CM15-{i:07d}"), encoding="utf-8")
    (folder / "no_header.txt").write_text(letters[0], encoding="utf-8")
    return folder
