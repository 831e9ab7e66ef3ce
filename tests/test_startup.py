"""Start-up imports only what is used: the CLI's help needs no spaCy, the pipeline no QuickUMLS,
and medspaCy stays whole for code that uses it. Checked by the modules imported, never by time,
each in a fresh interpreter."""
import subprocess
import sys
from pathlib import Path

import pytest

LETTER = sorted((Path(__file__).parent.parent / "corpus" / "letters").glob("*.txt"))[0]
HEAVY_FOR_CONTEXT = ("quickumls", "nltk", "scipy", "sklearn")


def imported_after(code: str) -> set[str]:
    """The module names loaded by ``code`` run in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        check=True, capture_output=True, text=True,
    )
    return set(done.stdout.split())


def test_cli_help_imports_no_spacy_and_no_pdf_library():
    modules = imported_after("import imr_nlp.cli")
    assert not {"spacy", "medspacy", "scispacy", "pypdfium2", "pypdf", "dask"} & modules


@pytest.mark.parametrize("code", ["import imr_nlp; imr_nlp.load()", "import spacy; spacy.blank('en')"], ids=["load", "blank"])
def test_pipeline_imports_context_without_quickumls(code):
    modules = imported_after(code)  # spacy.blank imports our components too (entry points)
    assert "medspacy.context" in modules
    assert not set(HEAVY_FOR_CONTEXT) & modules


def test_writing_a_parts_tables_imports_no_pandas():
    """Arrow's conversions from Python objects import pandas when it is installed (0.25 s in every
    annotate worker); the tables are made without them."""
    code = (
        "import json, tempfile, pathlib\n"
        "import imr_nlp\n"
        "from imr_nlp.records import build_record\n"
        "from imr_nlp.tables import TableParts, merge_tables\n"
        f"text = pathlib.Path({str(LETTER)!r}).read_text(encoding='utf-8')\n"
        "parts = TableParts(); parts.add(build_record(imr_nlp.load()(text), id='a', source='a', text=text))\n"
        "folder = pathlib.Path(tempfile.mkdtemp()); parts.write(folder / 'part'); merge_tables([folder / 'part'], folder)\n"
    )
    modules = imported_after(code)
    assert "imr_nlp.tables" in modules and "pyarrow.parquet" in modules
    assert "pandas" not in modules


def test_medspacy_stays_whole_after_the_pipeline_loads():
    code = (
        "import imr_nlp; imr_nlp.load()\n"
        "import medspacy, quickumls\n"
        "from spacy.language import Language\n"
        "nlp = medspacy.load()\n"
        "assert 'medspacy_context' in nlp.pipe_names, nlp.pipe_names\n"
        "assert Language.has_factory('medspacy_quickumls')\n"
        "assert hasattr(quickumls, 'QuickUMLS')\n"
    )
    assert "quickumls" in imported_after(code)
