"""Letter text is untrusted: review pages and the report show markup literally and never run it (headless Chromium)."""
import re
import subprocess
from html import unescape

import pytest
from typer.testing import CliRunner

from imr_nlp.splits import page_name
from imr_nlp.cli import app
from conftest import LETTERS, read

pytestmark = pytest.mark.slow
ATTACKS = [
    "<script>document.body.setAttribute('data-pwned', 'script')</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">",
    "<svg onload=\"document.body.setAttribute('data-pwned', 'svg')\"></svg>",
    "</td></tr></table><iframe srcdoc=\"<script>parent.document.body.setAttribute('data-pwned','iframe')</script>\"></iframe>",
]
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


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A letter with markup in its case summary, its item and its reviewer's specialties, annotated and reported."""
    tmp = tmp_path_factory.mktemp("hostile")
    text = read(LETTERS[0]).replace("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMARY " + " ".join(ATTACKS))
    text = text.replace("Physical therapy 2 times", ATTACKS[0] + ATTACKS[1] + " Physical therapy 2 times", 1)
    text = text.replace("Pain Management \n", "Pain Management, " + ATTACKS[0] + " \n", 1)
    letters = tmp / "letters"
    letters.mkdir()
    (letters / f"{NAME}.txt").write_text(text)
    out = tmp / "out"
    for command in (["annotate", str(letters), "--out", str(out)], ["report", str(out), "--out", str(out / "report")]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
    return out


def test_javascript_runs_in_this_browser(chromium, tmp_path):
    page = tmp_path / "control.html"
    page.write_text("<html><body><script>document.body.setAttribute('data-pwned', 'control')</script></body></html>")
    assert 'data-pwned="control"' in rendered_dom(chromium, page, tmp_path / "profile")


def test_markup_in_a_letter_is_shown_not_run(chromium, hostile, tmp_path):
    for page in (hostile / "review" / page_name(NAME), hostile / "review" / "index.html"):
        dom = rendered_dom(chromium, page, tmp_path / "profile")
        body = re.search(r"<body[^>]*>", dom)[0]
        assert "data-pwned" not in body
        assert "<iframe" not in dom and "<svg" not in dom and "<img" not in dom and "onmouseover=" not in dom.replace("onmouseover=alert", "")
    shown = shown_text(rendered_dom(chromium, hostile / "review" / page_name(NAME), tmp_path / "profile"))
    for attack in ATTACKS:
        assert "".join(attack.split()) in shown


def test_markup_in_a_letter_is_shown_not_run_in_the_report(chromium, hostile, tmp_path):
    dom = rendered_dom(chromium, hostile / "report" / "index.html", tmp_path / "profile")
    assert "data-pwned" not in re.search(r"<body[^>]*>", dom)[0]
    assert "<script" not in dom and "<iframe" not in dom and "<img" not in dom
    assert "onerror=" not in dom and "onload=" not in dom
    # the hostile specialty is a label of the specialty table and chart, as text
    assert shown_text(dom).count("".join(ATTACKS[0].split()).split(",")[0]) >= 2
