"""The local-lipolysis arithmetic: units, proportionality and the molar mass of fat."""

import pytest

from explainer.models.local_lipolysis import extra_fat_released_g, molar_mass_g_per_mol


def test_one_hand_worked_example():
    # 100 nmol per 100 g per min in 200 g for 30 min, 10 times: 100e-9 * 2 * 30 * 10 = 6e-5 mol.
    grams = extra_fat_released_g(100, 200, 30, 10, triglyceride_g_per_mol=900)
    assert grams == pytest.approx(6e-5 * 900)


def test_no_extra_lipolysis_releases_nothing_and_more_time_releases_proportionally_more():
    assert extra_fat_released_g(0, 1500, 30, 36, 860) == 0
    once = extra_fat_released_g(97, 1500, 30, 1, 860)
    assert extra_fat_released_g(97, 1500, 30, 36, 860) == pytest.approx(36 * once)
    assert extra_fat_released_g(97, 3000, 30, 1, 860) == pytest.approx(2 * once)


def test_molar_mass_from_formula():
    # Water: 2 * 1.008 + 15.999; triolein C57H104O6 is about 885 g/mol.
    assert molar_mass_g_per_mol({"H": 2, "O": 1}) == pytest.approx(18.015)
    assert molar_mass_g_per_mol({"C": 57, "H": 104, "O": 6}) == pytest.approx(885.45, abs=0.01)
