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
def chromium():
    """Debian's chromium, installed on first use where the tests run as root (as CI does)."""
    if shutil.which("chromium") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], capture_output=True, timeout=900)
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium is not installed and cannot be installed here")
    return path
