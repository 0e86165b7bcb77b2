"""Charts for the reports: Vietnamese labels, a Times-metric font, readable in black-and-white print.

Figures are built with matplotlib's object API (no pyplot, so nothing is shown twice in a notebook and
no global state leaks between charts) and returned as :class:`Chart`: vector graphics (SVG, its text kept as
text in the report's Times font, so it prints sharp and reads in the PDF) sized to the A4 text width, and a
PNG at print resolution on request (for a format that takes no SVG, such as Word).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cached_property

from ..vn.fmt import fmt_figure, fmt_number

__all__ = ["PRINT_DPI", "TEXT_WIDTH_IN", "Chart", "bar_chart", "column_chart", "draw", "monthly_chart"]

#: A4 (210 mm) less the Decree 30 margins (30 mm left, 15 mm right): 165 mm.
TEXT_WIDTH_IN = 165 / 25.4
_DPI = 150  # an analyst's chart in JupyterLab (:func:`column_chart`)
#: The resolution of a chart's PNG (:meth:`Chart.png`, the Word copy's pictures): print quality.
PRINT_DPI = 250
#: Fills that stay distinct in greyscale: solid black, white with hatching, mid grey.
_STYLES = ({"color": "#222222"}, {"color": "white", "edgecolor": "#222222", "hatch": "////"}, {"color": "#9a9a9a"})
_FONTS = ["Times New Roman", "Tinos", "Liberation Serif", "DejaVu Serif"]


def _rc() -> dict:
    return {
        "font.family": "serif",
        "font.serif": _FONTS,
        "font.size": 10,
        "axes.edgecolor": "#444444",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "hatch.linewidth": 0.6,
        "svg.fonttype": "none",  # text stays text: the document's font draws it, diacritics and all
        "svg.hashsalt": "lkdata",  # the same chart gives the same SVG (ids, clip paths)
        "text.parse_math": False,  # a label with $ (a catalogue name) is text, never mathtext
    }


def _png(fig, dpi: int = _DPI) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


class Chart:
    """A drawn chart: :attr:`svg` (vector, for HTML and PDF; written when first asked for: the Word copy,
    drawing a chart again, never needs it) and :meth:`png` (raster, on request)."""

    def __init__(self, fig, rc: dict):
        self._fig, self._rc = fig, rc

    @cached_property
    def svg(self) -> str:
        """The chart as SVG, its text kept as text."""
        buf = io.StringIO()
        with mpl_rc(self._rc):
            self._fig.savefig(buf, format="svg", bbox_inches="tight", facecolor="white", metadata={"Date": None})
        return buf.getvalue()

    def png(self, dpi: int = PRINT_DPI) -> bytes:
        """The chart as a PNG at ``dpi`` (drawn when asked: the documents themselves take the SVG)."""
        buf = io.BytesIO()
        with mpl_rc(self._rc):
            self._fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
        return buf.getvalue()


def mpl_rc(rc: dict):
    """matplotlib's settings ``rc`` for the time of a ``with`` block."""
    import matplotlib as mpl

    return mpl.rc_context(rc)


def _label(value: float, decimals: int) -> str:
    return fmt_number(value, decimals)


def bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    unit: str,
    decimals: int = 0,
) -> Chart:
    """Horizontal grouped bars, one group per category, one bar per series, each labelled with its value.

    Parameters
    ----------
    categories : sequence of str
        Group labels, top to bottom.
    series : dict
        Legend label -> one value per category (at most three series).
    unit : str
        The axis unit, in Vietnamese (``ha``, ``lượt người``).
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    n, k = len(categories), len(series)
    with mpl.rc_context(_rc()):
        height = 0.55 + n * (0.15 * k + 0.1)  # compact: a chart fits the end of a page more often
        fig = Figure(figsize=(TEXT_WIDTH_IN * 0.95, max(height, 1.6)))
        ax = fig.add_subplot()
        bar = 0.8 / k
        top = max((max(v, default=0) for v in series.values()), default=0) or 1
        for j, (name, values) in enumerate(series.items()):
            ys = [i + (j - (k - 1) / 2) * bar for i in range(n)]
            bars = ax.barh(ys, list(values), height=bar * 0.92, label=name, linewidth=0.6, **_STYLES[j % 3])
            for rect, v in zip(bars, values, strict=True):
                ax.text(
                    rect.get_width() + top * 0.01,
                    rect.get_y() + rect.get_height() / 2,
                    _label(v, decimals),
                    va="center",
                    ha="left",
                    fontsize=9,
                )
        ax.set_yticks(range(n), list(categories))
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: fmt_number(x, 0 if top >= 10 else 1)))
        ax.set_xlabel(unit)
        ax.grid(axis="x", color="#cccccc", linewidth=0.5)
        ax.set_axisbelow(True)
        if k > 1:  # above the plot, where no bar can run into it
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=k, frameon=False, fontsize=9)
        return Chart(fig, _rc())


def monthly_chart(months: Sequence[int], series: dict[str, Sequence[float]], *, unit: str) -> Chart:
    """Values by month (``Tháng 1`` ... ``Tháng 12``) as grouped columns, one per series."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    k = len(series)
    with mpl.rc_context(_rc()):
        fig = Figure(figsize=(TEXT_WIDTH_IN * 0.95, 2.6))
        ax = fig.add_subplot()
        bar = 0.8 / k
        for j, (name, values) in enumerate(series.items()):
            xs = [m + (j - (k - 1) / 2) * bar for m in months]
            ax.bar(xs, list(values), width=bar * 0.92, label=name, linewidth=0.6, **_STYLES[j % 3])
        ax.set_xticks(list(months), [f"T{m}" for m in months])
        ax.set_ylabel(unit)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#cccccc", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=k, frameon=False, fontsize=9)
        return Chart(fig, _rc())


def draw(chart: dict, dpi: int = PRINT_DPI) -> bytes:
    """A chart drawn again from its model (what :mod:`lkdata.report.figures` puts in a figure's model:
    ``{"type": "bar" | "monthly" | "column", ...}`` with the arguments of :func:`bar_chart`, :func:`monthly_chart`
    or :func:`column_chart`, the
    series as ``[name, values]`` pairs in order), as PNG at ``dpi``."""
    args = {k: v for k, v in chart.items() if k != "type"}
    args["series"] = {k: [float("nan") if v is None else v for v in vs] for k, vs in args["series"]}
    if chart["type"] == "monthly":
        return monthly_chart(args.pop("months"), args.pop("series"), **args).png(dpi)
    if chart["type"] == "column":
        return column_chart(args.pop("categories"), args.pop("series"), **args).png(dpi)
    return bar_chart(args.pop("categories"), args.pop("series"), **args).png(dpi)


#: More fills for charts of more than three series: greys from dark to light.
_MORE = ({"color": "#555555"}, {"color": "white", "edgecolor": "#222222", "hatch": "...."}, {"color": "#c8c8c8"},
         {"color": "white", "edgecolor": "#222222", "hatch": "xx"})  # fmt: skip


def column_chart(categories: Sequence[str], series: dict[str, Sequence[float]], *, unit: str, title: str = "",
                 integer: bool = False, legend: str | None = None) -> Chart:  # fmt: skip
    """Grouped bars, one group per category and one bar per series, each labelled with its value; columns,
    or horizontal bars when the categories are many or long. ``integer``: the value axis steps by whole
    numbers (a count: no ``2,5`` households); ``legend`` titles the legend (shown for two series or more)."""
    import matplotlib as mpl
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    n, k = len(categories), max(len(series), 1)
    across = n > 8 or max((len(c) for c in categories), default=0) > 14
    styles = (*_STYLES, *_MORE)
    with mpl.rc_context(_rc()):
        size = (TEXT_WIDTH_IN * 0.95, max(1.8, 0.6 + n * (0.2 * k + 0.15))) if across else (TEXT_WIDTH_IN * 0.95, 3.0)
        fig = Figure(figsize=size)
        ax = fig.add_subplot()
        width = 0.8 / k
        top = max((v for vs in series.values() for v in vs if v == v), default=0) or 1  # unknown (NaN) left out
        decimals = 0 if integer or top >= 10 else 1
        for j, (name, values) in enumerate(series.items()):
            at = [i + (j - (k - 1) / 2) * width for i in range(n)]
            draw = ax.barh if across else ax.bar
            bars = draw(at, list(values), width * 0.92, label=name, linewidth=0.6, **styles[j % len(styles)])
            ax.bar_label(bars, labels=[fmt_figure(v) if v and v == v else "" for v in values], padding=2, fontsize=8)
        value_axis = ax.xaxis if across else ax.yaxis
        if integer:
            value_axis.set_major_locator(MaxNLocator(integer=True))
        value_axis.set_major_formatter(FuncFormatter(lambda x, _: fmt_number(x, decimals)))
        if across:
            ax.set_yticks(range(n), list(categories))
            ax.invert_yaxis()
            ax.set_xlim(0, top * 1.15)
            ax.set_xlabel(unit)
            ax.grid(axis="x", color="#cccccc", linewidth=0.5)
        else:
            ax.set_xticks(range(n), list(categories))
            ax.set_ylim(0, top * 1.15)
            ax.set_ylabel(unit)
            ax.grid(axis="y", color="#cccccc", linewidth=0.5)
        ax.set_axisbelow(True)
        if title:
            ax.set_title(title, loc="left", fontsize=11)
        if k > 1:  # beside the plot, where no bar can run into it
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9, title=legend,
                      title_fontsize=9, alignment="left")  # fmt: skip
        return Chart(fig, _rc())
