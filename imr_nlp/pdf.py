"""Text of PDF letters, with PDFium (pypdfium2).

Chosen by measurement (``scripts/compare_pdf.py``): on the 194 published PDFs of the public crawl
pypdf took 0.058 s a letter, more than the whole pipeline, and PDFium 0.006 s, with the same
record-field accuracy; on PDFs generated from the development letters here, see the README.
Pages are joined with a form feed, as pdfminer and the published text extractions do, so every
character's page is known from the form feeds before it (``records.page_starts``).

PDFium's text differs from the page in two marks, undone here: lines end in "\\r\\n", and a
hyphen that ends a line comes back as U+FFFE (or U+0002) with the line break dropped.
"""
from __future__ import annotations

import re

from .errors import Errors

LINE_END_HYPHEN = re.compile("[\ufffe\x02]")


class PdfError(ValueError):
    pass


def pdf_text(data: bytes) -> str:
    """All pages' text, separated by "\\f"; PdfError with a clear message otherwise."""
    import pypdfium2 as pdfium  # imported here: only PDF inputs need it

    try:
        document = pdfium.PdfDocument(data)
    except (pdfium.PdfiumError, ValueError, OSError) as err:
        if "password" in str(err).lower():
            raise PdfError(Errors.E010) from err
        raise _unreadable(err) from err
    try:
        pages = [_page_text(document, index) for index in range(len(document))]
    except pdfium.PdfiumError as err:
        raise _unreadable(err) from err
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise PdfError(Errors.E011)
    return "\f".join(pages)


def _unreadable(err: Exception) -> PdfError:
    return PdfError(Errors.E012.format(detail=str(err).rstrip(".")))


def _page_text(document, index: int) -> str:
    page = document[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
        page.close()
    return LINE_END_HYPHEN.sub("-\n", text.replace("\r\n", "\n"))
