"""The "Try it" cells: one figure function per model, shown two ways.

- `show`: controls (ipywidgets) above a chart that is redrawn in place whenever one of them
  changes. For JupyterLab: the reports leave these cells out. The chart is a display updated
  through its display_id, not an Output widget, so a headless run records it like any other.
- `scenarios`: a few settings drawn in advance, each with the sentence that reads it. JupyterLab
  shows the default one; a report turns them into a switcher that needs no script.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from explainer import charts
from explainer.charts import figure_svg
from explainer.contract import CHART_MIME, Switcher, SwitcherOption


def slider(value, low, high, step, description: str):
    """A slider from `low` to `high`; whole numbers throughout give whole-number steps."""
    whole = all(isinstance(number, int) for number in (value, low, high, step))
    kind = widgets.IntSlider if whole else widgets.FloatSlider
    return kind(value=value, min=low, max=high, step=step, description=description)


def log_slider(value, low_power: float, high_power: float, description: str):
    """A slider from 10**low_power to 10**high_power, even steps in the power of ten."""
    return widgets.FloatLogSlider(value=value, base=10, min=low_power, max=high_power,
                                  description=description)


def choice(options, value, description: str):
    """A drop-down list of `options`."""
    return widgets.Dropdown(options=list(options), value=value, description=description)


def switch(value: bool, description: str):
    """A tick box."""
    return widgets.Checkbox(value=value, description=description)


def show(figure_for, **controls):
    """Show `controls` above the chart `figure_for(**their values)` draws, and redraw it whenever
    one changes. `figure_for` returns (fig, alt); a ValueError it raises (a person or setting the
    model does not cover) is shown as a note in the chart's place. Returns the chart's handle."""
    for control in controls.values():
        control.style.description_width = "initial"
    display(widgets.VBox(list(controls.values())))
    content, metadata = _chart(figure_for, controls)
    chart = display(content, metadata=metadata, raw=True, display_id=True)

    def redraw(_change):
        content, metadata = _chart(figure_for, controls)
        chart.update(content, metadata=metadata, raw=True)

    for control in controls.values():
        control.observe(redraw, names="value")
    return chart


def _chart(figure_for, controls):
    """The display data and metadata for the chart at the controls' current values."""
    try:
        fig, alt = figure_for(**{name: control.value for name, control in controls.items()})
    except ValueError as error:
        return {"text/plain": f"Not modelled: {error}."}, {}
    svg = figure_svg(fig)
    plt.close(fig)
    return {CHART_MIME: svg, "text/plain": alt}, {CHART_MIME: {"alt": alt}}


def scenarios(figure_for, say, choices: dict, legend: str, default: str):
    """Draw each of `choices` (a label -> the settings for `figure_for`) as charts.show would,
    with the sentence `say(**settings)` gives, and display the `default` one. The output's
    metadata carries them all, in order, under "switcher", for the report."""
    if not 3 <= len(choices) <= 6 or default not in choices:
        raise ValueError(f"a switcher offers 3 to 6 choices, the default ({default!r}) among "
                         f"them; got {list(choices)}")
    options = []
    for label, settings in choices.items():
        svg, details = charts.drawn(figure_for, **settings)
        options.append(SwitcherOption(label=label, sentence=say(**settings), svg=svg, **details))
    shown = options[list(choices).index(default)]
    switcher = Switcher(legend=legend, default=list(choices).index(default), options=options)
    display({CHART_MIME: shown["svg"], "text/plain": shown["alt"]}, raw=True,
            metadata={CHART_MIME: {**_without(shown, "svg", "label", "sentence"),
                                        "switcher": switcher}})


def _without(mapping: dict, *keys) -> dict:
    return {key: value for key, value in mapping.items() if key not in keys}
