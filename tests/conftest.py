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
