"""The citations component keeps each parse: a citation written again in the same words (in the
same letter or the next) gets the same values, each span its own copy."""
from imr_nlp.citations import parse_citation

from conftest import LETTERS, read


def guideline_citations(doc):
    return [s for s in doc.spans["imr_entities"] if s.label_ == "GUIDELINE"]


def test_a_repeated_citation_gets_the_parse_of_its_words_in_its_own_copy(nlp):
    component = nlp.get_pipe("imr_citations")
    text = read(LETTERS[0])
    first, second = nlp(text), nlp(text)
    a, b = guideline_citations(first), guideline_citations(second)
    assert a and [s._.citation for s in a] == [s._.citation for s in b]
    for span in a:
        if span._.citation == parse_citation(span.text, component.guidelines, None, None):
            break
    else:
        raise AssertionError("no top-level citation of the letter parsed alone")
    a[0]._.citation["pages"].append(999)
    a[0]._.citation["source"] = "changed"
    assert b[0]._.citation["source"] != "changed" and 999 not in b[0]._.citation["pages"]
    assert guideline_citations(nlp(text))[0]._.citation == b[0]._.citation


def test_source_names_leave_the_topic_in_any_case(nlp):
    """A source's name is taken out of the topic however it is cased ("Acoem", "odg")."""
    guidelines = nlp.get_pipe("imr_citations").guidelines
    citation = parse_citation("Acoem Practice Guidelines, 2nd Edition (2004), Chapter 12, Low Back Complaints, page 308", guidelines)
    assert (citation["source"], citation["edition"], citation["chapter"], citation["pages"]) == ("ACOEM", 2, 12, [308])
    assert "acoem" not in (citation["topic"] or "").lower()
    citation = parse_citation("odg, Pain Chapter, Opioids", guidelines)
    assert citation["source"] == "ODG" and "odg" not in (citation["topic"] or "").lower()
