import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_values_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="valuesimport",
            name="progress_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
