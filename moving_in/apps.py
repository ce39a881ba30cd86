from django.apps import AppConfig


class MovingInConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moving_in"
    verbose_name = "Moving in"
