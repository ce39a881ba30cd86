from django.apps import AppConfig


class ThresholdsConfig(AppConfig):
    """A partnership's threshold guide (continuum of need) as data: levels,
    indicators by area of need, what to do and who to contact. The guide is a
    page, so it is published only through the partnership's approval."""

    name = "thresholds"
    verbose_name = "Threshold guide"
