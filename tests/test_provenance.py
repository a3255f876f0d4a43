"""Numbers traced to their rows or model, terms explained, and checks that name their subset."""

import re

import pytest

from explainer import data, provenance, report

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
    assert provenance._row_words([1, 2, 3, 7]) == "rows 1 to 3 and 7"


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
