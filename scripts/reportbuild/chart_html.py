"""Charts in a report: each figure's SVG inline, its phone variant beside it, the font its text
uses, and the numbers behind it as a CSV download.

explainer.charts.show puts the desktop SVG in the output and the phone SVG, alt text, anchor and CSV
in the output's metadata. Here both SVGs go into the page (report.css shows one of them by screen
width; print shows the desktop one), with ids made unique per figure and variant, matplotlib's
global style left to report.css, and the alt text as the accessible name. Their text asks for
FONT_FAMILY, a subset of matplotlib's own DejaVu Sans embedded once per page as WOFF, so charts
look the same where DejaVu Sans is not installed.
"""

import base64
import io
import re
from functools import cache
from html import escape, unescape
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote

from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image

from explainer.contract import CHART_MIME, LABEL_GID, STAMP_GID, ChartDetails, Switcher

FONT_FAMILY = "Chart Sans"
FONT_FILES = {400: "DejaVuSans.ttf", 700: "DejaVuSans-Bold.ttf"}
# matplotlib.get_data_path(), without importing matplotlib (a third of a second)
FONTS = Path(find_spec("matplotlib").origin).parent / "mpl-data" / "fonts" / "ttf"

PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)  # XML declaration and DOCTYPE
METADATA = re.compile(r"<metadata>.*?</metadata>|<defs>\s*<style[^>]*>.*?</style>\s*</defs>", re.S)
ID = re.compile(r'\sid="([^"]+)"')
REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')
TAG = re.compile(r"<[^>]+>")
PNG_DATA = re.compile(r'(href="data:image/png;base64,)([^"]+)')
CLASS_IDS = {LABEL_GID, STAMP_GID}  # kept, as classes
DECIMAL = re.compile(r"\d+\.\d+")
PATH_DATA = re.compile(r' d="([^"]*)"')
NO_ROTATION = re.compile(r' transform="rotate\(-?0 [^)]*\)"')
FONT_FAMILY_STYLE = re.compile(r"font-family: '[^']*';? ?")
STYLE_SPACES = re.compile(r"(?<=[:;]) ")
STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
STYLE_PART = re.compile(r'( style="[^"]*")')
BETWEEN_TAGS = re.compile(r">\s+<")
TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
SVG_ELEMENT = re.compile(r"<svg\b.*?</svg>", re.S)


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
    """One chart's <figure>; its "Link to this chart" goes to `link`, by default its anchor."""
    anchor, alt = details["anchor"], details["alt"]
    variants = "\n".join(
        f'<div class="chart-{name}">'
        f'{inline_svg(svg, f"{anchor}-{name[0]}", alt)}</div>'
        for name, svg in (("desktop", svg), ("phone", details["phone"])))
    links = [f'<a href="{link or "#" + anchor}">Link to this chart</a>']
    if "csv" in details:
        links.insert(0, f'<a href="{csv_data_uri(details["csv"])}" download="{anchor}.csv">'
                        "Download the data (CSV)</a>")
    return (f'<figure class="chart" id="{anchor}">\n{variants}\n'
            f'<figcaption>{" · ".join(links)}</figcaption>\n</figure>')


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


def inline_svg(svg: str, prefix: str, alt: str) -> str:
    """`svg` ready to sit in HTML: no prologue or metadata, its id and ids inside prefixed
    (unreferenced ids, such as matplotlib's group names, dropped; the gids of titles, labels and
    model stamps kept as classes), coordinates to 0.1 pt, no whitespace between tags, and `alt`
    as its accessible name. shared_chart_styles then turns its style attributes into classes."""
    svg = METADATA.sub("", PROLOGUE.sub("", svg))
    referenced = {name for _, name in REFERENCE.findall(svg)}

    def rename(match):
        name = match[1]
        if name in referenced:
            return f' id="{prefix}-{name}"'
        return f' class="{name}"' if name in CLASS_IDS else ""

    svg = ID.sub(rename, svg)
    svg = REFERENCE.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", svg)
    svg = TAG.sub(lambda m: _compact_tag(m[0]), BETWEEN_TAGS.sub("><", svg.strip()))
    svg = _without_bare_groups(svg.replace("\n", " "))
    return svg.replace("<svg ", f'<svg id="{prefix}" role="img" aria-label="{escape(alt)}" ', 1)


def shared_chart_styles(html: str) -> str:
    """Every distinct style attribute of the page's charts once, as a class (a, b, … aa, …) in
    one <style> in the head: matplotlib repeats the same few styles hundreds of times, within a
    chart and from chart to chart."""
    names = {}

    def class_for(match):
        style = match[1].rstrip(";")
        if style not in names:
            names[style] = _short_name(len(names))
        return f' class="{names[style]}"'

    html = SVG_ELEMENT.sub(lambda svg: STYLE_ATTRIBUTE.sub(class_for, svg[0]), html)
    if not names:
        return html
    rules = "".join(f"figure.chart .{name}{{{style}}}" for style, name in names.items())
    return html.replace("</head>", f"<style>{rules}</style>\n</head>", 1)


def _short_name(number: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = letters[number % 26]
    while number >= 26:
        number = number // 26 - 1
        name = letters[number % 26] + name
    return name


def _compact_tag(tag: str) -> str:
    """A tag's numbers to 0.1 of a point (in its style: to 0.01) without trailing zeros, path
    data without needless spaces, no zero rotations, no font-family (the page's <style> gives
    every chart FONT_FAMILY), and SVG 2's href for xlink:href."""
    if tag.startswith("<image"):
        return PNG_DATA.sub(lambda m: m[1] + _palette_png(m[2]), tag)
    tag = PATH_DATA.sub(lambda m: ' d="' + _rounded(re.sub(r"\s*([MLCQZz])\s*", r"\1", m[1]),
                                                     1).strip() + '"', tag)
    tag = "".join(_rounded(part, 2 if part.startswith(" style=") else 1)
                  for part in STYLE_PART.split(tag))
    tag = FONT_FAMILY_STYLE.sub("", NO_ROTATION.sub("", tag)).replace(" xlink:href=", " href=")
    return STYLE_SPACES.sub("", tag)


def _palette_png(data: str) -> str:
    """A rasterised layer (base64 PNG) in 32 colours: a third of the bytes, the same dots."""
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    buffer = io.BytesIO()
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _rounded(text: str, decimals: int) -> str:
    return DECIMAL.sub(lambda m: f"{float(m[0]):.{decimals}f}".rstrip("0").rstrip("."), text)


def _without_bare_groups(svg: str) -> str:
    """`svg` with every attribute-less <g> unwrapped (matplotlib nests many, ids removed)."""
    parts, open_groups = [], []
    for piece in re.split(r"(<g>|<g\s[^>]*>|</g>)", svg):
        if piece == "<g>":
            open_groups.append(False)
        elif piece == "</g>":
            if open_groups.pop():
                parts.append(piece)
        else:
            if piece.startswith("<g "):
                open_groups.append(True)
            parts.append(piece)
    return "".join(parts)


def csv_data_uri(csv: str) -> str:
    """A data: URI for CSV text, every character outside the unreserved set percent-encoded."""
    return "data:text/csv;charset=utf-8," + quote(csv, safe=",.-_~()*!'/:;")


def chart_font_faces(nb) -> str:
    """A <style> with an @font-face per weight for the characters the notebook's charts use, or
    '' for a notebook without charts."""
    svgs = [text for cell in nb.cells for output in cell.get("outputs", [])
            for chart in _charts(output) for text in chart]
    if not svgs:
        return ""
    characters = {weight: set() for weight in FONT_FILES}
    for svg in svgs:
        for attributes, text in TEXT.findall(svg):
            weight = 700 if "font-weight: 700" in attributes or "bold" in attributes else 400
            characters[weight].update(unescape(text))
    faces = [_font_face(weight, "".join(sorted(chars))) for weight, chars in characters.items()
             if chars]
    return ("<style>\n" + "\n".join(faces)
            + f"\nfigure.chart svg {{ font-family: '{FONT_FAMILY}', sans-serif; }}\n</style>")


def _charts(output) -> list[tuple[str, str]]:
    """(desktop SVG, phone SVG) of each chart in a notebook output: none, one, or a switcher's."""
    details = output.get("metadata", {}).get(CHART_MIME, {})
    if "switcher" in details:
        return [(option["svg"], option["phone"]) for option in details["switcher"]["options"]]
    if "phone" in details:
        return [(output.data[CHART_MIME], details["phone"])]
    return []


@cache
def _font_face(weight: int, characters: str) -> str:
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
