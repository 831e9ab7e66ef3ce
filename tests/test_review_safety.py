"""Letter text is untrusted: review pages show markup literally and never run it (headless Chromium)."""
import os
import re
from html import unescape
import shutil
import subprocess

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


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium, installed on first use where the tests run as root (as CI does)."""
    if shutil.which("chromium") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], capture_output=True, timeout=900)
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium is not installed and cannot be installed here")
    return path


def rendered_dom(chromium, page, profile):
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_javascript_runs_in_this_browser(chromium, tmp_path):
    page = tmp_path / "control.html"
    page.write_text("<html><body><script>document.body.setAttribute('data-pwned', 'control')</script></body></html>")
    assert 'data-pwned="control"' in rendered_dom(chromium, page, tmp_path / "profile")


def test_markup_in_a_letter_is_shown_not_run(chromium, tmp_path):
    text = read(LETTERS[0]).replace("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMARY " + " ".join(ATTACKS))
    text = text.replace("Physical therapy 2 times", ATTACKS[1] + " Physical therapy 2 times", 1)
    letters = tmp_path / "letters"
    letters.mkdir()
    name = "x'><b onmouseover=alert(1)>"
    (letters / f"{name}.txt").write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["annotate", str(letters), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for page in (out / "review" / page_name(name), out / "review" / "index.html"):
        dom = rendered_dom(chromium, page, tmp_path / "profile")
        body = re.search(r"<body[^>]*>", dom)[0]
        assert "data-pwned" not in body
        assert "<iframe" not in dom and "<svg" not in dom and "<img" not in dom and "onmouseover=" not in dom.replace("onmouseover=alert", "")
    dom = rendered_dom(chromium, out / "review" / page_name(name), tmp_path / "profile")
    shown = "".join(unescape(re.sub(r"<[^>]+>", "", dom)).split())
    for attack in ATTACKS:
        assert "".join(attack.split()) in shown
