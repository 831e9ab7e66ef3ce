"""The review pages as a reviewer uses them, in headless Chromium: the text as written, the span
view, the label filter, decision rows that jump to their block, the index's sort and search.
Every page load also checks that no console error happened and no request left the machine."""
import json

import pytest

from imr_nlp.splits import page_name
from conftest import LETTERS, SYNTHETIC, read

pytestmark = pytest.mark.slow
SHOWN_TEXT = """() => {
    const view = document.getElementById('text-view').cloneNode(true);
    view.querySelectorAll('.tag').forEach(tag => tag.remove());
    return view.textContent;
}"""
BACKGROUND = "element => getComputedStyle(element).backgroundColor"
TOP = "element => element.getBoundingClientRect().top"


def records(run):
    return {r["id"]: r for r in map(json.loads, (run / "records.jsonl").read_text(encoding="utf-8").splitlines())}


def open_letter(watched, run, id_):
    watched.page.goto((run / "review" / page_name(id_)).as_uri())
    return watched.page


@pytest.mark.parametrize("path", LETTERS + SYNTHETIC, ids=lambda path: path.stem)
def test_text_view_is_the_letter_as_written(watched, corpus_run, path):
    page = open_letter(watched, corpus_run, path.stem)
    assert "".join(page.evaluate(SHOWN_TEXT).split()) == "".join(read(path).split())


def test_label_filter_hides_one_label_in_both_views(watched, corpus_run):
    page = open_letter(watched, corpus_run, LETTERS[0].stem)
    treatment = page.locator("#text-view mark.ent[data-label='TREATMENT']").first
    body_part = page.locator("#text-view mark.ent[data-label='BODY_PART']").first
    assert treatment.evaluate(BACKGROUND) == "rgb(147, 197, 253)"
    page.locator(".legend input[data-label='TREATMENT']").uncheck()
    assert treatment.evaluate(BACKGROUND) == "rgba(0, 0, 0, 0)"
    assert treatment.locator(".tag").is_hidden()
    assert body_part.evaluate(BACKGROUND) == "rgb(167, 243, 208)" and body_part.locator(".tag").is_visible()

    page.click("button[data-view='spans-view']")
    assert page.locator("#text-view").is_hidden()
    starts = page.locator("#spans-view [data-label='TREATMENT']")
    expected = sum(e["label"] == "TREATMENT" for e in records(corpus_run)[LETTERS[0].stem]["entities"])
    assert starts.count() == expected and starts.first.is_hidden()
    assert page.locator("#spans-view [data-label='BODY_PART']").first.is_visible()
    page.locator(".legend input[data-label='TREATMENT']").check()
    assert starts.first.is_visible()


def test_decision_rows_jump_to_their_block_in_either_view(watched, corpus_run):
    page = open_letter(watched, corpus_run, LETTERS[1].stem)
    assert page.locator("table a[data-block]").count() == 3
    page.click("a[data-block='1']")
    assert page.evaluate("location.hash") == "#block-1"
    assert 0 <= page.locator("#text-view .block[data-block='1']").evaluate(TOP) < 40
    page.click("button[data-view='spans-view']")
    page.click("a[data-block='0']")
    assert 0 <= page.locator("#spans-view .block[data-block='0']").evaluate(TOP) < 40
    item = records(corpus_run)[LETTERS[1].stem]["decisions"][0]["item"]
    assert page.locator("#spans-view .block[data-block='0']").get_attribute("data-caption") == "Decision 1: upheld"
    assert " ".join(page.locator("a[data-block='0']").inner_text().split()) == item


def test_index_links_every_letter_and_error(watched, corpus_run):
    page = watched.page
    page.goto((corpus_run / "review" / "index.html").as_uri())
    links = page.locator("#letters tbody a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(page_name(id_) for id_ in records(corpus_run))
    assert all((corpus_run / "review" / href).is_file() for href in links)
    (error,) = [json.loads(line) for line in (corpus_run / "errors.jsonl").read_text().splitlines()]
    row = page.locator("#failed tbody tr")
    assert row.count() == 1 and "Empty input" in row.inner_text()
    href = row.locator("a").get_attribute("href")
    assert (corpus_run / "review" / href).resolve() == (corpus_run / "review" / error["path"]).resolve()


def test_index_sorts_and_searches(watched, corpus_run):
    page = watched.page
    page.goto((corpus_run / "review" / "index.html").as_uri())
    column = "rows => rows.map(row => row.cells[{}].textContent)"
    entities = page.locator("#letters th", has_text="entities")
    entities.click()
    counts = [int(n) for n in page.locator("#letters tbody tr").evaluate_all(column.format(8))]
    assert counts == sorted(counts) and len(counts) == 8
    assert entities.get_attribute("aria-sort") == "ascending"
    entities.click()
    assert [int(n) for n in page.locator("#letters tbody tr").evaluate_all(column.format(8))] == sorted(counts, reverse=True)

    page.fill("#search", "notice")
    shown = page.locator("#letters tbody tr:not(.hidden)").evaluate_all(column.format(0))
    assert sorted(shown) == ["notice_2013_numbered_synthetic", "notice_2013_synthetic"]
    assert page.locator("#shown").inner_text() == "2"
    page.fill("#search", "")
    assert page.locator("#letters tbody tr:not(.hidden)").count() == 8


def test_header_lists_each_diagnosis_with_its_code(watched, corpus_run):
    record = records(corpus_run)[LETTERS[1].stem]
    page = open_letter(watched, corpus_run, LETTERS[1].stem)
    shown = " ".join(page.inner_text("body").split())
    for name, code in zip(record["diagnoses"], record["diagnosis_codes"]):
        assert (f"{name} ({code})" if code else name) in shown
    assert any(record["diagnosis_codes"])


def test_linear_span_renderer_gives_displacys_markup(nlp):
    """``span_markup.render_spans`` returns what ``displacy.render(style="span")`` returns: nested,
    stacked, touching and same-start spans written for it, and every block of the shipped letters."""
    from spacy import displacy

    from imr_nlp.span_markup import render_spans

    options = {"colors": {"A": "#fff", "B": "#000"}}
    tokens = "pain in the left lower back with spasm of the neck".split()
    spans = [
        {"start_token": 0, "end_token": 6, "label": "A"}, {"start_token": 3, "end_token": 6, "label": "B"},
        {"start_token": 3, "end_token": 5, "label": "A"}, {"start_token": 3, "end_token": 6, "label": "A"},
        {"start_token": 7, "end_token": 8, "label": "B"}, {"start_token": 8, "end_token": 11, "label": "A"},
        {"start_token": 10, "end_token": 11, "label": "B", "kb_id": "Q1", "kb_url": "https://example.org"},
    ]
    cases = [(tokens, spans)]
    # characters to escape and whitespace tokens, inside spans and out
    odd = ["a&", "<b>", "&", "\n", " ", '"q"', "x&y", "\n\n", "z", "'s", '<i>&"']
    cases.append((odd, [{"start_token": 1, "end_token": 5, "label": "A"}, {"start_token": 3, "end_token": 4, "label": "B"},
                        {"start_token": 4, "end_token": 8, "label": "B"}, {"start_token": 9, "end_token": 9, "label": "A"}]))
    for doc in nlp.pipe(read(p) for p in LETTERS):
        words = [t.text for t in doc]
        for block in doc.spans["imr_decisions"]:
            inside = [{"start_token": s.start - block.start, "end_token": min(s.end, block.end) - block.start, "label": s.label_}
                      for s in doc.spans["imr_entities"] if block.start <= s.start < block.end]
            cases.append((words[block.start : block.end], inside))
    assert len(cases) >= 10
    for words, inside in cases:
        expected = displacy.render({"text": "", "tokens": words, "spans": [dict(s) for s in inside]}, style="span",
                                   manual=True, options=options)
        assert render_spans(words, [dict(s) for s in inside], options) == expected


def test_ent_markup_is_displacys(nlp):
    """``span_markup.render_ents`` (a renderer made once) returns what ``displacy.render(style="ent")``
    returns, entities out of order and touching included, on every shipped letter."""
    from spacy import displacy

    from imr_nlp.review import DISPLACY_COLORS, ENT_TEMPLATE
    from imr_nlp.span_markup import render_ents

    options = {"colors": DISPLACY_COLORS, "template": ENT_TEMPLATE}
    cases = [("left knee pain, MRI", [{"start": 16, "end": 19, "label": "TREATMENT"}, {"start": 0, "end": 9, "label": "BODY_PART"},
                                       {"start": 10, "end": 14, "label": "DIAGNOSIS"}])]
    cases += [(doc.text, [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents])
              for doc in nlp.pipe(read(p) for p in LETTERS)]
    for text, ents in cases:
        expected = displacy.render({"text": text, "ents": [dict(e) for e in ents]}, style="ent", manual=True, options=options)
        assert render_ents(text, [dict(e) for e in ents], options) == expected
        assert render_ents(text, [dict(e) for e in ents], options) == expected  # the kept renderer again


def test_each_options_gets_its_own_kept_renderer():
    """Renderers are kept per options: other colours, or the same dict changed, give other markup."""
    from spacy import displacy

    from imr_nlp.span_markup import render_ents, render_spans

    text, ents = "left knee", [{"start": 5, "end": 9, "label": "BODY_PART"}]
    tokens, spans = ["left", "knee"], [{"start_token": 1, "end_token": 2, "label": "BODY_PART"}]
    options = {"colors": {"BODY_PART": "#aaa"}}
    for colour in ("#aaa", "#bbb"):
        options["colors"]["BODY_PART"] = colour  # the same dict, changed in place
        for fresh in (options, {"colors": {"BODY_PART": colour}}):
            assert render_ents(text, [dict(e) for e in ents], fresh) == displacy.render(
                {"text": text, "ents": [dict(e) for e in ents]}, style="ent", manual=True, options=fresh)
            assert f"background: {colour}" in render_ents(text, [dict(e) for e in ents], fresh)
            assert render_spans(tokens, [dict(s) for s in spans], fresh) == displacy.render(
                {"text": "", "tokens": tokens, "spans": [dict(s) for s in spans]}, style="span", manual=True, options=fresh)
