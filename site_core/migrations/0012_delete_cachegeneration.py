from django.db import migrations


class Migration(migrations.Migration):
    # Generation tokens live in the default cache now (caching/generation.py).

    dependencies = [
        ("site_core", "0011_contacts_and_accessibility_dates_left_empty"),
    ]

    operations = [
        migrations.DeleteModel(name="CacheGeneration"),
    ]
