"""Letter text is untrusted: review pages and the report show markup literally and never run it (headless Chromium)."""
import json
import re
import subprocess
from html import unescape

import pytest
from typer.testing import CliRunner

from imr_nlp.splits import page_name
from imr_nlp.cli import app
from imr_nlp.labelstudio import labeling_config
from conftest import LETTERS, read

pytestmark = pytest.mark.slow
ATTACKS = [
    "<script>document.body.setAttribute('data-pwned', 'script')</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">",
    "<svg onload=\"document.body.setAttribute('data-pwned', 'svg')\"></svg>",
    "</td></tr></table><iframe srcdoc=\"<script>parent.document.body.setAttribute('data-pwned','iframe')</script>\"></iframe>",
]
QUOTE_BREAKER = "\"'><img src=x onerror=\"document.body.setAttribute('data-pwned', 'entity')\">"
NAME = "x'><b onmouseover=alert(1)>"


def rendered_dom(chromium, page, profile):
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shown_text(dom):
    return "".join(unescape(re.sub(r"<[^>]+>", "", dom)).split())


def test_javascript_runs_in_this_browser(chromium, tmp_path):
    page = tmp_path / "control.html"
    page.write_text("<html><body><script>document.body.setAttribute('data-pwned', 'control')</script></body></html>")
    assert 'data-pwned="control"' in rendered_dom(chromium, page, tmp_path / "profile")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A letter with markup in its text, in a decision's item, inside entities (a GUIDELINE
    citation, a DIAGNOSIS), in its reviewer's specialties and in its file name, annotated with
    review pages and reported."""
    text = read(LETTERS[0]).replace("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMARY " + " ".join(ATTACKS))
    text = text.replace("Physical therapy 2 times", ATTACKS[1] + " Physical therapy 2 times", 1)
    text = text.replace("Physical Medicine Guidelines Page(s): 99", f"Physical Medicine {ATTACKS[0]} Guidelines Page(s): 99")
    text = text.replace("degeneration of lumbar disc", f"degeneration of {QUOTE_BREAKER} lumbar disc")
    text = text.replace("Pain Management \n", "Pain Management, " + ATTACKS[0] + " \n", 1)
    letters = tmp_path_factory.mktemp("letters")
    (letters / f"{NAME}.txt").write_text(text)
    out = tmp_path_factory.mktemp("hostile") / "out"
    for command in (["annotate", str(letters), "--out", str(out)], ["report", str(out), "--out", str(out / "report")]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert ATTACKS[1] in record["decisions"][0]["item"]
    labels = {e["label"] for e in record["entities"] if ATTACKS[0] in e["text"] or QUOTE_BREAKER in e["text"]}
    assert labels == {"GUIDELINE", "DIAGNOSIS"}
    return out


def test_markup_in_a_letter_is_shown_not_run(chromium, hostile, tmp_path):
    for page in (hostile / "review" / page_name(NAME), hostile / "review" / "index.html"):
        dom = rendered_dom(chromium, page, tmp_path / "profile")
        body = re.search(r"<body[^>]*>", dom)[0]
        assert "data-pwned" not in body
        assert "<iframe" not in dom and "<svg" not in dom and "<img" not in dom and "onmouseover=" not in dom.replace("onmouseover=alert", "")
    dom = rendered_dom(chromium, hostile / "review" / page_name(NAME), tmp_path / "profile")
    shown = shown_text(dom)
    for attack in ATTACKS + [QUOTE_BREAKER]:
        assert "".join(attack.split()) in shown


def test_markup_stays_inert_through_every_control(watched, hostile):
    """Both views, every label filter, the decision links, the index's search and sort: nothing
    runs, no request leaves, and the Content-Security-Policy reports no blocked script (a console
    error), so the escaping held on its own."""
    page = watched.page
    page.goto((hostile / "review" / page_name(NAME)).as_uri())
    page.click("button[data-view='spans-view']")
    for box in page.locator(".legend input").all():
        box.uncheck()
    page.click("a[data-block='0']")
    page.click("button[data-view='text-view']")
    page.click("a[data-block='0']")
    assert page.locator("body").get_attribute("data-pwned") is None
    page.goto((hostile / "review" / "index.html").as_uri())
    page.fill("#search", "<script>")
    for head in page.locator("th[data-sort-key]").all():
        head.click()
    assert page.locator("body").get_attribute("data-pwned") is None
    assert page.locator("#letters a").inner_text() == NAME


def test_markup_in_a_letter_stays_out_of_the_label_studio_config(hostile, tmp_path):
    result = CliRunner().invoke(app, ["labelstudio", "export", str(hostile), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "config.xml").read_text(encoding="utf-8") == labeling_config()
    (task,) = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert ATTACKS[0] in task["data"]["text"] and task["data"]["id"] == NAME


def test_markup_in_a_letter_is_shown_not_run_in_the_report(chromium, hostile, tmp_path):
    dom = rendered_dom(chromium, hostile / "report" / "index.html", tmp_path / "profile")
    assert "data-pwned" not in re.search(r"<body[^>]*>", dom)[0]
    assert "<script" not in dom and "<iframe" not in dom and "<img" not in dom
    assert "onerror=" not in dom and "onload=" not in dom
    # the hostile specialty is a label of the specialty table and chart, as text
    assert shown_text(dom).count("".join(ATTACKS[0].split()).split(",")[0]) >= 2
