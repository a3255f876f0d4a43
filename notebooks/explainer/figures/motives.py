"""Exercise motives: how much women exercising for their shape did against the others
(notebook 06)."""


from explainer import charts
from explainer.charts import PALETTE


def relative_exercise(body_shape) -> float:
    """Exercise of women with body-shape motives as a % of the others': 100 minus the gap."""
    gap = body_shape.loc[body_shape["measure"].str.startswith("less exercise"), "percent"]
    return 100 - float(gap.iloc[0])


def motive_chart(ax, body_shape):
    """Two bars: the others' exercise as 100 and the body-shape group's, from the reported gap."""
    values = [100, relative_exercise(body_shape)]
    bars = ax.bar(["other main motives", "body-shape motives"], values,
                  color=[PALETTE["green"], PALETTE["grey"]], width=0.55)
    ax.bar_label(bars, labels=["100 (reference)", f"about {values[1]:.0f}"], padding=3,
                 fontsize=10)
    ax.set_ylim(0, 120)
    ax.set_ylabel("exercise, relative to the other women")
    ax.grid(axis="x", visible=False)
    return ax


def motive_figure(body_shape, phone: bool = False):
    """The two motive bars under their finding, with the study's size in the note."""
    fig = charts.one_chart_figure(
        charts.size((8, 4.5), phone), lambda ax: motive_chart(ax, body_shape),
        "In one small study, women exercising mainly for their shape were less active",
        f"Source: Segar et al. 2006 ({int(body_shape['participants'].iloc[0])} midlife women). "
        "Second-hand: these figures come from the University of Michigan's news release about "
        "the study, not from the paper. Observational: motives reported, not assigned.")
    return fig, ("Bar chart: women whose main exercise motives were about body shape did about "
                 f"{relative_exercise(body_shape):.0f}% as much exercise as the other women in "
                 "the study, taken as 100.")
