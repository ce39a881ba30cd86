from django.apps import AppConfig


class DoorsConfig(AppConfig):
    """Three doors into each partnership's site (a worried parent or member of
    the public, someone who works with children, a young person) and the
    guided "Worried about a child?" route. Door pages are pages, so their
    permissions sit on the partnership's home page like every page's."""

    name = "doors"
    verbose_name = "Doors for each reader"
