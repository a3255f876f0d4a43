"""The data package: every table validates, every source resolves, and bad data fail clearly."""

import json
import shutil

import pytest

from explainer import data, paths
from explainer.data import DataError

RESOURCES = data.resource_names()
PACKAGE = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_validates_against_its_schema(name):
    table = data.load(name)
    assert len(table) > 0, f"{name} has no rows"
    assert list(table.columns) == [f["name"] for f in data.resource(name)["schema"]["fields"]]


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_is_described(name):
    spec = data.resource(name)
    assert spec.get("title") and spec.get("description"), f"{name}: add a title and a description"
    assert (paths.DATA / spec["path"]).exists()
    for field in spec["schema"]["fields"]:
        assert field.get("type"), f"{name}.{field['name']} has no type"


@pytest.mark.parametrize("name", [n for n in RESOURCES if n != "sources"])
def test_every_row_names_a_source_that_resolves(name):
    spec = data.resource(name)
    fields = {f["name"] for f in spec["schema"]["fields"]}
    column = "source_id" if "source_id" in fields else "source_ids"
    assert column in fields, f"{name}: every table needs a source_id column"
    known = set(data.load("sources")["source_id"])
    for row, value in enumerate(data.load(name)[column], start=1):
        for source_id in value if isinstance(value, list) else [value]:
            assert source_id in known, f"{name}, row {row}: unknown source_id {source_id!r}"


def test_every_csv_in_data_is_in_the_package():
    listed = {resource["path"] for resource in PACKAGE["resources"]}
    on_disk = {path.name for path in paths.DATA.glob("*.csv")}
    assert on_disk == listed


def test_citation_names_authors_year_title_and_doi():
    assert data.cite("hall2011").startswith("Hall KD et al. (2011). Quantification")
    assert "doi:10.1016/S0140-6736(11)60812-X" in data.cite("hall2011")
    with pytest.raises(DataError, match="unknown source_id 'nobody1900'"):
        data.cite("nobody1900")


@pytest.fixture
def broken(tmp_path):
    """A copy of data/ to break; returns (datapackage path, function that rewrites a CSV)."""
    copy = shutil.copytree(paths.DATA, tmp_path / "data")

    def rewrite(name, old, new, count=1):
        path = copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return copy / "datapackage.json", rewrite


BROKEN_CLAIMS = {
    "renamed column": (",verdict,", ",verdikt,", r"claims\.csv: missing column\(s\) 'verdict'; "
                                                 r"unexpected column\(s\) 'verdikt'"),
    "bad integer": ("\n3,", "\nthree,",
                    r"claims\.csv, row 3, column 'id': expected an integer, got 'three'"),
    "value outside enum": (",supported,", ",proven,",
                           r"column 'verdict': expected one of .* got 'proven'"),
    "unknown source_id": ("segar2006", "segar2099", r"claims\.csv, row 10, column 'source_ids': "
                                                    r"unknown source_id 'segar2099'"),
    "extra value in a row": ("\n2,", "\n2,extra,",
                             r"claims\.csv, row 2: expected 8 values, found 9"),
    "duplicate key": ("\n3,", "\n2,", r"row 3, column 'id': value 2 appears more than once"),
}


@pytest.mark.parametrize("old, new, message", BROKEN_CLAIMS.values(), ids=BROKEN_CLAIMS)
def test_broken_claims_csv_names_file_row_column_and_expectation(broken, old, new, message):
    package, rewrite = broken
    rewrite("claims.csv", old, new)
    with pytest.raises(DataError, match=message):
        data.load("claims", package)


def test_composite_key_is_unique_as_a_whole(broken):
    package, _ = broken
    spec = json.loads(package.read_text())
    claims = next(r for r in spec["resources"] if r["name"] == "claims")
    claims["schema"]["primaryKey"] = ["section", "verdict"]
    package.write_text(json.dumps(spec))
    with pytest.raises(DataError, match=r"row 3, column 'section' \+ 'verdict': value "
                                        r"What causes back dimples\?, no direct evidence appears"):
        data.load("claims", package)
    claims["schema"]["primaryKey"] = ["section", "id"]  # repeats in each column, unique together
    package.write_text(json.dumps(spec))
    assert len(data.load("claims", package)) == 10


def test_missing_file_is_named(broken):
    package, _ = broken
    (package.parent / "claims.csv").unlink()
    with pytest.raises(DataError, match=r"claims\.csv: file not found"):
        data.load("claims", package)
