"""Every path the project uses, resolved from this file (never from the working directory)."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
NOTEBOOKS = PACKAGE.parent
ROOT = NOTEBOOKS.parent
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
STYLE = PACKAGE / "explainer.mplstyle"
