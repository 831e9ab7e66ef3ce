"""imr_abbreviations finds what scispaCy's AbbreviationDetector finds (same short forms, uses and
long forms), on sentences written for its cases and on real letters."""
import pytest
from scispacy.abbreviation import AbbreviationDetector

from conftest import DWC_LETTERS, LETTERS, read
from imr_nlp.components.abbreviations import _defined

SENTENCES = [
    # long form before the parenthesis, uses after it, a second definition of the same short form
    "He had a magnetic resonance imaging (MRI) of the spine. The MRI was normal. A repeat magnetic resonance "
    "image (MRI) was asked for; MRI again.",
    # long form inside the parenthesis, a two-token short form, a parenthesis too long to count
    "Her DTRs (deep tendon reflexes) were 2+. Transcutaneous electrical nerve stimulation (TENS unit) helped "
    "the TENS unit user (as the treating physician wrote in the progress note of that day) a lot.",
    # a parenthesis at the start, nested and unbalanced ones, a number inside
    "(CT) computed tomography (CT (scan)) was done twice (2) after range of motion (ROM ) testing; ROM and CT.",
    # no definition at all
    "No abbreviations are defined in this sentence (none).",
]


def _scispacy(nlp, doc) -> list[tuple]:
    detector = AbbreviationDetector(nlp, make_serializable=True)
    doc._.abbreviations = []
    detector(doc)
    return sorted((a["short_start"], a["short_end"], a["long_start"], a["long_end"]) for a in doc._.abbreviations)


def _ours(doc) -> list[tuple]:
    return sorted((short.start, short.end, long.start, long.end) for short, long in _defined(doc))


@pytest.mark.parametrize("text", SENTENCES + [read(p) for p in LETTERS])
def test_defined_abbreviations_match_scispacy(nlp, text):
    doc = nlp.make_doc(text)
    assert _ours(doc) == _scispacy(nlp, nlp.make_doc(text))


def test_written_sentences_define_something(nlp):
    found = {nlp.make_doc(SENTENCES[0])[a:b].text: long.text for (a, b), long in
             (((s.start, s.end), l) for s, l in _defined(nlp.make_doc(SENTENCES[0])))}
    assert found == {"MRI": "magnetic resonance imaging"}


@pytest.mark.slow
@pytest.mark.skipif(not DWC_LETTERS, reason="../shared/dwc-letters/ is absent")
def test_defined_abbreviations_match_scispacy_on_the_development_letters(nlp):
    for path in DWC_LETTERS:
        text = read(path)
        assert _ours(nlp.make_doc(text)) == _scispacy(nlp, nlp.make_doc(text)), path.name
