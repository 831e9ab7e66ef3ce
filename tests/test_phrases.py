"""Phrase patterns tokenized together are the phrases' own tokens; the lexicon ruler finds what
spaCy's SpanRuler finds; every shipped token rule passes spaCy's pattern validation (the rule
components' Matchers no longer validate at load)."""
import json

import pytest
import spacy
from spacy.attrs import LOWER, ORTH, SHAPE
from spacy.matcher import PhraseMatcher
from spacy.schemas import validate_token_pattern

from imr_nlp.components.phrases import add_phrases, phrase_patterns
from imr_nlp.lexicons import lexicon_patterns
from imr_nlp.resources import pattern_path

from conftest import DWC_LETTERS, LETTERS, ROOT, read

LEXICONS = ["body_parts.json", "treatments.json", "medications.json", "diagnoses.json", "specialties.json", "states.json"]
# Shapes a phrase could take that the lexicons do not (yet): whitespace runs and line breaks at
# its ends and inside, a hyphen before a line break, nothing at all, affixes on both sides.
ODD_PHRASES = ["", " ", "  knee  ", "low\nback", "x-\nray", "L4-5", "(MRI)", "Norco®,", "\n", "5/325mg"]


def shipped_phrases() -> list[str]:
    phrases = [p["pattern"] for p in lexicon_patterns(LEXICONS)]
    for name in ("categories.json", "shapes.json"):
        phrases += [line for line in _strings(json.loads(pattern_path(name).read_text(encoding="utf-8")))]
    return phrases + ODD_PHRASES


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("attr", [LOWER, ORTH, SHAPE], ids=["LOWER", "ORTH", "SHAPE"])
def test_phrases_tokenized_together_are_each_phrase_tokenized_alone(nlp, attr):
    phrases = shipped_phrases()
    together = phrase_patterns(nlp, phrases, attr)
    assert len(phrases) > 6000
    assert together == [tuple(nlp.make_doc(p).to_array(attr).tolist()) for p in phrases]


def test_a_tokenizer_without_phrase_keys_gives_docs():
    blank = spacy.blank("en")
    [doc] = phrase_patterns(blank, ["left knee"], "LOWER")
    assert [t.text for t in doc] == ["left", "knee"]


def test_add_phrases_matches_like_docs_added_one_by_one(nlp):
    rules = [("A", ["low back", "lumbar spine"]), ("B", ["knee"]), ("A", ["L4-5"])]
    together, alone = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="LOWER")
    add_phrases(nlp, together, "LOWER", rules)
    for key, phrases in rules:
        alone.add(key, [nlp.make_doc(p) for p in phrases])
    doc = nlp.make_doc("Pain in the Low Back at L4-5 and the knee; lumbar spine MRI.")
    assert together(doc) == alone(doc)
    assert [doc[s:e].text for _, s, e in together(doc)] == ["Low Back", "L4-5", "knee", "lumbar spine"]


def test_lexicon_ruler_finds_what_spacys_span_ruler_finds(nlp):
    ruler = nlp.get_pipe("lexicon_ruler")
    blank = spacy.blank("en")
    blank.tokenizer = nlp.tokenizer
    stock = blank.add_pipe("span_ruler", config={"spans_key": "imr_entities", "phrase_matcher_attr": "LOWER", "overwrite": False})
    stock.add_patterns(ruler.patterns)
    assert stock.patterns == ruler.patterns
    texts = [read(p) for p in LETTERS + DWC_LETTERS[:20]]
    for text in texts:
        doc = nlp.make_doc(text)
        mine = [(s.start, s.end, s.label_, s.id_) for s in ruler.match(doc)]
        theirs = [(s.start, s.end, s.label_, s.id_) for s in stock.match(doc)]
        assert mine == theirs and mine


def test_lexicon_ruler_loads_lexicons_by_name_and_patterns(nlp):
    ruler = nlp.get_pipe("lexicon_ruler")
    names = nlp.config["initialize"]["components"]["lexicon_ruler"]["lexicons"]
    assert names == LEXICONS
    assert ruler.patterns == lexicon_patterns(LEXICONS)
    fresh = spacy.blank("en")
    fresh.tokenizer = nlp.tokenizer
    extra = fresh.add_pipe("imr_lexicon_ruler", config={"phrase_matcher_attr": "LOWER"})
    extra.initialize(lambda: [], lexicons=["states.json"], patterns=[{"label": "X", "pattern": "Yolo County"}, {"label": "Y", "pattern": [{"LOWER": "zip"}]}])
    doc = fresh("Licensed in New York; lives in yolo county; zip.")
    assert [(s.text, s.label_, s.id_) for s in doc.spans["ruler"]] == [("New York", "LICENSURE", "New York"), ("yolo county", "X", ""), ("zip", "Y", "")]
    with pytest.raises(ValueError, match="E097"):
        extra.add_patterns([{"label": "Z", "pattern": 5}])


def test_every_shipped_token_rule_is_a_valid_spacy_pattern():
    rules = 0
    for path in sorted((ROOT / "patterns").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            rule = json.loads(line) if line.strip() else None
            if rule and isinstance(rule["pattern"], list):
                pattern = [{k: v for k, v in token.items() if k != "CAPTURE"} for token in rule["pattern"]]
                assert validate_token_pattern(pattern) == [], f"{path.name}:{n}"
                rules += 1
    assert rules > 100
