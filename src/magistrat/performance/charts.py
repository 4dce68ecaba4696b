"""Geometry of a KPI's trend chart, rendered as SVG by the template (no script, nothing inline for
the CSP): the values per period, their intervals, the target line, the amber and red bands, and a
break in the line with a vertical marker where the method changed (values either side are not
comparable). Coordinates are text with a dot, so the Polish number format never reaches an SVG
attribute. The page shows the same values in a table under the chart."""

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 96, 16, 48
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 12


def _n(value: float) -> str:
    return f"{value:.1f}"


def number(value: float | None) -> str:
    """A figure as people read it: up to two decimals, no trailing zeros."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass
class Point:
    x: str
    y: str
    low_y: str | None
    high_y: str | None
    label: str
    value: str
    light: str


@dataclass
class Band:
    light: str
    y: str
    height: str


@dataclass
class Break:
    x: str
    label: str  # the day the method changed
    description: str


@dataclass
class KpiChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_x: int = WIDTH - RIGHT
    top: int = TOP
    bottom_y: int = TOP + PLOT_HEIGHT
    plot_width: int = PLOT_WIDTH
    y_ticks: list[dict] = field(default_factory=list)
    x_ticks: list[dict] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one polyline per unbroken run
    points: list[Point] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    target_y: str = ""
    target_label_x: int = WIDTH - RIGHT + 6
    y_label_x: int = LEFT - 8
    x_label_y: int = TOP + PLOT_HEIGHT + 20
    tick_end_y: int = TOP + PLOT_HEIGHT + 6
    break_label_y: int = TOP + 12

    @property
    def empty(self) -> bool:
        return not self.points


def _bounds(kpi, values) -> tuple[float, float]:
    numbers = [kpi.target, kpi.amber_threshold, kpi.red_threshold]
    for v in values:
        numbers += [n for n in (v.value, v.low, v.high) if n is not None]
    low, high = min(numbers), max(numbers)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    if kpi.min_value is not None:
        low = max(low, kpi.min_value)
    if kpi.max_value is not None:
        high = min(high, kpi.max_value)
    return low, high


def kpi_chart(kpi, values, changes) -> KpiChart:
    """`values`: the KPI's values in period order; `changes`: its method changes."""
    chart = KpiChart()
    if not values:
        return chart
    low, high = _bounds(kpi, values)

    def y(number: float) -> float:
        clipped = min(max(number, low), high)
        return TOP + PLOT_HEIGHT * (1 - (clipped - low) / (high - low))

    count = len(values)
    step = PLOT_WIDTH / count

    def x(index: int) -> float:
        return LEFT + step * (index + 0.5)

    for index in range(5):
        level = low + (high - low) * index / 4
        chart.y_ticks.append({"y": _n(y(level)), "label": number(level)})
    every = max(1, -(-count // MAX_X_LABELS))
    for index, value in enumerate(values):
        if index % every == 0:
            chart.x_ticks.append({"x": _n(x(index)), "label": _period_label(kpi, value.period_start)})
    # Bands from the worst end to the best: red beyond the red threshold, amber up to the amber one.
    if kpi.direction == "higher":
        edges = [("red", low, kpi.red_threshold), ("amber", kpi.red_threshold, kpi.amber_threshold)]
        edges.append(("green", kpi.amber_threshold, high))
    else:
        edges = [("green", low, kpi.amber_threshold), ("amber", kpi.amber_threshold, kpi.red_threshold)]
        edges.append(("red", kpi.red_threshold, high))
    for light, start, end in edges:
        top, bottom = y(max(start, end)), y(min(start, end))
        if bottom - top > 0:
            chart.bands.append(Band(light, _n(top), _n(bottom - top)))
    chart.target_y = _n(y(kpi.target))
    run: list[str] = []
    previous_start: date | None = None
    for index, value in enumerate(values):
        broken = [
            c
            for c in changes
            if previous_start is not None and previous_start < c.effective_from <= value.period_start
        ]
        if broken or value.value is None:
            if len(run) > 1:
                chart.lines.append(" ".join(run))
            elif run:
                chart.lines.append(run[0] + " " + run[0])
            run = []
        for change in broken:
            chart.breaks.append(
                Break(_n(x(index) - step / 2), change.effective_from.isoformat(), change.description)
            )
        if value.value is not None:
            point_x, point_y = _n(x(index)), _n(y(value.value))
            run.append(f"{point_x},{point_y}")
            chart.points.append(
                Point(
                    x=point_x,
                    y=point_y,
                    low_y=_n(y(value.low)) if value.low is not None else None,
                    high_y=_n(y(value.high)) if value.high is not None else None,
                    label=_period_label(kpi, value.period_start),
                    value=number(value.value),
                    light=kpi.light(value.value),
                )
            )
        previous_start = value.period_start
    if len(run) > 1:
        chart.lines.append(" ".join(run))
    # A change before the first value or after the last still shows at the edge of the series.
    first, last = values[0].period_start, values[-1].period_start
    for change in changes:
        if change.effective_from <= first or change.effective_from > last:
            edge = LEFT if change.effective_from <= first else LEFT + PLOT_WIDTH
            chart.breaks.append(Break(_n(edge), change.effective_from.isoformat(), change.description))
    return chart


def _period_label(kpi, start: date) -> str:
    if kpi.frequency == "yearly":
        return f"{start:%Y}"
    if kpi.frequency == "quarterly":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


period_label = _period_label
