"""Server-drawn SVG line charts: no JavaScript, and readable without the
picture (the template puts a title, a description and the data as a table
beside it). Suppressed values are gaps, never drawn points."""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34


@dataclass
class Point:
    x: float
    y: float
    label: str
    text: str


def chart(series):
    """Geometry for ``templates/evidence/includes/chart.html``, or None with no values."""
    values = series.values
    if not values:
        return None
    shown = [v for v in values if not v.is_suppressed]
    numbers = [float(v.value) for v in shown]
    targets = [float(v.target) for v in values if v.target is not None]
    top = max(numbers + targets + [1.0])
    top = _nice(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(values) - 1, 1)

    def y_for(number):
        return round(TOP + plot_h - (number / top) * plot_h, 1)

    points, path, gap = [], [], True
    for i, value in enumerate(values):
        x = round(LEFT + (i * step if len(values) > 1 else plot_w / 2), 1)
        if value.is_suppressed:
            gap = True
            continue
        point = Point(x, y_for(float(value.value)), value.period, value.public_value)
        points.append(point)
        path.append(f"{'M' if gap else 'L'}{point.x},{point.y}")
        gap = False
    latest_target = values[-1].target
    # Period labels: every one when few, else the first, middle and last.
    ticks = values if len(values) <= 4 else [values[0], values[len(values) // 2], values[-1]]
    positions = {v.period: i for i, v in enumerate(values)}
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": points,
        "path": " ".join(path),
        "axis_bottom": TOP + plot_h,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "gridlines": [{"y": y_for(top * f), "label": _short(top * f)} for f in (0, 0.5, 1)],
        "target_y": None if latest_target is None else y_for(float(latest_target)),
        "ticks": [
            {
                "x": round(
                    LEFT + (positions[v.period] * step if len(values) > 1 else plot_w / 2), 1
                ),
                "label": v.period,
            }
            for v in ticks
        ],
    }


def _nice(number):
    """The axis top: 1, 2, 2.5 or 5 times a power of ten, at or above ``number``."""
    magnitude = 10 ** math.floor(math.log10(number))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if number <= m * magnitude)


def _short(number):
    return f"{number:,.0f}" if number >= 10 or number == int(number) else f"{number:.1f}"
