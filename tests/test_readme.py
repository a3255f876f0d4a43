"""The README's claims table says what data/claims.csv says."""

import re

from explainer import data, paths


def test_readme_claims_table_matches_claims_csv():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+?) \| (.+?) \| \[`(\w+)`\]", readme, flags=re.MULTILINE)
    expected = [(str(r["id"]), r["label"], r["verdict"], r["notebook"])
                for r in data.load("claims").to_dict("records")]
    assert rows == expected, "update the claims table in README.md to match data/claims.csv"
