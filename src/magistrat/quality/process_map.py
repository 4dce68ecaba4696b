"""The process map as an SVG laid out on the server: three lanes (management, core, support
processes), a box per process linking to its page, an arrow per interaction. The page shows the
same processes and interactions as a table, for screen readers and small screens."""

import textwrap
from dataclasses import dataclass

from magistrat.quality.models import Process, ProcessLink

BOX_W, BOX_H, GAP_X, GAP_Y, LANE_LABEL, PER_ROW, MARGIN = 190, 70, 40, 30, 34, 5, 16
LINE_CHARS, MAX_LINES = 24, 3


@dataclass(frozen=True)
class Box:
    process: Process
    x: int
    y: int
    lines: list[str]

    @property
    def cx(self) -> int:
        return self.x + BOX_W // 2

    @property
    def cy(self) -> int:
        return self.y + BOX_H // 2

    @property
    def text_lines(self) -> list[tuple[int, str]]:
        """(baseline y, text) of each line of the name, centred in the box."""
        top = self.cy + 5 - (len(self.lines) - 1) * 8
        return [(top + index * 16, line) for index, line in enumerate(self.lines)]


@dataclass(frozen=True)
class Lane:
    label: str
    y: int
    height: int


@dataclass(frozen=True)
class Arrow:
    link: ProcessLink
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class ProcessMap:
    width: int
    height: int
    lanes: list[Lane]
    boxes: list[Box]
    arrows: list[Arrow]


def _lines(process: Process) -> list[str]:
    lines = textwrap.wrap(f"{process.code} {process.name}", LINE_CHARS) or [process.code]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
    return lines


def _anchor(box: Box, other: Box) -> tuple[int, int]:
    """Where an arrow leaves or enters a box: its side towards the other box."""
    if box.y == other.y:
        return (box.x + BOX_W if other.x > box.x else box.x), box.cy
    return box.cx, (box.y + BOX_H if other.y > box.y else box.y)


def process_map(processes: list[Process], links: list[ProcessLink]) -> ProcessMap:
    boxes: dict[int, Box] = {}
    lanes: list[Lane] = []
    y = MARGIN
    columns = 1
    for category, label in Process.Category.choices:
        members = [process for process in processes if process.category == category]
        if not members:
            continue
        rows = (len(members) + PER_ROW - 1) // PER_ROW
        height = LANE_LABEL + rows * (BOX_H + GAP_Y)
        lanes.append(Lane(label=str(label), y=y, height=height))
        for index, process in enumerate(members):
            row, column = divmod(index, PER_ROW)
            columns = max(columns, column + 1)
            boxes[process.pk] = Box(
                process=process,
                x=MARGIN + column * (BOX_W + GAP_X),
                y=y + LANE_LABEL + row * (BOX_H + GAP_Y),
                lines=_lines(process),
            )
        y += height + GAP_Y // 2
    arrows = []
    for link in links:
        source, target = boxes.get(link.source_id), boxes.get(link.target_id)
        if source is None or target is None:
            continue
        (x1, y1), (x2, y2) = _anchor(source, target), _anchor(target, source)
        arrows.append(Arrow(link=link, x1=x1, y1=y1, x2=x2, y2=y2))
    width = 2 * MARGIN + columns * BOX_W + (columns - 1) * GAP_X
    return ProcessMap(width=width, height=y, lanes=lanes, boxes=list(boxes.values()), arrows=arrows)
