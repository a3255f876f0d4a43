"""The README's claims table says what data/claims.csv says."""

import re

from explainer import data, paths


def test_readme_claims_table_matches_claims_csv():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+?) \| (.+?) \| \[`(\w+)`\]", readme, flags=re.MULTILINE)
    expected = [(str(r["id"]), r["label"], r["verdict"], r["notebook"])
                for r in data.load("claims").to_dict("records")]
    assert rows == expected, "update the claims table in README.md to match data/claims.csv"


def test_every_module_and_script_is_named_in_the_readme_or_the_contributors_page():
    text = "\n".join((paths.ROOT / name).read_text(encoding="utf-8")
                     for name in ("README.md", "docs/build.md"))
    code = [*(paths.ROOT / "scripts").rglob("*.py"), *paths.PACKAGE.glob("*.py")]
    unnamed = [path.relative_to(paths.ROOT).as_posix() for path in code
               if path.name != "__init__.py"
               and path.relative_to(paths.ROOT).as_posix() not in text]
    assert not unnamed, "say what these are in docs/build.md"
