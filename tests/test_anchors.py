"""The anchor windows only save time: every rule component finds the same cues in its windows as
spaCy's Matcher finds over the whole regions, on real letters and on sentences written to sit at
window edges (a match at a region's start or end, optional and repeated tokens, neighbours)."""
import pytest

from conftest import DWC_LETTERS, LETTERS, SYNTHETIC, read
from imr_nlp.components.matching import RuleComponent
from letters import fdl_letter

EDGES = fdl_letter(
    ("Physical therapy 2 times a week for 6 weeks (12 sessions), lumbar spine", "MTUS", "MTUS",
     "The 45 year-old male was injured on 01/02/2014. He had 6 visits over 4 weeks, then daily for 10 days; "
     "x 24 sessions; Norco 10/325mg #120 with 3 refills, twice daily; one time; 3 to 6 months of therapy."),
    summary="2 times a week. 53-year-old female. Twelve (12) acupuncture sessions were requested on 3/4/15, "
    "every 4-6 hours. bid",
)


def _whole_regions(doc, regions):
    return [[(a, b)] if b > a else [] for a, b in regions]


def _cues(nlp, texts: list[str]) -> list[tuple[str, list, list]]:
    """Each rule component's cues on each text, as the pipeline asks for them: found in its
    windows and over the whole regions it asked for."""
    out = []
    components = [(name, pipe) for name, pipe in nlp.pipeline if isinstance(pipe, RuleComponent)]
    assert {"imr_capture", "frequency_capture", "medication_details", "imr_decisions", "imr_citations"} <= {n for n, _ in components}

    def recording(name, pipe):
        def match(doc, regions=None):
            regions = None if regions is None else list(regions)
            windowed = RuleComponent.match(pipe, doc, regions)
            windows, pipe.anchors.windows = pipe.anchors.windows, _whole_regions
            try:
                out.append((name, windowed, RuleComponent.match(pipe, doc, regions)))
            finally:
                pipe.anchors.windows = windows
            return windowed
        return match

    for name, pipe in components:
        pipe.match = recording(name, pipe)
    try:
        for text in texts:
            nlp(text)
    finally:
        for _, pipe in components:
            del pipe.match
    return out


@pytest.mark.parametrize("texts", [[EDGES], [read(p) for p in LETTERS + SYNTHETIC]], ids=["edges", "shipped"])
def test_windows_find_what_whole_regions_find(nlp, texts):
    found = _cues(nlp, texts)
    assert any(windowed for _, windowed, _ in found)
    for name, windowed, whole in found:
        assert windowed == whole, name


@pytest.mark.slow
@pytest.mark.skipif(not DWC_LETTERS, reason="../shared/dwc-letters/ is absent")
def test_windows_find_what_whole_regions_find_on_the_development_letters(nlp):
    for name, windowed, whole in _cues(nlp, [read(p) for p in DWC_LETTERS]):
        assert windowed == whole, name


DATES = "On March 3, 2015 he was seen. Seen Dec. 12 2016, Sept. 3, 2015 and in June of 2014, 1/2/15 and 04-2013; May 2016"


@pytest.mark.parametrize("texts", [[DATES], [read(p) for p in LETTERS + SYNTHETIC]], ids=["dates", "shipped"])
def test_date_ruler_windows_find_what_the_entity_ruler_finds(nlp, texts):
    """The date ruler's matches in its windows are spaCy's EntityRuler.match over the whole doc."""
    from spacy.pipeline import EntityRuler

    ruler = nlp.get_pipe("date_ruler")
    found = []
    for text in texts:
        doc = nlp.make_doc(text)
        found.append(ruler.match(doc))
        assert found[-1] == EntityRuler.match(ruler, doc)
    if texts == [DATES]:
        doc = ruler(nlp.make_doc(DATES))
        assert [e.text for e in doc.ents] == ["March 3, 2015", "Dec. 12 2016", "Sept. 3, 2015", "June of 2014", "1/2/15", "04-2013", "May 2016"]


def test_a_docs_entity_columns_are_read_afresh_and_its_word_columns_once(nlp):
    """The columns of a Doc are shared by every rule component, but ``doc.ents`` changes as the
    pipeline runs: a rule on entities sees the entities of the moment."""
    from spacy.tokens import Span

    from imr_nlp.components import anchors

    rules = anchors.Anchors(nlp.vocab)
    rules.add([{"ENT_TYPE": "DATE"}, {"LOWER": "visit"}])
    rules.add([{"LOWER": "seen"}, {"LOWER": "on"}])
    doc = nlp.make_doc("Seen on Monday. " + "Nothing else was noted here at all. " * 15 + "Friday visit.")
    friday = len(doc) - 3
    assert rules.windows(doc, [(0, len(doc))]) == [[(0, 2)]]
    doc.ents = [Span(doc, friday, friday + 1, label="DATE")]
    assert rules.windows(doc, [(0, len(doc))]) == [[(0, 2), (friday, friday + 2)]]
    assert anchors._columns_of(doc) is anchors._columns_of(doc)


def test_a_token_a_few_places_from_the_anchor_is_checked_at_each(nlp):
    """"January .? 12 ,? 2015": the day anchors, the month is 1 or 2 tokens before it and the
    year 1 or 2 after; a number with no month before it opens no window."""
    from imr_nlp.components import anchors

    months = ["may", "june"]
    rules = anchors.Anchors(nlp.vocab)
    rules.add([{"LOWER": {"IN": months}}, {"ORTH": ".", "OP": "?"}, {"SHAPE": {"IN": ["d", "dd"]}},
               {"ORTH": ",", "OP": "?"}, {"SHAPE": "dddd"}])
    ranges, _ = _ranges_tests(rules, [{"LOWER": {"IN": months}}, {"ORTH": ".", "OP": "?"}, {"SHAPE": {"IN": ["d", "dd"]}},
                                      {"ORTH": ",", "OP": "?"}, {"SHAPE": "dddd"}])
    assert sorted(anchors._placed(ranges, 2)) == [(0, (-1, -2)), (2, (0,)), (4, (1, 2))]
    text = "He may return in 3 weeks and take 2 tablets for 12 days. " * 10 + "Seen May 5, 2015 and June. 7 2016."
    doc = nlp.make_doc(text)
    windows = rules.windows(doc, [(0, len(doc))])[0]
    assert [doc[a:b].text for a, b in windows] == ["Seen May 5, 2015 and June. 7 2016."]


def _ranges_tests(rules, pattern):
    from imr_nlp.components import anchors

    return [anchors._repeats(t.get("OP")) for t in pattern], [anchors._tests(t, rules.vocab) for t in pattern]


@pytest.mark.parametrize("filler", [0, 40], ids=["short window", "long window"])
def test_a_window_holds_every_token_the_rule_needs_past_a_run(nlp, filler):
    """"<date> ,? date of injury": the date anchors, "date of injury" lies past the date's run of
    tokens, so no window opens at a date without it (searched token by token in a short window, by
    bisection in a long one), and the Matcher finds the same in the windows as over the region."""
    from spacy.matcher import Matcher
    from spacy.tokens import Span

    from imr_nlp.components import anchors

    pattern = [{"ENT_IOB": "B", "ENT_TYPE": "DATE"}, {"ORTH": {"NOT_IN": ["."]}, "OP": "*"}, {"LOWER": "date"},
               {"LOWER": "of"}, {"LOWER": "injury"}]
    rules = anchors.Anchors(nlp.vocab)
    rules.add(pattern)
    words = " word" * filler
    doc = nlp.make_doc("Nothing else was noted. " * 20 + f"Seen on 1/2/15{words} for pain. Seen 3/4/15{words} with the date of injury. Seen 5/6/15.")
    dates = [i for i, token in enumerate(doc) if "/" in token.text]
    doc.ents = [Span(doc, i, i + 1, label="DATE") for i in dates]
    windows = rules.windows(doc, [(0, len(doc))])[0]
    assert [doc[a].text for a, _ in windows] == ["3/4/15"]
    matcher = Matcher(nlp.vocab)
    matcher.add("R", [pattern])
    whole = [(s, e) for _, s, e in matcher(doc)]
    assert whole and all(any(a <= s and e <= b for a, b in windows) for s, e in whole)


def test_neighbour_checks_read_for_the_whole_doc_stop_at_its_edges(nlp):
    """The checks next to the anchor are read for every token at once: a neighbour past the
    doc's first or last token fails the rule that checks it and no other rule."""
    from imr_nlp.components import anchors

    rules = anchors.Anchors(nlp.vocab)
    rules.add([{"LOWER": "on"}, {"LOWER": "appeal"}])  # anchors "appeal", checks "on" before it
    rules.add([{"LOWER": "appeal"}, {"LOWER": "granted"}])  # anchors "appeal", checks "granted" after it
    rules.add([{"LOWER": "appeal"}])  # checks nothing
    filler = " Nothing else was noted here at all." * 15
    for text, expected in (
        ("appeal" + filler + " appeal", [(0, 1), (len(nlp.make_doc(filler)) + 1, None)]),
        ("On appeal" + filler + " appeal granted", [(0, 2), (len(nlp.make_doc(filler)) + 2, None)]),
    ):
        doc = nlp.make_doc(text)
        windows = rules.windows(doc, [(0, len(doc))])[0]
        assert [(a, b if b < len(doc) else None) for a, b in windows] == expected, text
    only_neighbours = anchors.Anchors(nlp.vocab)
    only_neighbours.add([{"LOWER": "on"}, {"LOWER": "appeal"}])
    only_neighbours.add([{"LOWER": "appeal"}, {"LOWER": "granted"}])
    doc = nlp.make_doc("appeal" + filler + " appeal")
    assert only_neighbours.windows(doc, [(0, len(doc))]) == [[]]


def test_rule_sets_share_one_coding_and_compile_again_when_it_grows(nlp):
    """Every rule set codes a Doc's words against the same tested values; a rule set compiled
    before another one added values compiles again and finds the same windows."""
    from imr_nlp.components import anchors

    filler = " Nothing else was noted here at all." * 15
    doc = nlp.make_doc("Appeal" + filler + " xylophonist")
    first = anchors.Anchors(nlp.vocab)
    first.add([{"LOWER": "appeal"}])
    assert first.windows(doc, [(0, len(doc))]) == [[(0, 1)]]
    version = first._compiled["version"]
    second = anchors.Anchors(nlp.vocab)
    second.add([{"LOWER": "xylophonist"}])  # a word no other rule tests: the coding grows
    assert anchors._CODING.version > version
    assert first.windows(doc, [(0, len(doc))]) == [[(0, 1)]]
    assert second.windows(doc, [(0, len(doc))]) == [[(len(doc) - 1, len(doc))]]
    assert first._compiled["version"] == second._compiled["version"] == anchors._CODING.version


def test_a_rule_set_pickled_into_a_new_process_codes_its_words_again(nlp, monkeypatch):
    """A pickled pipeline (``nlp.pipe(n_process=...)`` where processes are spawned) brings its rule
    sets without the process-wide coding: they add their words to the new process's coding."""
    import pickle

    from imr_nlp.components import anchors

    filler = " Nothing else was noted here at all." * 15
    doc = nlp.make_doc("Appeal" + filler + " granted")
    rules = anchors.Anchors(nlp.vocab)
    rules.add([{"LOWER": "appeal"}])
    rules.add([{"LOWER": "granted"}])
    expected = [[(0, 1), (len(doc) - 1, len(doc))]]
    assert rules.windows(doc, [(0, len(doc))]) == expected
    copy = pickle.loads(pickle.dumps(rules))
    monkeypatch.setattr(anchors, "_CODING", anchors._Coding())  # the new process's coding: empty
    assert copy.windows(nlp.make_doc(doc.text), [(0, len(doc))]) == expected
