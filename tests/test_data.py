"""The data package: every table validates, every source resolves, and bad data fail clearly."""

import csv
import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from explainer import contract, data, paths
from explainer.data import DataError

RESOURCES = data.resource_names()
PACKAGE = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", RESOURCES)
def test_every_table_loads_every_row_with_its_declared_types(name):
    table = data.load(name)
    # An independent reader of the same file: no row lost, added or reordered.
    plain = pd.read_csv(paths.DATA / data.resource(name)["path"], dtype=str,
                        keep_default_na=False)
    assert len(table) == len(plain) > 0
    for field in data.resource(name)["schema"]["fields"]:
        column = table[field["name"]]
        assert str(column.dtype) == {"integer": "Int64", "number": "float64",
                                     "boolean": "boolean", "string": "str"}[field["type"]]
        texts = plain[field["name"]]
        assert list(column.isna()) == list(texts == ""), f"{name}.{field['name']}: empty cells"


@pytest.mark.parametrize("name", RESOURCES)
def test_rows_hold_the_frames_values_with_none_for_empty_cells(name):
    frame = data.load(name)
    records = [{column: None if pd.isna(value) else value for column, value in record.items()}
               for record in frame.to_dict("records")]
    assert data.rows(name) == records


def test_rows_and_citations_need_no_pandas():
    """The build reads claims.csv and cites sources in a process that never imports pandas."""
    script = ("import sys; from explainer import data; rows = data.rows('claim_sources'); "
              "data.cite('hall2011'); print(len(rows), 'pandas' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={"PYTHONPATH": str(paths.NOTEBOOKS)}, check=True)
    assert run.stdout.split() == [str(len(data.load("claim_sources"))), "False"]


def test_the_standard_validator_accepts_the_data_package():
    frictionless = pytest.importorskip(
        "frictionless", reason="frictionless is not installed (pin it with the test dependencies)")
    report = frictionless.validate(str(paths.DATAPACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_is_described(name):
    spec = data.resource(name)
    assert spec.get("title") and spec.get("description"), f"{name}: add a title and a description"
    assert (paths.DATA / spec["path"]).exists()
    for field in spec["schema"]["fields"]:
        assert field.get("type"), f"{name}.{field['name']} has no type"


SITE_TABLES = ("sources", "claims", "glossary", "page_reviews", "topics")  # ours, not transcribed


@pytest.mark.parametrize("name", [n for n in RESOURCES if n not in SITE_TABLES])
def test_every_table_declares_its_source_id_as_a_key_into_sources(name):
    schema = data.resource(name)["schema"]
    assert "source_id" in [f["name"] for f in schema["fields"]], f"{name}: add a source_id column"
    keys = {key["fields"]: key["reference"] for key in schema.get("foreignKeys", [])}
    assert keys.get("source_id") == {"resource": "sources", "fields": "source_id"}, (
        f"{name}: declare source_id as a foreign key into sources, so load() checks it")


def test_every_claim_names_its_main_sources():
    linked = data.load("claim_sources").groupby("claim_id").size()
    assert set(linked.index) == set(data.load("claims")["id"])


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
    "extra value in a row": ("\n2,", "\n2,extra,",
                             r"claims\.csv, row 2: expected 7 values, found 8"),
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


def test_unknown_source_id_names_the_link_table_row(broken):
    package, rewrite = broken
    rewrite("claim_sources.csv", "10,segar2006", "10,segar2099")
    row = data.load("claim_sources").query("source_id == 'segar2006'").index[0] + 1
    with pytest.raises(DataError, match=rf"claim_sources\.csv, row {row}, column 'source_id': "
                                        r"unknown source_id 'segar2099' \(not in the 'sources'"):
        data.load("claim_sources", package)


def test_header_only_table_fails_naming_the_file(broken):
    package, _ = broken
    path = package.parent / "dimple_accounts.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"dimple_accounts\.csv: a header but no data rows"):
        data.load("dimple_accounts", package)


def test_header_only_table_loads_empty_when_its_schema_allows_it(broken):
    package, _ = broken
    path = package.parent / "dimple_accounts.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    spec = json.loads(package.read_text(encoding="utf-8"))
    accounts = next(r for r in spec["resources"] if r["name"] == "dimple_accounts")
    accounts["schema"]["allowEmpty"] = True
    package.write_text(json.dumps(spec), encoding="utf-8")
    table = data.load("dimple_accounts", package)
    assert table.empty and list(table.columns) == list(data.load("dimple_accounts").columns)


def test_byte_order_mark_from_excel_is_accepted(broken):
    package, _ = broken
    path = package.parent / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    pd.testing.assert_frame_equal(data.load("claims", package), data.load("claims"))


def test_a_changed_file_is_checked_again_and_a_loaded_table_cannot_change_the_next(broken):
    package, rewrite = broken
    first = data.load("claims", package)
    first.loc[0, "verdict"] = "edited in a notebook"
    assert data.load("claims", package).loc[0, "verdict"] != "edited in a notebook"
    rewrite("claims.csv", "\n3,", "\nthree,")
    with pytest.raises(DataError, match="row 3, column 'id'"):
        data.load("claims", package)


def test_each_file_is_validated_once_however_often_it_is_loaded(broken, monkeypatch):
    package, _ = broken
    parsed = []
    reader = csv.reader
    monkeypatch.setattr(csv, "reader", lambda lines, **options: parsed.append(1)
                        or reader(lines, **options))
    for _ in range(3):
        data.load("claim_sources", package)  # its foreign keys load claims and sources
        data.rows("claim_sources", package)
        data.cite("hall2011", package)
    assert len(parsed) == 3  # claim_sources, claims and sources, each parsed once


def test_foreign_keys_are_checked_again_when_the_table_they_point_to_changes(broken):
    package, rewrite = broken
    data.load("claim_sources", package)
    rewrite("sources.csv", "\nsegar2006,", "\nsegar2006x,")
    with pytest.raises(DataError, match=r"claim_sources\.csv, row \d+, column 'source_id': "
                                        r"unknown source_id 'segar2006'"):
        data.load("claim_sources", package)


def test_every_load_is_noted_for_the_build_through_the_contract(broken):
    package, _ = broken
    contract.take_data_files_read()
    data.load("claims", package)
    data.rows("claims", package)
    assert contract.take_data_files_read() == [str(package.parent / "claims.csv")]
    assert contract.take_data_files_read() == []  # taking them starts the next list


# Spellings that pandas and Python's float() take for "no number": a cell holding one is an error,
# not a NaN or an infinity that reaches a chart or a sentence ("about nan% less exercise").
NOT_NUMBERS = ["NaN", "nan", "-nan", "NA", "N/A", "null", "inf", "-inf", "Infinity"]


@pytest.mark.parametrize("spelling", NOT_NUMBERS)
def test_no_number_spelling_passes_as_a_number(broken, spelling):
    package, rewrite = broken
    rewrite("body_shape_motives.csv", ",40,true,", f",{spelling},true,")
    with pytest.raises(DataError, match=rf"body_shape_motives\.csv, row 2, column 'percent': "
                                        rf"expected a number, got '{re.escape(spelling)}' \(a "
                                        r"missing value is written as an empty cell\)"):
        data.load("body_shape_motives", package)


@pytest.mark.parametrize("spelling", ["NaN", "NA", "inf"])
def test_no_number_spelling_passes_as_an_integer(broken, spelling):
    package, rewrite = broken
    rewrite("body_shape_motives.csv", ",true,59,", f",true,{spelling},")
    with pytest.raises(DataError, match=rf"row 2, column 'participants': expected an integer, "
                                        rf"got '{spelling}' \(a missing value is written as"):
        data.load("body_shape_motives", package)


def test_every_table_says_which_texts_are_missing_values():
    for resource in PACKAGE["resources"]:
        assert resource["schema"].get("missingValues") == [""], resource["name"]


def test_declared_missing_values_are_followed_by_schema_and_by_field(broken):
    package, rewrite = broken
    rewrite("heritability_fat_distribution.csv", "female,0.58,", "female,n/a,")  # row 1, h2
    with pytest.raises(DataError, match=r"row 1, column 'h2': expected a number, got 'n/a'"):
        data.load("heritability_fat_distribution", package)

    spec = json.loads(package.read_text(encoding="utf-8"))
    table = next(r for r in spec["resources"] if r["name"] == "heritability_fat_distribution")
    table["schema"]["missingValues"] = ["", "n/a"]
    package.write_text(json.dumps(spec), encoding="utf-8")
    h2 = data.load("heritability_fat_distribution", package)["h2"]
    assert h2.isna().tolist()[:2] == [True, False]

    table["schema"]["missingValues"] = [""]
    field = next(f for f in table["schema"]["fields"] if f["name"] == "h2")
    field["missingValues"] = ["n/a"]  # a field's own list wins over its schema's
    field.setdefault("constraints", {})["required"] = True
    package.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(DataError, match=r"row 1, column 'h2': a value is required but the cell is "
                                        r"missing \('n/a'\)"):
        data.load("heritability_fat_distribution", package)


def test_a_data_folder_that_is_a_link_is_noted_and_named_as_the_link(broken, tmp_path):
    package, rewrite = broken
    project = tmp_path / "project"
    project.mkdir()
    (project / "data").symlink_to(package.parent)
    contract.take_data_files_read()
    data.load("claims", project / "data" / "datapackage.json")
    assert contract.take_data_files_read() == [str(project / "data" / "claims.csv")]
    rewrite("claims.csv", "\n3,", "\nthree,")
    with pytest.raises(DataError, match=r"^data/claims\.csv, row 3"):
        data.load("claims", project / "data" / "datapackage.json")
