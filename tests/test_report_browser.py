"""The report page in headless Chromium: every chart drawn, no request leaving the machine, no console error."""
import pytest
from typer.testing import CliRunner

from imr_nlp.cli import app
from conftest import LETTERS, SYNTHETIC, read
from letters import report_corpus

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
SECTIONS = """els => els.map(s => ({
    id: s.id,
    empty: s.querySelector('p.empty') !== null,
    charts: [...s.querySelectorAll('svg')].map(svg => {
        const box = svg.getBoundingClientRect();
        return {width: box.width, height: box.height, marks: svg.querySelectorAll('rect, path, polyline, circle').length};
    }),
}))"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    letters = report_corpus(tmp / "letters", [read(p) for p in LETTERS + SYNTHETIC])
    for command in (["annotate", str(letters), "--out", str(tmp / "out"), "--no-review"],
                    ["report", str(tmp / "out"), "--out", str(tmp / "report")]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
    return tmp / "report" / "index.html"


def test_report_renders_every_chart_offline_without_errors(chromium, index):
    requests, errors = [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(index.as_uri())
        sections = page.eval_on_selector_all("section", SECTIONS)
        browser.close()
    assert requests == [index.as_uri()]
    assert errors == []
    assert len(sections) == 12
    assert [s["id"] for s in sections if s["empty"]] == []  # diagnoses carry ICD-10-CM codes: chapters too
    for section in sections:
        if not section["empty"]:
            assert section["charts"], section["id"]
            for chart in section["charts"]:
                assert chart["width"] > 0 and chart["height"] > 0 and chart["marks"] > 0, section["id"]
    assert len(next(s for s in sections if s["id"] == "by_month")["charts"]) == 2
