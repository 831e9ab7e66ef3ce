"""The Label Studio round trip on the shipped letters: export, a reviewer's corrections in the
shape Label Studio 1.23 exports them, import into gold that evaluate scores and train learns from."""
import copy
import json
import xml.etree.ElementTree as ET

import pytest
import spacy
from spacy.tokens import DocBin
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.labels import CATEGORIES, LABEL_COLORS, LABELS, OUTCOMES
from imr_nlp.splits import file_name
from imr_nlp.text import to_input
from conftest import LETTERS, ROOT, SYNTHETIC, read

runner = CliRunner()
EDITED = LETTERS[0].stem


@pytest.fixture(scope="module")
def exported(corpus_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("labelstudio")
    result = runner.invoke(app, ["labelstudio", "export", str(corpus_run), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("tasks: 8,")
    return out


def tasks_of(exported):
    return {t["data"]["id"]: t for t in json.loads((exported / "tasks.json").read_text(encoding="utf-8"))}


def records_of(run):
    return {r["id"]: r for r in map(json.loads, (run / "records.jsonl").read_text(encoding="utf-8").splitlines())}


def region(id_, text, phrase, label, start=0, cut=0):
    begin = text.index(phrase, start)
    end = begin + len(phrase) - cut
    return {"id": id_, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": begin, "end": end, "text": text[begin:end], "labels": [label]}}


def reviewed(task):
    """The corrections of the edited letter: one span deleted (LICENSURE "Massachusetts"), one
    relabelled (the injury date "09-08-02" as a DATE), two added ("Botox" as a MEDICATION inside
    the TREATMENT "Botox injections"; "lumbar dis", a selection that stops inside a word), and the
    decision's outcome changed."""
    text = task["data"]["text"]
    result = [r for r in copy.deepcopy(task["predictions"][0]["result"]) if r["value"].get("text") != "Massachusetts"]
    for item in result:
        if item["value"].get("text") == "09-08-02":
            item["value"]["labels"] = ["DATE"]
        if item["from_name"] == "outcome_0":
            item["value"]["choices"] = ["overturned"]
    result.append(region("a1", text, "Botox", "MEDICATION"))
    result.append(region("a2", text, "lumbar disc", "BODY_PART", cut=1))
    return result


def annotation(number, task_number, result, prediction, *, cancelled=False, updated="2026-11-30T10:00:00Z"):
    return {"id": number, "completed_by": 1, "result": result, "was_cancelled": cancelled, "ground_truth": False,
            "created_at": "2026-11-30T09:00:00Z", "updated_at": updated, "draft_created_at": None, "lead_time": 12.5,
            "prediction": prediction, "result_count": len(result), "unique_id": f"u{number}", "import_id": None,
            "last_action": None, "bulk_created": False, "task": task_number, "project": 1, "updated_by": 1,
            "parent_prediction": None, "parent_annotation": None, "last_created_by": None}


def label_studio_export(tasks):
    """The project as Label Studio 1.23's JSON export gives it (task ids; the task lists its
    prediction ids, each annotation carries the prediction): the edited letter has an older
    annotation, the corrected one and a newer skipped one; one letter was only skipped, one never
    opened; the others were submitted as predicted."""
    out = []
    for number, (id_, task) in enumerate(tasks.items(), start=1):
        prediction = {"id": number, "result": task["predictions"][0]["result"], "model_version": task["predictions"][0]["model_version"],
                      "created_ago": "1 minute", "score": None, "task": number, "project": 1}
        if id_ == EDITED:
            annotations = [annotation(1, number, [], prediction, updated="2026-11-30T08:00:00Z"),
                           annotation(2, number, reviewed(task), prediction),
                           annotation(3, number, [], prediction, cancelled=True, updated="2026-11-30T11:00:00Z")]
        elif id_ == LETTERS[2].stem:
            annotations = [annotation(4, number, [], prediction, cancelled=True)]
        elif id_ == SYNTHETIC[1].stem:
            annotations = []
        else:
            annotations = [annotation(10 * number, number, prediction["result"], prediction)]
        out.append({"id": number, "annotations": annotations, "drafts": [], "predictions": [number], "data": task["data"],
                    "meta": {}, "created_at": "2026-11-30T08:00:00Z", "updated_at": "2026-11-30T10:00:00Z", "inner_id": number,
                    "total_annotations": len(annotations), "cancelled_annotations": 0, "total_predictions": 1, "project": 1})
    return out


@pytest.fixture(scope="module")
def imported(exported, tmp_path_factory):
    path = exported / "export.json"
    path.write_text(json.dumps(label_studio_export(tasks_of(exported))), encoding="utf-8")
    out = tmp_path_factory.mktemp("gold")
    result = runner.invoke(app, ["labelstudio", "import", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_config_lists_the_labels_in_the_review_colours(exported):
    root = ET.parse(exported / "config.xml").getroot()
    labels = root.find("Labels")
    assert [(x.get("value"), x.get("background")) for x in labels] == list(LABEL_COLORS.items())
    assert len(labels) == 14 and labels.get("toName") == "text"
    assert root.find("Text").attrib == {"name": "text", "value": "$text"}
    repeater = root.find("Repeater")
    assert repeater.get("on") == "$decisions"
    choices = {c.get("name"): [x.get("value") for x in c] for c in repeater.iter("Choices")}
    assert choices == {"outcome_{{idx}}": list(OUTCOMES), "category_{{idx}}": list(CATEGORIES)}


def test_tasks_hold_the_text_as_read_and_the_rules_predictions(exported, corpus_run):
    tasks, records = tasks_of(exported), records_of(corpus_run)
    assert list(tasks) == list(records)
    for path in LETTERS + SYNTHETIC:
        assert tasks[path.stem]["data"]["text"] == read(path)
        assert tasks[path.stem]["data"]["source"] == str(path)
    assert tasks["batch_letter"]["data"]["text"] == read(LETTERS[2])
    assert tasks["batch_letter"]["data"]["source"].endswith("batch.jsonl:1")
    for id_, task in tasks.items():
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == "imr_nlp 0.1.0"
        spans = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in prediction["result"] if r["type"] == "labels"]
        assert spans == [(e["start"], e["end"], e["label"]) for e in records[id_]["entities"]]
        choices = {r["from_name"]: r["value"]["choices"] for r in prediction["result"] if r["type"] == "choices"}
        decisions = records[id_]["decisions"]
        assert choices == {f"{k}_{d['index']}": [d[k]] for d in decisions for k in ("outcome", "category")}
        assert task["data"]["decisions"] == [{"index": d["index"], "item": d["item"]} for d in decisions]


def test_import_counts_the_reviewers_changes(imported, corpus_run):
    _, output = imported
    records = records_of(corpus_run)
    annotated = [id_ for id_ in records if id_ not in (LETTERS[2].stem, SYNTHETIC[1].stem)]
    predicted = sum(len(records[id_]["entities"]) for id_ in annotated)
    assert output.splitlines()[0] == (
        f"letters: 6, unannotated: 2, kept: {predicted - 2}, added: 2, removed: 1, relabelled: 1, snapped: 1, "
        "outcome changes: 1, category changes: 0"
    )
    assert "1 span(s) did not fall on token boundaries" in output


def expected_gold(task, record):
    text = task["data"]["text"]
    entities = [(e["label"], e["start"], e["end"]) for e in record["entities"] if e["text"] != "Massachusetts"]
    entities = [("DATE", s, e) if text[s:e] == "09-08-02" else (label, s, e) for label, s, e in entities]
    botox = text.index("Botox")
    disc = text.index("lumbar disc")
    entities += [("MEDICATION", botox, botox + 5), ("BODY_PART", disc, disc + len("lumbar disc"))]
    return sorted(entities, key=lambda x: (x[1], x[2], x[0]))


def test_gold_json_holds_the_corrections(imported, exported, corpus_run):
    out, _ = imported
    task, record = tasks_of(exported)[EDITED], records_of(corpus_run)[EDITED]
    assert sorted(p.name for p in (out / "gold").iterdir()) == sorted(
        file_name(id_, ".json") for id_ in records_of(corpus_run) if id_ not in (LETTERS[2].stem, SYNTHETIC[1].stem)
    )
    gold = json.loads((out / "gold" / file_name(EDITED, ".json")).read_text(encoding="utf-8"))
    assert gold["id"] == EDITED and gold["source"] == str(LETTERS[0])
    assert gold["decisions"] == [{"index": 0, "outcome": "overturned", "category": "rehabilitation"}]
    assert [(e["label"], e["start"], e["end"]) for e in gold["entities"]] == expected_gold(task, record)
    text = read(LETTERS[0])
    assert all(text[e["start"] : e["end"]] == e["text"] for e in gold["entities"])


def test_gold_docbin_holds_the_corrections_in_imr_nlp_tokens(imported, exported, corpus_run, nlp):
    out, _ = imported
    docs = list(DocBin().from_disk(out / "gold.spacy").get_docs(nlp.vocab))
    assert len(docs) == 6
    doc = docs[0]
    task, record = tasks_of(exported)[EDITED], records_of(corpus_run)[EDITED]
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(read(LETTERS[0]))]
    spans = [(s.label_, *to_input(doc._.offset_map, s.start_char, s.end_char)) for s in doc.spans["imr_entities"]]
    assert spans == expected_gold(task, record)
    ents = list(doc.ents)
    assert all(a.end <= b.start for a, b in zip(ents, ents[1:]))
    assert {(s.text, s.label_) for s in ents} <= {(s.text, s.label_) for s in doc.spans["imr_entities"]}
    assert ("Botox", "MEDICATION") not in {(s.text, s.label_) for s in ents}  # inside "Botox injections", longer
    assert ("Botox injections", "TREATMENT") in {(s.text, s.label_) for s in ents}


def test_evaluate_scores_the_rules_against_the_corrections(imported, corpus_run, tmp_path):
    out, _ = imported
    result = runner.invoke(app, ["evaluate", str(out / "gold"), "--output", str(tmp_path / "scores.json")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["letters"] == 6 and scores["missing"] == []
    decisions = scores["fields"]["decisions.outcome"]
    assert decisions["total"] - decisions["correct"] == 1 and scores["fields"]["decisions.category"]["accuracy"] == 1.0
    exact = scores["entities"]["exact"]
    changed = {"LICENSURE": -1, "INJURY_DATE": -1, "DATE": 1, "MEDICATION": 1, "BODY_PART": 1}
    for label in LABELS:
        if label not in exact:
            continue
        scored = exact[label]
        assert scored["gold"] - scored["predicted"] == changed.get(label, 0), label
        if label not in changed:
            assert scored["f1"] == 1.0, label


def test_import_refuses_a_label_the_config_does_not_have(exported, tmp_path):
    tasks = label_studio_export(tasks_of(exported))
    tasks[0]["annotations"][1]["result"][0]["value"]["labels"] = ["PERSON"]
    (tmp_path / "export.json").write_text(json.dumps(tasks))
    result = runner.invoke(app, ["labelstudio", "import", str(tmp_path / "export.json"), "--out", str(tmp_path / "gold")])
    assert result.exit_code == 2
    assert "Unknown label 'PERSON'" in result.output


def test_export_refuses_a_letter_changed_since_annotate(tmp_path):
    letter = tmp_path / "letters" / "changed.txt"
    letter.parent.mkdir()
    letter.write_text(read(LETTERS[0]), encoding="utf-8")
    assert runner.invoke(app, ["annotate", str(letter), "--out", str(tmp_path / "out"), "--no-review"]).exit_code == 0
    letter.write_text("Revised. " + read(LETTERS[0]), encoding="utf-8")
    result = runner.invoke(app, ["labelstudio", "export", str(tmp_path / "out"), "--out", str(tmp_path / "ls")])
    assert result.exit_code == 2 and "no longer matches its record" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("config", ["ner.cfg", "spancat.cfg"])
def test_train_learns_from_the_corrections(imported, tmp_path, config):
    out, _ = imported
    gold = str(out / "gold.spacy")
    result = runner.invoke(app, [
        "train", str(ROOT / "configs" / config), "--train", gold, "--dev", gold, "--out", str(tmp_path / "model"),
        "--max-steps", "2", "--eval-frequency", "1",
    ])
    assert result.exit_code == 0, result.output
    assert "MEDICATION" in result.output
    assert spacy.load(tmp_path / "model" / "model-last")
