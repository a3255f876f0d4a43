"""Charts in a report: each figure's SVG inline, its phone variant beside it, the font its text
uses, and the numbers behind it in tabs (chart_tabs.py): a table, their sources, a CSV download.

explainer.charts.show puts the desktop SVG in the output and the rest in the output's metadata
(explainer.contract.ChartDetails). `figure_html`, a template filter, puts both SVGs into the page
(report.css shows one of them by screen width; print shows the desktop one), with the alt text as
the accessible name. Once the page is parsed (page.py), `compact` tidies each SVG in the tree: ids
made unique per figure and variant, numbers to 0.1 pt, matplotlib's global style left to
report.css; `share_styles` then turns the style attributes of all the page's charts into classes,
and `font_faces` embeds FONT_FAMILY, a subset of matplotlib's own DejaVu Sans, once per page as
WOFF, so charts look the same where DejaVu Sans is not installed.
"""

import base64
import io
import re
from functools import cache
from html import escape
from importlib.util import find_spec
from pathlib import Path

from bs4 import NavigableString, Tag
from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image

from explainer.contract import CHART_MIME, LABEL_GID, STAMP_GID, ChartDetails, Switcher
from reportbuild import chart_tabs

FONT_FAMILY = "Chart Sans"
FONT_FILES = {400: "DejaVuSans.ttf", 700: "DejaVuSans-Bold.ttf"}
# matplotlib.get_data_path(), without importing matplotlib (a third of a second)
FONTS = Path(find_spec("matplotlib").origin).parent / "mpl-data" / "fonts" / "ttf"

CLASS_IDS = {LABEL_GID, STAMP_GID}  # kept, as classes
# In attribute values: a reference to an id, a decimal number, a path command with its spaces.
REFERENCE = re.compile(r"url\(#([^)]+)\)")
DECIMAL = re.compile(r"\d+\.\d+")
PATH_COMMAND = re.compile(r"\s*([MLCQZz])\s*")
FONT_FAMILY_STYLE = re.compile(r"font-family: '[^']*';? ?")
NO_ROTATION = re.compile(r"rotate\(-?0 [^)]*\)")
PNG_DATA = "data:image/png;base64,"


def figure_html(output) -> str:
    """A chart output as a <figure> (desktop and phone SVG, the CSV link and an anchor link), or
    a scenario switcher (explainer.try_it.scenarios) as switcher_html makes it."""
    details = output.metadata.get(CHART_MIME, {})
    if "phone" not in details:
        raise ValueError("an SVG output without the phone variant and alt text that "
                         "explainer.charts.show adds: show charts with charts.show")
    if "switcher" in details:
        return switcher_html(details["anchor"], details["switcher"])
    return chart_figure(output.data[CHART_MIME], details)


def chart_figure(svg: str, details: ChartDetails, link: str | None = None) -> str:
    """One chart's <figure>: its drawing, in tabs with its numbers where it plots some
    (chart_tabs.py); its "Link to this chart" goes to `link`, by default its anchor."""
    anchor, alt = details["anchor"], details["alt"]
    chart = "\n".join(
        f'<div class="chart-{name}">{named_svg(svg, f"{anchor}-{name[0]}", alt)}</div>'
        for name, svg in (("desktop", svg), ("phone", details["phone"])))
    if "table" in details:
        chart = chart_tabs.tabbed(anchor, chart, details)
    return (f'<figure class="chart" id="{anchor}">\n{chart}\n'
            f'<figcaption><a href="{link or "#" + anchor}">Link to this chart</a></figcaption>\n'
            "</figure>")


def switcher_html(anchor: str, switcher: Switcher) -> str:
    """Precomputed scenarios as a group of labelled radio inputs, then one panel per scenario:
    the sentence that reads it (HTML, its numbers traced) and its chart. No script: report.css
    shows the panel of the checked input and, in print, the default one. Each input is described
    by its sentence and its chart's alt text, so a screen reader hears them with the option's
    label."""
    inputs, panels = [], []
    for number, option in enumerate(switcher["options"], start=1):
        key, default = f"{anchor}-{number}", number - 1 == switcher["default"]
        inputs.append(
            f'<input type="radio" name="{anchor}" id="{key}-option" value="{number}" '
            f'aria-describedby="{key}-says {key}-d"{" checked" if default else ""}>'
            f'<label for="{key}-option">{escape(option["label"])}</label>')
        chart = chart_figure(option["svg"], {**option, "anchor": key}, link=f"#{anchor}")
        panels.append(f'<div class="scenario{" default" if default else ""}">'
                      f'<p class="says" id="{key}-says">{option["sentence"]}</p>\n'
                      f'{chart}</div>')
    return (f'<fieldset class="switcher" id="{anchor}">\n'
            f'<legend>{escape(switcher["legend"])}</legend>\n'
            + "\n".join(inputs) + "\n" + "\n".join(panels) + "\n</fieldset>")


def named_svg(svg: str, name: str, alt: str) -> str:
    """matplotlib's SVG from its <svg> element on (no XML declaration or DOCTYPE), with `name` as
    its id, whose prefix `compact` gives the ids inside, and `alt` as its accessible name."""
    svg = svg[svg.index("<svg"):].strip()
    return svg.replace("<svg ", f'<svg id="{name}" role="img" aria-label="{escape(alt)}" ', 1)


# ---- on the parsed page -----------------------------------------------------------------------

def compact(svg: Tag) -> None:
    """Tidy a chart's SVG in place: no metadata or global style (report.css has it); the ids that
    something refers to prefixed with the SVG's own id, the others dropped (the gids of titles,
    labels and model stamps kept as classes); numbers to 0.1 of a point (in styles to 0.01),
    path data without needless spaces, no zero rotations, no font-family (the page gives every
    chart FONT_FAMILY), SVG 2's href for xlink:href; rasterised layers in 32 colours; no
    whitespace between tags, and no group that carries nothing."""
    prefix = svg["id"]
    for element in svg.find_all("metadata"):
        element.decompose()
    for definitions in svg.find_all("defs"):
        if [child.name for child in definitions.find_all(True, recursive=False)] == ["style"]:
            definitions.decompose()
    elements = [svg, *svg.find_all(True)]
    referenced = {name for element in elements for name in references(element)}
    for element in elements:
        if element is not svg:
            name_or_drop(element, prefix, referenced)
        element.attrs = compact_attributes(element, prefix)
    for text in svg.find_all(string=True):
        if not text.strip():
            text.extract()
        elif "\n" in text:
            text.replace_with(NavigableString(text.replace("\n", " ")))
    for group in svg.find_all("g"):
        if not group.attrs:
            group.unwrap()


def references(element: Tag) -> set[str]:
    found = set()
    for name, value in element.attrs.items():
        found.update(REFERENCE.findall(value) if isinstance(value, str) else [])
        if name.endswith("href") and value.startswith("#"):
            found.add(value[1:])
    return found


def name_or_drop(element: Tag, prefix: str, referenced: set[str]) -> None:
    """An element's id, prefixed if something refers to it, else a class if it is one of
    CLASS_IDS, else gone (matplotlib names every group)."""
    name = element.get("id")
    if name is None:
        return
    if name in referenced:
        element["id"] = f"{prefix}-{name}"
    elif name in CLASS_IDS:
        element.attrs = {("class" if key == "id" else key): value
                         for key, value in element.attrs.items()}
    else:
        del element["id"]


def compact_attributes(element: Tag, prefix: str) -> dict:
    """The element's attributes, compacted (see `compact`); a rasterised layer's only paletted."""
    compacted = {}
    for name, value in element.attrs.items():
        if name in ("id", "class", "role", "aria-label"):
            compacted[name] = value
            continue
        if element.name == "image":
            if value.startswith(PNG_DATA):
                value = PNG_DATA + palette_png(value[len(PNG_DATA):])
        else:
            if name == "d":
                value = rounded(PATH_COMMAND.sub(r"\1", value), 1).strip()
            value = rounded(value, 2 if name == "style" else 1)
            if name == "transform" and NO_ROTATION.fullmatch(value):
                continue
            value = FONT_FAMILY_STYLE.sub("", value).replace(": ", ":").replace("; ", ";")
            name = "href" if name == "xlink:href" else name
        value = REFERENCE.sub(lambda m: f"url(#{prefix}-{m[1]})", value.replace("\n", " "))
        if name.endswith("href") and value.startswith("#"):
            value = f"#{prefix}-{value[1:]}"
        compacted[name] = value
    return compacted


def rounded(text: str, decimals: int) -> str:
    return DECIMAL.sub(lambda m: f"{float(m[0]):.{decimals}f}".rstrip("0").rstrip("."), text)


def palette_png(data: str) -> str:
    """A rasterised layer (base64 PNG) in 32 colours: a third of the bytes, the same dots."""
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    buffer = io.BytesIO()
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def characters(svgs: list[Tag]) -> dict[int, set[str]]:
    """The characters the charts' text uses, by font weight (400, 700)."""
    used = {weight: set() for weight in FONT_FILES}
    for svg in svgs:
        for text in svg.find_all("text"):
            style = text.get("style", "")
            used[700 if "font-weight: 700" in style or "bold" in style else 400].update(
                text.get_text())
    return used


def share_styles(svgs: list[Tag]) -> str:
    """Every distinct style attribute of the charts once, as a class (a, b, … aa, …): matplotlib
    repeats the same few styles hundreds of times, within a chart and from chart to chart.
    Returns the CSS rules, for the page's head."""
    names = {}
    for svg in svgs:
        for element in svg.find_all(style=True):
            style = element["style"].rstrip(";")
            names.setdefault(style, short_name(len(names)))
            element.attrs = {("class" if key == "style" else key): value
                             for key, value in element.attrs.items()}
            element["class"] = names[style]
    return "".join(f"figure.chart .{name}{{{style}}}" for style, name in names.items())


def short_name(number: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = letters[number % 26]
    while number >= 26:
        number = number // 26 - 1
        name = letters[number % 26] + name
    return name


def font_faces(used: dict[int, set[str]]) -> str:
    """CSS with an @font-face per weight for the characters `used`, or '' for none."""
    faces = [font_face(weight, "".join(sorted(chars))) for weight, chars in used.items() if chars]
    if not faces:
        return ""
    return ("\n" + "\n".join(faces)
            + f"\nfigure.chart svg {{ font-family: '{FONT_FAMILY}', sans-serif; }}\n")


@cache
def font_face(weight: int, characters: str) -> str:
    woff = base64.b64encode(font_subset(FONT_FILES[weight], characters)).decode("ascii")
    return (f"@font-face {{ font-family: '{FONT_FAMILY}'; font-weight: {weight}; "
            f"src: url(data:font/woff;base64,{woff}) format('woff'); }}")


def font_subset(file_name: str, characters: str) -> bytes:
    """WOFF bytes of matplotlib's `file_name` cut down to `characters` (same input, same bytes).

    The font is read lazily, each table only when the cut needs it: a fifth of the time of
    reading it whole, for the same bytes."""
    return cut_font(TTFont(FONTS / file_name, recalcTimestamp=False, lazy=True), characters)


def cut_font(font: TTFont, characters: str) -> bytes:
    """`font` cut down to `characters`, as WOFF."""
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.hinting = False  # half the bytes; browsers scale outlines well without it
    options.drop_tables += ["FFTM", "MATH"]  # MATH: layout of formulas, which charts never ask for
    options.name_IDs = [1, 2]  # family and style names only
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters + " ")
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"  # zlib-compressed tables; what every browser reads
    font.save(buffer)
    return buffer.getvalue()
