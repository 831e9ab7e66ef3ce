"""Parse one guideline citation ("MTUS Chronic Pain Treatment Guidelines Physical Therapy,
pages 98-99") into the record's citation object, using the titles of ``patterns/guidelines.json``."""
from __future__ import annotations

import re
from functools import lru_cache

_PAGES = re.compile(
    r"(?:page\(s\)|pages?|pgs?\.?|\bpp?\.|\bpp?(?=\s+\d))\s*:?\s*(?:pages?\s*)?"
    r"(\d+(?:\s*(?:-|–|to|,|and|&)\s*\d+)*)(?![.\d]*\d)",
    re.I,
)
_SECTION_LABEL = re.compile(r"section\(s\)\s*:?", re.I)
# "Section(s): 3.3.9 Opioids ..., 3.3.6 Opioids ...": numbered sections, never pages.
_SECTION_NUMBER = re.compile(r"(?:(?<=section\(s\):)|(?<=section\(s\))|(?<=,))\s*(\d+(?:\.\d+)+|\d+\.?)(?=\s+[A-Za-z])", re.I)
_DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})\b")
_ACCESSED = re.compile(r",?\s*\b(?:accessed|retrieved)\b.*$", re.I | re.S)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_OTHER_SOURCE = re.compile(r"\bother\s+medical\s+treatment\s+guidelines?\b", re.I)
_CHAPTER = re.compile(r"\bchapter\s+(\d+)\b", re.I)
_EDITION = re.compile(r"\b(\d+)(?:st|nd|rd|th)\s+edition\b", re.I)
# "Harris J." / "Smith AB, Jones C." before a title.
_AUTHORS = re.compile(r"^(?:[A-Z][A-Za-z'-]+\s+[A-Z]{1,3}\.?(?:,\s*|\s+|$))+(?:et al\.?)?")
_YEAR = re.compile(r"\(?\b((?:19|20)\d\d)\b\)?")
_NOISE = re.compile(
    r"\bnon-mtus citation\b|\bcitation\b|\(odg\)|\(acoem\)|\(online version\)|\bweb version\b|\bguidelines?\b|[\"“”]",
    re.I,
)


def pages(text: str) -> list[int]:
    """"98-99" -> [98, 99]; "98, 99" -> [98, 99]; "111-113" -> [111, 112, 113]."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|and|&)\s*", text):
        if m := re.fullmatch(r"(\d+)\s*(?:-|–|to)\s*(\d+)", part):
            first, last = int(m[1]), int(m[2])
            out.extend(range(first, last + 1) if 0 <= last - first <= 50 else (first, last))
        elif part.isdigit():
            out.append(int(part))
    return out


def _sections(topic: str) -> tuple[list[str], str]:
    """The section numbers after "Section(s):" and the topic with each numbered section's title
    joined by "; " ("3.3.6 Use of UDT, 3.3.8 Titration" -> ["3.3.6", "3.3.8"], "Use of UDT; Titration")."""
    label = _SECTION_LABEL.search(topic)
    if label is None:
        return [], topic
    numbers = list(_SECTION_NUMBER.finditer(topic, label.start()))
    if not numbers:
        return [], topic
    titles = [topic[m.end() : n.start()].strip(" ,;") for m, n in zip(numbers, numbers[1:])] + [topic[numbers[-1].end() :]]
    return [m[1].rstrip(".") for m in numbers], topic[: numbers[0].start()] + " " + "; ".join(t.strip() for t in titles)


@lru_cache(maxsize=None)
def _word(term: str, flags: int = 0) -> re.Pattern:
    """``term`` as a whole word (the lexicon's terms, compiled once)."""
    return re.compile(r"(?<![a-z])" + re.escape(term) + r"(?![a-z])", flags)


def _find(low: str, term: str) -> int:
    """Where ``term`` is a whole word of the lower-case ``low``, or -1 (the regex runs only where
    the words are: most terms are not in a citation)."""
    term = term.lower()
    if term not in low:
        return -1
    m = _word(term).search(low)
    return m.start() if m else -1


def parse_citation(text: str, lexicon: dict, inherited: dict | None = None, implied: str | None = None) -> dict | None:
    """The citation object of ``text``, or None if it cites nothing: ``source``, ``title``,
    ``chapter``, ``edition``, ``year``, ``pages``, ``sections`` and ``topic``.

    ``inherited`` is the citation a numbered sub-citation ("(2) Preface, ...") belongs to;
    ``implied`` the source when the text names none ("and Opioid Treatment 2016" after an MTUS one).
    """
    low = text.lower()
    if any(phrase in low for phrase in lexicon["not_cited"]):
        return None
    named = {s for s, terms in lexicon["sources"].items() if any(_find(low, t) >= 0 for t in terms)}
    if any(phrase in low for phrase in lexicon["non_mtus"]):
        source = "ODG" if "ODG" in named else "ACOEM" if "ACOEM" in named else "OTHER"
    else:
        source = next((s for s in ("MTUS", "ODG", "ACOEM") if s in named), None)
    if source is None and (_OTHER_SOURCE.search(text) or _URL.search(text)):
        source = "OTHER"
    source = source or implied
    if source is None and inherited is None:
        return None
    citation = dict(inherited or {"source": source, "title": None, "chapter": None, "edition": None, "year": None})
    if source is not None:
        citation.update(source=source, title=None, chapter=None, edition=None, year=None)
    topic = text
    found = []  # (position, -length, entry, term) of every title term of the citation's source
    for entry in lexicon["titles"]:
        if entry["source"] not in (citation["source"], "MTUS" if citation["source"] == "ACOEM" else None):
            continue
        for term in entry["terms"]:
            if (i := _find(low, term)) >= 0:
                found.append((i, -len(term), entry, term))
    for i, _, entry, term in sorted(found, key=lambda f: f[:2]):  # the title named first
        if entry["source"] != citation["source"]:  # an ACOEM chapter cited outside the MTUS
            citation["chapter"] = citation["chapter"] or entry.get("chapter")
            continue
        if citation["title"] is None:
            citation["title"] = entry["title"]
            citation["chapter"] = entry.get("chapter")
        topic = topic[:i] + " " * len(term) + topic[i + len(term) :]
        break
    if m := _CHAPTER.search(text):
        citation["chapter"] = int(m[1])
    if m := _EDITION.search(text):
        citation["edition"] = int(m[1])
    page_match = _PAGES.search(text)
    citation["pages"] = pages(page_match[1]) if page_match else []
    citation["sections"], topic = _sections(topic)
    topic = _ACCESSED.sub(" ", _URL.sub(" ", _OTHER_SOURCE.sub(" ", topic)))
    for pattern in (_PAGES, _SECTION_LABEL, _CHAPTER, _EDITION, _DATE, _NOISE):
        topic = pattern.sub(" ", topic)
    for terms in lexicon["sources"].values():
        for term in terms:
            if term.casefold() in topic.casefold():  # else the case-blind regex cannot match
                topic = _word(term, re.I).sub(" ", topic)
    if m := _YEAR.search(topic):
        citation["year"] = int(m[1])
        topic = _YEAR.sub(" ", topic)
    topic = re.sub(r"\(\s*\d?\s*\)", " ", topic)  # numbering "(2)" and parentheses emptied above
    topic = re.sub(r"^(?:the|of|in|on)\b", " ", " ".join(topic.split()).strip(" ,;:.-"), flags=re.I)
    topic = topic.strip(" ,;:.-")
    while topic[:1] in "()" and topic or topic.startswith(")"):
        topic = topic[1:].strip()
    if topic.count("(") > topic.count(")") and topic.endswith("("):
        topic = topic[:-1].strip()
    if topic.count(")") > topic.count("(") and topic.endswith(")"):
        topic = topic[:-1].strip()
    topic = re.sub(r"\s+([,;])", r"\1", topic)
    if citation["source"] == "OTHER":
        topic = _reference_title(topic)
    topic = _AUTHORS.sub("", topic).strip(" ,;:.-")
    citation["topic"] = topic or None
    return citation


def _reference_title(topic: str) -> str:
    """The title of a reference written "Authors. Title. Place: Publisher; Date." (NLM style):
    its second sentence; a topic of fewer sentences is the title itself."""
    sentences = [x for x in re.split(r"(?<=[A-Za-z)])\.\s+", topic) if x.strip()]
    return sentences[1].strip(" .") if len(sentences) >= 3 else topic
