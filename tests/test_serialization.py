"""Annotations survive DocBin, n_process=2 and a saved-then-loaded pipeline."""
import spacy
from spacy.tokens import DocBin

from imr_nlp.extensions import set_span_values
from imr_nlp.records import build_record
from conftest import LETTERS, SYNTHETIC, read

PATHS = LETTERS + SYNTHETIC


def records(docs, texts):
    return [build_record(d, id=str(i), source="", text=t) for i, (d, t) in enumerate(zip(docs, texts))]


def test_docbin_round_trip_keeps_spans_ents_and_attributes(nlp):
    texts = [read(p) for p in PATHS]
    docs = list(nlp.pipe(texts))
    data = DocBin(store_user_data=True, docs=docs).to_bytes()
    loaded = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    for before, after in zip(docs, loaded):
        assert [(e.start, e.end, e.label_) for e in after.ents] == [(e.start, e.end, e.label_) for e in before.ents]
        for key in ("imr_sections", "imr_decisions", "imr_decision_parts", "imr_entities"):
            assert [(s.start, s.end, s.label_) for s in after.spans[key]] == [
                (s.start, s.end, s.label_) for s in before.spans[key]
            ]
    assert records(loaded, texts) == records(docs, texts)


def test_two_processes_give_the_same_sections_and_records(nlp):
    texts = [read(p) for p in PATHS]
    single, double = list(nlp.pipe(texts)), list(nlp.pipe(texts, n_process=2, batch_size=2))
    for a, b in zip(single, double):
        assert [(s.start, s.end, s.label_) for s in a.spans["imr_sections"]] == [
            (s.start, s.end, s.label_) for s in b.spans["imr_sections"]
        ]
    assert records(double, texts) == records(single, texts)


def test_saved_pipeline_loads_with_spacy_and_gives_identical_records(nlp, tmp_path):
    texts = [read(p) for p in PATHS]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert records(loaded.pipe(texts), texts) == records(nlp.pipe(texts), texts)


def test_values_set_without_underscore_read_back_through_it(nlp):
    """``set_span_values`` writes where spaCy's Underscore reads: a spaCy that keys extension
    values differently fails here, not silently in the records."""
    doc = nlp.make_doc("Lumbar MRI was requested.")
    span = doc[1:2]
    set_span_values(span, norm="MRI", category="diagnostics", decision=0)
    assert (span._.norm, span._.category, span._.decision, span._.role) == ("MRI", "diagnostics", 0, None)
    assert (doc[1:2]._.norm, doc[0:2]._.norm) == ("MRI", None)


def test_span_values_read_what_underscore_reads(nlp):
    """``span_values`` reads every extension value (set or default) as ``span._`` does, on every
    span of the shipped letters."""
    from imr_nlp.extensions import SPAN_EXTENSIONS, span_values

    names = tuple(SPAN_EXTENSIONS)
    seen = 0
    for doc in nlp.pipe(read(p) for p in LETTERS):
        for key in ("imr_entities", "imr_decisions", "imr_decision_parts"):
            for span in doc.spans[key]:
                values = span_values(span, *names)
                assert values == tuple(getattr(span._, name) for name in names)
                seen += sum(v is not None for v in values)
    assert seen > 500
