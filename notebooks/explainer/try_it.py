"""The one mechanism behind every "Try it" cell: controls (ipywidgets) above a chart that is
redrawn in place whenever one of them changes. For JupyterLab: the reports leave these cells out.

The chart is a display updated through its display_id, not an Output widget, so a headless run
records it like any other figure.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from explainer.charts import figure_svg


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
    return {"image/svg+xml": svg, "text/plain": alt}, {"image/svg+xml": {"alt": alt}}
