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


def test_review_reads_the_ents_from_the_token_columns(nlp):
    """The review page's entity offsets (read from the IOB columns) are ``doc.ents``': touching
    entities, one at each end, a one-token entity, none at all, an empty Doc."""
    from imr_nlp.review import _ent_offsets

    doc = nlp.make_doc("MRI lumbar spine pain , Norco 10 mg tablets PT")
    doc.set_ents([Span(doc, 0, 1, label="TREATMENT"), Span(doc, 1, 3, label="BODY_PART"), Span(doc, 3, 4, label="DIAGNOSIS"),
                  Span(doc, 5, 7, label="MEDICATION"), Span(doc, 9, 10, label="TREATMENT")])
    assert _ent_offsets(doc) == [(0, 3, "TREATMENT"), (4, 16, "BODY_PART"), (17, 21, "DIAGNOSIS"), (24, 32, "MEDICATION"),
                                 (44, 46, "TREATMENT")]
    assert _ent_offsets(doc) == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert _ent_offsets(nlp.make_doc("no entities here")) == []
    assert _ent_offsets(nlp.make_doc("")) == []
