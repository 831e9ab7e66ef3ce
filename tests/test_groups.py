"""Span groups read once per Doc: every read sees every write, whoever made it."""
from spacy.tokens import Span

from imr_nlp import groups


def _key(spans):
    return [(s.start, s.end, s.label_, s.id_) for s in spans]


def test_reads_follow_writes(nlp):
    doc = nlp.make_doc("Physical therapy for the lumbar spine was requested on 1/2/2015 .")
    assert groups.spans(doc, "k") == []
    groups.add(doc, "k", [Span(doc, 0, 2, label="TREATMENT", span_id="pt")])
    first = groups.spans(doc, "k")
    assert _key(first) == [(0, 2, "TREATMENT", "pt")]
    groups.add(doc, "k", [Span(doc, 4, 6, label="BODY_PART")])
    assert _key(groups.spans(doc, "k")) == _key(doc.spans["k"]) == [(0, 2, "TREATMENT", "pt"), (4, 6, "BODY_PART", "")]
    assert _key(first) == [(0, 2, "TREATMENT", "pt")]  # a list handed out earlier is not changed
    doc.spans["k"] = [Span(doc, 9, 10, label="DATE")]  # written directly: a new group
    assert _key(groups.spans(doc, "k")) == [(9, 10, "DATE", "")]
    doc.spans["k"].append(Span(doc, 0, 1, label="X"))  # changed in place by someone else
    assert _key(groups.spans(doc, "k")) == [(9, 10, "DATE", ""), (0, 1, "X", "")]


def test_each_doc_reads_its_own_groups(nlp):
    one, two = nlp.make_doc("Norco 10 mg"), nlp.make_doc("Home exercise program daily")
    groups.add(one, "k", [Span(one, 0, 1, label="MEDICATION")])
    groups.add(two, "k", [Span(two, 0, 3, label="TREATMENT")])
    assert [s.text for s in groups.spans(one, "k")] == ["Norco"]
    assert [s.text for s in groups.spans(two, "k")] == ["Home exercise program"]
    assert [s.text for s in groups.spans(one, "k")] == ["Norco"]


def test_labels_follow_the_spans_they_belong_to(nlp):
    doc = nlp.make_doc("Physical therapy for the lumbar spine was requested on 1/2/2015 .")
    groups.put(doc, "k", [Span(doc, 0, 2, label="TREATMENT")])
    assert groups.labels(doc, "k") == ["TREATMENT"]
    groups.add(doc, "k", [Span(doc, 4, 6, label="BODY_PART")])
    assert groups.labels(doc, "k") == ["TREATMENT", "BODY_PART"]
    groups.put(doc, "k", [Span(doc, 9, 10, label="DATE")], ["DATE"])
    assert groups.labels(doc, "k") == ["DATE"]
    doc.spans["k"].append(Span(doc, 0, 1, label="X"))  # changed in place by someone else
    assert groups.labels(doc, "k") == ["DATE", "X"]
    other = nlp.make_doc("Norco 10 mg")
    assert groups.labels(other, "k") == []
    groups.add(other, "k", [Span(other, 0, 1, label="MEDICATION")])
    assert groups.labels(other, "k") == ["MEDICATION"] and groups.labels(doc, "k") == ["DATE", "X"]


def test_labelled_pairs_each_read_span_with_its_label(nlp):
    doc = nlp.make_doc("Norco 10 mg for low back pain")
    groups.put(doc, "k", [Span(doc, 0, 1, label="MEDICATION"), Span(doc, 4, 6, label="BODY_PART")])
    assert [(s.text, label) for s, label in groups.labelled(doc, "k")] == [("Norco", "MEDICATION"), ("low back", "BODY_PART")]


def test_a_docs_reads_are_dropped_when_another_doc_or_its_retokenized_self_is_read(nlp):
    """Words, anchor columns and group reads share one store per Doc (``doc_cache``)."""
    from imr_nlp.components.anchors import _columns_of
    from imr_nlp.components.tokens import words_and_spaces
    from imr_nlp.doc_cache import store

    one, two = nlp.make_doc("Home exercise program"), nlp.make_doc("Norco 10 mg")
    assert words_and_spaces(one)[0] == ["home", "exercise", "program"]
    columns = _columns_of(one)
    groups.put(one, "k", [Span(one, 0, 3, label="TREATMENT")])
    assert set(store(one)) == {"words_and_spaces", "anchor_columns", "groups"} and _columns_of(one) is columns
    assert words_and_spaces(two)[0] == ["norco", "10", "mg"] and set(store(two)) == {"words_and_spaces"}
    assert _key(groups.spans(one, "k")) == [(0, 3, "TREATMENT", "")] and _columns_of(one) is not columns
    with one.retokenize() as retokenizer:
        retokenizer.merge(one[0:2])
    assert words_and_spaces(one)[0] == ["home exercise", "program"]
