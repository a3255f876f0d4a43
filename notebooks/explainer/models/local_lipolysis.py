"""Upper-bound arithmetic: how much fat extra local lipolysis could release over a programme."""

NMOL_PER_MOL = 1e9
# Standard atomic weights (IUPAC, conventional values), g/mol.
ATOMIC_WEIGHT_G_PER_MOL = {"C": 12.011, "H": 1.008, "O": 15.999}


def molar_mass_g_per_mol(formula: dict[str, int]) -> float:
    """Molar mass from a chemical formula given as atom counts, e.g. {"C": 57, "H": 104, "O": 6}."""
    return sum(ATOMIC_WEIGHT_G_PER_MOL[element] * count for element, count in formula.items())


def extra_fat_released_g(
    extra_glycerol_nmol_per_100g_min: float,
    fat_tissue_g: float,
    minutes_per_session: float,
    sessions: float,
    triglyceride_g_per_mol: float,
) -> float:
    """Grams of fat broken down by the extra local lipolysis, summed over every session.

    Each glycerol released stands for one triglyceride (fat molecule) fully broken down, so the
    glycerol rate times the fat tissue involved and the time spent gives moles of fat; times the
    molar mass of a triglyceride gives grams. Counting all of it as lost (none stored again) makes
    this an upper bound.
    """
    moles = (
        extra_glycerol_nmol_per_100g_min / NMOL_PER_MOL
        * (fat_tissue_g / 100)
        * minutes_per_session
        * sessions
    )
    return moles * triglyceride_g_per_mol
