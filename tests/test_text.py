"""The normalized doc text maps back to the input, for every visible character."""
import re

import pytest

from hypothesis import given, strategies as st

from imr_nlp.text import normalize, to_doc, to_input


def test_hyphen_join_blank_lines_and_run_together_sentence():
    raw = "  status post anterior-\n\nposterior L4-L5 \n\nfusion radiculopathy.5/5/14 lumbar\n\n"
    norm = normalize(raw)
    assert norm.text == "status post anterior-posterior L4-L5 fusion radiculopathy. 5/5/14 lumbar"
    start = norm.text.index("anterior")
    s, e = to_input(norm.offset_map, start, start + len("anterior-posterior"))
    assert raw[s:e] == "anterior-\n\nposterior"
    s, e = to_input(norm.offset_map, norm.text.index("5/5/14"), norm.text.index("5/5/14") + 6)
    assert raw[s:e] == "5/5/14"


@given(st.text(alphabet=st.sampled_from(list("ab1.-\n \t\fXY")), max_size=80))
def test_every_word_maps_back(raw):
    norm = normalize(raw)
    assert "".join(norm.text.split()) .replace("-", "") == "".join(raw.split()).replace("-", "")
    for m in re.finditer(r"[^\s-]+", norm.text):
        s, e = to_input(norm.offset_map, *m.span())
        assert raw[s:e] == m.group()


@given(st.text(alphabet=st.sampled_from(list("ab1.-\n \t\fXY")), max_size=80))
def test_input_ranges_map_to_the_doc_and_back(raw):
    """to_doc inverts to_input: a reviewer's selection in the input finds its doc characters."""
    norm = normalize(raw)
    for m in re.finditer(r"[^\s-]+", norm.text):
        assert to_doc(norm.offset_map, *to_input(norm.offset_map, *m.span())) == m.span()


def test_a_selection_over_collapsed_whitespace_maps_to_the_doc():
    raw = "left \n\nlower   extremity"
    norm = normalize(raw)
    assert norm.text[slice(*to_doc(norm.offset_map, 0, len(raw)))] == "left lower extremity"


@pytest.mark.parametrize(
    "raw,text,offset_map,line_starts",
    [
        (" a", "a", [0, 1], [0]),  # whitespace at the ends is dropped
        ("a ", "a", [0, 0, 1, 2], [0]),
        ("a \u00a0b", "a b", [0, 0, 2, 3], [0]),  # a run other than one plain space becomes one
        ("a  b\n c", "a b c", [0, 0, 2, 3, 4, 6], [0, 4]),
        ("pain.Severe", "pain. Severe", [0, 0, 6, 5], [0]),  # a run-together sentence gets its space
        ("ante-\n\nrior x", "ante-rior x", [0, 0, 5, 7], [0]),  # a line-break hyphen joins the word
        # edits next to each other and at the ends, each character of the scan's class in turn
        ("\n \n", "", [0, 3], [0]),
        ("a.B-\nc. \n", "a. B-c.", [0, 0, 3, 2, 5, 5, 7, 9], [0]),
        ("x -\ny", "x - y", [0, 0, 4, 4], [0, 4]),
        ("a.\n\nB", "a. B", [0, 0, 3, 4], [0, 3]),
        ("%.5 x_-\ny", "%. 5 x_- y", [0, 0, 3, 2, 9, 8], [0, 9]),
    ],
)
def test_whitespace_edits_and_offsets(raw, text, offset_map, line_starts):
    assert tuple(normalize(raw)) == (text, offset_map, line_starts)


def test_line_start_tokens_are_the_tokens_that_begin_input_lines(nlp):
    from imr_nlp.components.matching import line_start_tokens

    doc = nlp.make_doc("IMR  DETERMINATION\nItem one:\n\n  Upheld (x)\nlast line")
    assert [doc[i].text for i in line_start_tokens(doc)] == ["IMR", "Item", "Upheld", "last"]
    assert line_start_tokens(nlp.make_doc("")) == []
