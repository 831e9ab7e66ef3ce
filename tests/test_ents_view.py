"""``doc.ents`` is the non-overlapping view of the overlapping entities: longer spans first (the
earlier of two as long), a GUIDELINE citation only where no other entity is."""
from spacy.tokens import Span

from imr_nlp.components.entities import ents_view


def test_longer_spans_win_and_a_citation_yields_to_what_it_holds(nlp):
    doc = nlp.make_doc("Physical therapy for the lumbar spine per MTUS Chronic Pain Guidelines , Physical Medicine , page 98")
    spans = [
        Span(doc, 0, 2, label="TREATMENT"),  # "Physical therapy"
        Span(doc, 1, 2, label="TREATMENT"),  # "therapy", inside the longer one
        Span(doc, 4, 6, label="BODY_PART"),  # "lumbar spine", touching nothing
        Span(doc, 3, 5, label="DIAGNOSIS"),  # "the lumbar", as long as the body part: the earlier wins
        Span(doc, 7, 17, label="GUIDELINE"),  # the citation
        Span(doc, 12, 14, label="TREATMENT"),  # "Physical Medicine", inside the citation
    ]
    assert [(s.start, s.end, s.label_) for s in ents_view(spans)] == [
        (0, 2, "TREATMENT"), (3, 5, "DIAGNOSIS"), (12, 14, "TREATMENT"),
    ]
    assert [(s.start, s.end, s.label_) for s in ents_view(spans[:3] + spans[4:5])] == [
        (0, 2, "TREATMENT"), (4, 6, "BODY_PART"), (7, 17, "GUIDELINE"),
    ]
