"""The sentencizer on token arrays starts the sentences spaCy's Sentencizer starts."""
import pytest
import spacy
from spacy.pipeline import Sentencizer

from conftest import DWC_LETTERS, LETTERS, SYNTHETIC, read

ODD = [
    "", ".", "...", "Hello", "No end", ". . Starts after dots", "A. B! C? (D.) \"E.\" F",
    "Requested: 12 sessions.The next.  \n\n Line two!? ok", "1. 2. 3.", "Ends with a period.",
]


def _starts(nlp, sentencizer, texts):
    out = []
    for text in texts:
        doc = nlp.make_doc(text)
        sentencizer(doc)
        out.append([t.is_sent_start for t in doc])
    return out


@pytest.mark.parametrize("punct_chars", [None, [".", ";"]], ids=["default", "custom"])
def test_sentence_starts_are_spacys(nlp, punct_chars):
    texts = ODD + [read(p) for p in LETTERS + SYNTHETIC + DWC_LETTERS[:20]]
    blank = spacy.blank("en")
    ours = blank.add_pipe("imr_sentencizer", config={"punct_chars": punct_chars})
    theirs = Sentencizer(punct_chars=punct_chars)
    assert _starts(nlp, ours, texts) == _starts(nlp, theirs, texts)
    assert sum(map(sum, _starts(nlp, ours, texts[-5:]))) > 50


def test_the_pipeline_uses_it(nlp):
    assert type(nlp.get_pipe("sentencizer")).__name__ == "ArraySentencizer"
    doc = nlp("The claimant was seen. He has pain.")
    assert [s.text for s in doc.sents] == ["The claimant was seen.", "He has pain."]
