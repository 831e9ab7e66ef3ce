"""Choose the PDF library by measurement: seconds a letter and record-field accuracy of the text
that pypdf and PDFium (pypdfium2, the one imr_nlp uses) give from the same PDFs.

    python scripts/compare_pdf.py [--pdfs DIR] [--runs 3]

--pdfs: a folder of published letter PDFs named by case number (CM16-0213037.pdf); records are
scored against ``corpus/gold/dev`` where a gold letter has that id. Without it, PDFs are made from
the development letters (``../shared/dwc-letters``) with ``tests/letters.py``'s ``letter_pdf``:
simple PDFs, one text line per PDF line, on which pypdf looks faster than on published ones.
Needs the test extra (pypdf, fpdf2).
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from pypdf import PdfReader

import imr_nlp
from imr_nlp.evaluate import evaluate, read_gold
from imr_nlp.pdf import pdf_text
from imr_nlp.records import build_record

ROOT = Path(__file__).resolve().parent.parent
DWC = ROOT.parent / "shared" / "dwc-letters"


def pypdf_text(data: bytes) -> str:
    """The text imr_nlp read with pypdf before PDFium: pages joined by form feeds."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


LIBRARIES: dict[str, Callable[[bytes], str]] = {"pypdf": pypdf_text, "pypdfium2": pdf_text}


def generated_pdfs(folder: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    from letters import letter_pdf

    return [letter_pdf(p.read_text(encoding="utf-8"), folder / f"{p.stem}.pdf") for p in sorted(DWC.glob("*.txt"))]


def seconds_per_letter(extract: Callable[[bytes], str], blobs: list[bytes], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for blob in blobs:
            extract(blob)
        times.append((time.perf_counter() - start) / len(blobs))
    return statistics.median(times)


def field_accuracy(nlp, gold: list[dict], texts: dict[str, str]) -> dict[str, float]:
    """Accuracy of each record field the gold states, on the letters of ``texts`` it has."""
    scored = [g for g in gold if g["id"] in texts]
    records = {g["id"]: build_record(nlp(texts[g["id"]]), id=g["id"], source="", text=texts[g["id"]]) for g in scored}
    return {name: f["accuracy"] for name, f in evaluate(scored, records)["fields"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdfs", type=Path, help="a folder of published PDFs (default: PDFs made from the letters)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    nlp = imr_nlp.load()
    gold = read_gold(ROOT / "corpus" / "gold" / "dev")
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(args.pdfs.glob("*.pdf")) if args.pdfs else generated_pdfs(Path(tmp))
        blobs = [p.read_bytes() for p in paths]
    kind = f"{len(paths)} PDFs from {args.pdfs}" if args.pdfs else f"{len(paths)} PDFs made from the development letters"
    texts = {p.stem: (DWC / f"{p.stem}.txt").read_text(encoding="utf-8") for p in paths if (DWC / f"{p.stem}.txt").exists()}
    baseline = field_accuracy(nlp, gold, texts)
    rows = [("text files", None, baseline)]
    for name, extract in LIBRARIES.items():
        texts = {p.stem: extract(blob) for p, blob in zip(paths, blobs)}
        rows.append((name, seconds_per_letter(extract, blobs, args.runs), field_accuracy(nlp, gold, texts)))
    print(f"PDF text, {kind}, median of {args.runs}; {len(baseline)} record fields scored on the gold letters among them")
    print(f"| {'library':<10} | {'s/letter':>8} | {'speed-up':>8} | {'mean field accuracy':>19} | {'fields below .txt':>17} |")
    print(f"|{'-' * 12}|{'-' * 10}|{'-' * 10}|{'-' * 21}|{'-' * 19}|")
    slowest = max(seconds for _, seconds, _ in rows if seconds)
    for name, seconds, scores in rows:
        timing = f"{seconds:>8.4f} | {slowest / seconds:>7.1f}x" if seconds else f"{'':>8} | {'':>8}"
        below = sorted(f for f, a in scores.items() if a < baseline.get(f, 0.0))
        print(f"| {name:<10} | {timing} | {statistics.mean(scores.values()):>19.4f} | {', '.join(below) or 'none':>17} |")


if __name__ == "__main__":
    main()
