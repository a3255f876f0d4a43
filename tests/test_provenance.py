"""Numbers traced to their rows or model, terms explained, and checks that name their subset."""

import ast
import json
import re
from pathlib import Path

import pytest

from explainer import data, provenance, report
from tests.helpers import NOTEBOOKS

TRIALS = data.load("spot_reduction_trials")


def test_a_sourced_number_names_its_study_locator_table_and_row():
    row = TRIALS.set_index("comparison_id").loc["scottodipalumbo2017_upper"]
    html = provenance.sourced(12.1, row, "{:.0f}%")
    number = data.rows("spot_reduction_trials").index(
        next(r for r in data.rows("spot_reduction_trials")
             if r["comparison_id"] == "scottodipalumbo2017_upper")) + 1
    assert html.startswith('<span class="num" tabindex="0">12%<span class="origin"')
    assert ('<a href="#source-scottodipalumbo2017">Scotto di Palumbo et al. 2017</a>: abstract'
            in html)
    assert f"row {number}." in html
    assert data.resource("spot_reduction_trials")["title"] in html


def test_a_number_worked_out_from_several_rows_says_how_and_lists_them_all():
    found_none = TRIALS[~TRIALS.authors_report_local_loss]
    html = provenance.sourced("5 studies", found_none, how="counted")
    assert "Worked out by us (counted) from:" in html
    for source_id in found_none.source_id.unique():
        assert f'href="#source-{source_id}"' in html
    numbers = provenance.table_rows("spot_reduction_trials", found_none)
    assert len(numbers) == len(found_none)
    assert provenance.row_words([1, 2, 3, 7]) == "rows 1 to 3 and 7"
    assert provenance.row_words([1, 2, 3, 21, 22]) == "rows 1 to 3, 21 and 22"


def test_a_modelled_number_is_marked_as_model_output_with_its_settings():
    html = provenance.modelled(9.64, "the fat-depot model, seed 19", "{:.1f} hours")
    assert html.startswith('<span class="num model" tabindex="0">9.6 hours')
    assert "Model output, not measured: the fat-depot model, seed 19." in html


def test_a_row_not_in_its_table_is_refused():
    changed = TRIALS.iloc[0].copy()
    changed["n_study"] = 99999
    with pytest.raises(ValueError, match="not in data/spot_reduction_trials.csv"):
        provenance.sourced(1, changed)


def test_a_term_is_explained_where_it_is_used_and_linked_to_the_glossary():
    html = provenance.term("PSIS")
    meaning = provenance.glossary_entry("PSIS")["meaning"]
    assert html.startswith('<dfn class="term" tabindex="0">PSIS')
    assert meaning in html and 'href="glossary.html#psis"' in html
    with pytest.raises(KeyError):
        provenance.term("flux capacitor")


def test_a_check_over_some_rows_of_a_table_must_name_them():
    found_some = TRIALS[TRIALS.authors_report_local_loss]
    with pytest.raises(ValueError, match="name the subset"):
        provenance.Check("The trained side never lost more fat.", True, rows=found_some)
    with pytest.raises(ValueError, match="must name its subset"):
        provenance.Check("The trained side never lost more fat.", True, rows=found_some,
                         subset="the studies that found some")
    named = provenance.Check("In the studies that found some, x.", True, rows=found_some,
                             subset="the studies that found some")
    assert named.holds
    assert provenance.Check("Over every study, x.", True, rows=TRIALS).holds


def test_short_answer_words_leave_out_the_notes_of_traced_numbers():
    number = provenance.sourced(3, TRIALS.iloc[0])
    assert report.plain_text(f"About {number} studies.") == "About 3 studies."
    report.short_answer([5], " ".join([number] * 119))


def test_every_source_has_a_short_name_for_sentences():
    for row in data.rows("sources"):
        short = data.short_cite(row["source_id"])
        assert short and "," not in short and "not named" not in short, short
    assert data.short_cite("hallgreen2008") == "Hallgreen and Hall 2008"
    assert re.fullmatch(r"Hamlyn et al\. 2007", data.short_cite("hamlyn2007"))


TRACERS = {"sourced", "modelled"}
# What static Markdown may hold with digits: link targets, author-year citation links
# ("[Hall 2008](#source-hall2008)"), list numbers, and what the browser test allows ("Claim 5",
# "claims 1 to 3", vertebra names such as L5, "1RM").
LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
CITATION_TARGET = re.compile(r"#source-|https://doi\.org/")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
LIST_NUMBER = re.compile(r"^\s*\d+\.\s", re.M)
ALLOWED = re.compile(r"\bclaims? \d+(?:(?:,| to| and|-)\s*\d+)*|\b[LTS]\d\b|\b1RM\b", re.I)


def _cells(path: Path):
    for number, cell in enumerate(json.loads(path.read_text())["cells"]):
        yield number, cell["cell_type"], "".join(cell["source"])


def _shown_text(node: ast.expr) -> list[str]:
    """The text a number's `shown` argument types in: a string, an f-string's constant parts
    (not its format specs) or the strings added together."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.Constant)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _shown_text(node.left) + _shown_text(node.right)
    return []


def typed_numbers_in_code(source: str) -> list[str]:
    """The text of every sourced/modelled call whose shown number is typed in, not computed."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    found = []
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", None)
        if name in TRACERS and any(re.search(r"\d", text) for text in _shown_text(node.args[0])):
            found.append(ast.unparse(node.args[0]))
    return found


def typed_numbers_in_markdown(source: str) -> list[str]:
    """Digits in static prose, outside link targets, author-year citations and the allowlist."""
    def link(match):
        text, target = match.groups()
        cites = CITATION_TARGET.match(target)
        return YEAR.sub("", text) if cites else text

    text = LINK.sub(link, source)
    text = re.sub(r"<[^>]+>", " ", text)
    text = ALLOWED.sub("", LIST_NUMBER.sub("", text))
    return [" ".join(line.split()) for line in text.splitlines() if re.search(r"\d", line)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_no_number_is_typed_into_a_page(path):
    """Every number a reader sees is read from the data or a model run (or a named parameter),
    never typed into prose or into the number a sourced/modelled call shows. Cells count from 0."""
    typed = []
    for number, kind, source in _cells(path):
        found = (typed_numbers_in_code(source) if kind == "code"
                 else typed_numbers_in_markdown(source) if kind == "markdown" else [])
        typed += [f"{path.name}, cell {number} ({kind}): {text}" for text in found]
    assert not typed, "numbers typed in, not read from the data or a model:\n" + "\n".join(typed)


def test_typed_numbers_are_found_and_computed_ones_pass():
    assert typed_numbers_in_code("report.sourced('20 kg', gain)") == ["'20 kg'"]
    assert typed_numbers_in_code("x = f\"{report.modelled(f'0 to {d:g} mm', m)} rule\"") == [
        "f'0 to {d:g} mm'"]
    assert typed_numbers_in_code("provenance.modelled('a' + ' 3 kg', m)") == ["'a' + ' 3 kg'"]
    assert typed_numbers_in_code("report.sourced(f'{low:.0%} to {high:.0%}', rows, how='x 2')\n"
                                 "report.modelled(CLOSE, 'our assumption', '{:.0%}')") == []
    assert typed_numbers_in_markdown("[Hall 2008](#source-hall2008) found 30% ([a](#x2))") == [
        "Hall found 30% (a)"]
    assert typed_numbers_in_markdown(
        "1. **Claim 5** in [Westerterp's 2004 review](#source-westerterp2004), at L5") == []
    assert typed_numbers_in_markdown("[20 kg](#source-ct_torso_fat_maps)") == ["20 kg"]
