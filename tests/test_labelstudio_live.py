"""The round trip against a live Label Studio: start the server offline on 127.0.0.1 with its own
data folder, a known user and token; create a project from config.xml and import tasks.json with
label-studio-sdk; submit a reviewer's corrections; export the project through the API; import
the export; stop the server.

Label Studio runs in its own environment (it needs numpy 2, imr_nlp's scispaCy numpy 1): the
README's ``.venv-labelstudio``, or ``$IMR_NLP_LABEL_STUDIO`` naming its ``label-studio``."""
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.splits import file_name
from imr_nlp.text import to_input
from conftest import ROOT
from test_labelstudio import EDITED, expected_gold, records_of, reviewed, tasks_of

pytestmark = pytest.mark.slow
TOKEN = "0123456789abcdef0123456789abcdef01234567"
CLIENT = Path(__file__).with_name("labelstudio_client.py")
INSTALL = "python3 -m venv .venv-labelstudio && .venv-labelstudio/bin/pip install label-studio==1.23.2"


def label_studio() -> Path | None:
    for candidate in (os.environ.get("IMR_NLP_LABEL_STUDIO"), ROOT / ".venv-labelstudio" / "bin" / "label-studio",
                      shutil.which("label-studio")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "Label Studio exited while starting"
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(2)
    raise AssertionError(f"Label Studio did not answer {url}/health within {seconds:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Label Studio server of our own, stopped (its whole process group) after the tests."""
    executable = label_studio()
    if executable is None:
        pytest.skip(f"label-studio is not installed; install it beside imr_nlp with: {INSTALL}")
    data = tmp_path_factory.mktemp("label-studio")
    port = free_port()
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true"}
    command = [str(executable), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
               "--data-dir", str(data), "--username", "reviewer@example.org", "--password", "review-password-1",
               "--user-token", TOKEN]
    with open(data / "server.log", "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, process, 300)
            yield url, executable.parent / "python"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_corrections_made_in_label_studio_become_gold(server, corpus_run, nlp, tmp_path):
    url, python = server
    runner = CliRunner()
    tasks_dir = tmp_path / "tasks"
    assert runner.invoke(app, ["labelstudio", "export", str(corpus_run), "--out", str(tasks_dir)]).exit_code == 0
    task = tasks_of(tasks_dir)[EDITED]
    (tmp_path / "annotations.json").write_text(json.dumps({EDITED: reviewed(task)}), encoding="utf-8")
    export = tmp_path / "export.json"
    subprocess.run(
        [str(python), str(CLIENT), url, TOKEN, str(tasks_dir / "config.xml"), str(tasks_dir / "tasks.json"),
         str(tmp_path / "annotations.json"), str(export)],
        check=True, timeout=600,
    )
    gold = tmp_path / "gold"
    result = runner.invoke(app, ["labelstudio", "import", str(export), "--out", str(gold)])
    assert result.exit_code == 0, result.output
    record = records_of(corpus_run)[EDITED]
    assert result.output.splitlines()[0] == (
        f"letters: 1, unannotated: 7, kept: {len(record['entities']) - 2}, added: 2, removed: 1, relabelled: 1, "
        "snapped: 1, outcome changes: 1, category changes: 0"
    )
    expected = expected_gold(task, record)
    written = json.loads((gold / "gold" / file_name(EDITED, ".json")).read_text(encoding="utf-8"))
    assert [(e["label"], e["start"], e["end"]) for e in written["entities"]] == expected
    assert written["decisions"] == [{"index": 0, "outcome": "overturned", "category": "rehabilitation"}]
    (doc,) = DocBin().from_disk(gold / "gold.spacy").get_docs(nlp.vocab)
    assert [(s.label_, *to_input(doc._.offset_map, s.start_char, s.end_char)) for s in doc.spans["imr_entities"]] == expected
