"""Geometry of the dashboard's server-rendered SVG line chart (no script, nothing inline for CSP).

Coordinates are returned as text with a dot, so that the Polish number format of templates
never reaches an SVG attribute.
"""

from dataclasses import dataclass, field
from math import ceil

from magistrat.feedback.stats import Share

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 90, 16, 52  # the target's label sits right of the plot
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 12


def _n(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class Point:
    x: str
    y: str
    low_y: str
    high_y: str
    label: str
    percent: str
    interval: str
    n: int


@dataclass
class LineChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_x: int = WIDTH - RIGHT
    top: int = TOP
    bottom_y: int = TOP + PLOT_HEIGHT
    y_ticks: list[dict] = field(default_factory=list)  # {"y", "label"}
    x_ticks: list[dict] = field(default_factory=list)  # {"x", "label"}
    lines: list[str] = field(default_factory=list)  # polyline points, one per unbroken run
    bands: list[str] = field(default_factory=list)  # polygon points of the 95% band, one per run
    points: list[Point] = field(default_factory=list)
    target_y: str | None = None
    target_label_x: int = WIDTH - RIGHT + 6
    target_label_y: str | None = None
    y_label_x: int = LEFT - 8
    x_label_y: int = TOP + PLOT_HEIGHT + 20
    tick_end_y: int = TOP + PLOT_HEIGHT + 6
    x_title_y: int = HEIGHT - 6
    x_title_x: str = _n(LEFT + PLOT_WIDTH / 2)
    y_title_x: int = 14
    y_title_y: str = _n(TOP + PLOT_HEIGHT / 2)

    @property
    def empty(self) -> bool:
        return not self.points


def line_chart(buckets: list[tuple[str, Share]], target_percent: int | None = None) -> LineChart:
    """A line of satisfied shares over time with its 95% band, from (tick label, Share) pairs;
    a bucket with too few ratings breaks the line instead of being drawn as a guess."""
    chart = LineChart()
    count = max(1, len(buckets))

    def x_at(index: int) -> float:
        return LEFT + (index + 0.5) * PLOT_WIDTH / count

    def y_at(value: float) -> float:
        return TOP + (1 - value) * PLOT_HEIGHT

    chart.y_ticks = [{"y": _n(y_at(p / 100)), "label": f"{p}%"} for p in range(0, 101, 20)]
    every = ceil(len(buckets) / MAX_X_LABELS) or 1
    chart.x_ticks = [
        {"x": _n(x_at(index)), "label": tick}
        for index, (tick, _share) in enumerate(buckets)
        if index % every == 0
    ]
    runs: list[list[tuple[float, float, float, float]]] = [[]]
    for index, (tick, share) in enumerate(buckets):
        if share.value is None or share.interval is None:
            if runs[-1]:
                runs.append([])
            continue
        low, high = share.interval
        x, y = x_at(index), y_at(share.value)
        runs[-1].append((x, y, y_at(low), y_at(high)))
        chart.points.append(
            Point(
                x=_n(x),
                y=_n(y),
                low_y=_n(y_at(low)),
                high_y=_n(y_at(high)),
                label=tick,
                percent=share.percent,
                interval=share.interval_percent,
                n=share.n,
            )
        )
    for run in runs:
        if len(run) < 2:
            continue  # a lone point shows as a dot with its interval whisker
        chart.lines.append(" ".join(f"{_n(x)},{_n(y)}" for x, y, _low, _high in run))
        upper = [f"{_n(x)},{_n(high)}" for x, _y, _low, high in run]
        lower = [f"{_n(x)},{_n(low)}" for x, _y, low, _high in reversed(run)]
        chart.bands.append(" ".join(upper + lower))
    if target_percent is not None:
        target_y = y_at(target_percent / 100)
        chart.target_y = _n(target_y)
        chart.target_label_y = _n(target_y + 4)
    return chart
