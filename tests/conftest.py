import os
import shutil
import subprocess
from pathlib import Path

import pytest

import imr_nlp

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "corpus" / "letters").glob("*.txt"))
SYNTHETIC = sorted((ROOT / "corpus" / "synthetic").glob("*.txt"))
GOLD = ROOT / "corpus" / "gold"
DWC = ROOT.parent / "shared" / "dwc-letters"
DWC_LETTERS = sorted(DWC.glob("*.txt")) if DWC.is_dir() else []


@pytest.fixture(scope="session")
def nlp():
    return imr_nlp.load()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory):
    """annotate over the shipped letters, one letter of a .jsonl batch and an empty file (a failed
    input): the review pages and records the review and Label Studio tests read."""
    import json

    from typer.testing import CliRunner

    from imr_nlp.cli import app

    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "batch.jsonl").write_text(json.dumps({"id": "batch_letter", "text": read(LETTERS[2])}) + "\n", encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path_factory.mktemp("corpus_run") / "out"
    sources = [str(ROOT / "corpus" / "letters"), str(ROOT / "corpus" / "synthetic"), str(inputs / "batch.jsonl"), str(inputs / "empty.txt")]
    result = CliRunner().invoke(app, ["annotate", *sources, "--out", str(out)])
    assert result.exit_code == 1 and "annotated: 8, failed: 1" in result.output, result.output
    return out


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


@pytest.fixture(scope="session")
def browser(chromium):
    """Headless Chromium driven by Playwright (its own browser download is not needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
        ])
        yield browser
        browser.close()


class Watched:
    """A browser page that records console errors, uncaught exceptions and every request made."""

    def __init__(self, page):
        self.page, self.errors, self.requests = page, [], []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))


@pytest.fixture
def watched(browser):
    """A fresh page; after the test, no console error happened and no request left the machine."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert watched.errors == []
    assert [url for url in watched.requests if not url.startswith("file://")] == []
