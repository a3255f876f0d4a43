"""The one Try-it mechanism: controls above a chart that redraws in place when one changes."""

import ipywidgets as widgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from explainer import try_it  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    """What try_it displays and updates, in order: ('display' | 'update', data, metadata)."""
    events = []

    class Handle:
        def update(self, data, metadata, raw):
            events.append(("update", data, metadata))

    def display(obj, metadata=None, raw=False, display_id=False):
        events.append(("display", obj, metadata))
        return Handle() if display_id else None

    monkeypatch.setattr(try_it, "display", display)
    return events


def line_of(slope, label):
    if slope < 0:
        raise ValueError("a negative slope is not modelled")
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, slope])
    ax.set_title(f"slope {slope:g} {label}")
    return fig, f"A line of slope {slope:g}."


def test_controls_are_shown_above_a_chart_with_alt_text(shown):
    open_before = plt.get_fignums()
    slope = try_it.slider(1.0, -1, 3, 0.5, "slope")
    try_it.show(line_of, slope=slope, label=try_it.choice(["a", "b"], "a", "label"))
    (kind, box, _), (kind_chart, chart, metadata) = shown
    assert kind == "display" and isinstance(box, widgets.VBox)
    assert [child.description for child in box.children] == ["slope", "label"]
    assert kind_chart == "display" and "slope 1 a" in chart["image/svg+xml"]
    assert chart["text/plain"] == "A line of slope 1." == metadata["image/svg+xml"]["alt"]
    assert plt.get_fignums() == open_before, "every figure it draws is closed"


def test_changing_a_control_redraws_the_chart_in_place(shown):
    slope, label = try_it.slider(1.0, -1, 3, 0.5, "slope"), try_it.switch(True, "label")
    try_it.show(line_of, slope=slope, label=label)
    slope.value = 2.5
    label.value = False
    updates = [event for event in shown if event[0] == "update"]
    assert len(updates) == 2
    assert "slope 2.5 True" in updates[0][1]["image/svg+xml"]
    assert "slope 2.5 False" in updates[1][1]["image/svg+xml"]


def test_a_setting_the_model_does_not_cover_is_shown_as_a_note(shown):
    slope = try_it.slider(1.0, -1, 3, 0.5, "slope")
    try_it.show(line_of, slope=slope, label=try_it.switch(True, "label"))
    slope.value = -0.5
    kind, note, metadata = shown[-1]
    assert kind == "update" and metadata == {}
    assert note == {"text/plain": "Not modelled: a negative slope is not modelled."}


def test_sliders_step_in_whole_numbers_only_when_every_number_is_whole():
    assert isinstance(try_it.slider(40, 19, 78, 1, "age"), widgets.IntSlider)
    assert isinstance(try_it.slider(12.0, 0, 30, 1, "depth"), widgets.FloatSlider)
    log = try_it.log_slider(1, 0, 3, "factor")
    assert (log.min, log.max, log.base) == (0, 3, 10)


def test_scenarios_show_the_default_and_carry_every_scenario_for_the_report(shown):
    def line_for(slope, label, phone=False):
        fig, alt = line_of(slope, label)
        fig.axes[0].lines[0].set_label("line")
        return fig, alt

    try_it.scenarios(line_for, lambda slope, label: f"Slope {slope:g} climbs.",
                     {"flat": {"slope": 0.0, "label": "a"}, "gentle": {"slope": 1.0, "label": "a"},
                      "steep": {"slope": 3.0, "label": "a"}}, "How steep?", default="gentle")
    (kind, chart, metadata), = shown
    details = metadata["image/svg+xml"]
    assert kind == "display" and "slope 1 a" in chart["image/svg+xml"]
    assert chart["text/plain"] == details["alt"] == "A line of slope 1."
    switcher = details["switcher"]
    assert (switcher["legend"], switcher["default"]) == ("How steep?", 1)
    assert [o["label"] for o in switcher["options"]] == ["flat", "gentle", "steep"]
    assert [o["sentence"] for o in switcher["options"]] == [
        "Slope 0 climbs.", "Slope 1 climbs.", "Slope 3 climbs."]
    for option, slope in zip(switcher["options"], (0, 1, 3), strict=True):
        assert f"slope {slope} a" in option["svg"] and f"slope {slope} a" in option["phone"]
        assert option["alt"] == f"A line of slope {slope}."
        assert option["csv"].splitlines()[-1] == f"line,1,{slope:g},model,model output"
        assert option["table"]["rows"][-1] == ["line", "1", f"{slope:g}"]


@pytest.mark.parametrize("choices, default", [
    ({"a": {}, "b": {}}, "a"),  # too few
    ({str(n): {} for n in range(7)}, "0"),  # too many
    ({"a": {}, "b": {}, "c": {}}, "d"),  # a default that is not offered
])
def test_scenarios_refuse_too_few_too_many_or_a_missing_default(shown, choices, default):
    with pytest.raises(ValueError, match="3 to 6 choices"):
        try_it.scenarios(line_of, str, choices, "legend", default)
