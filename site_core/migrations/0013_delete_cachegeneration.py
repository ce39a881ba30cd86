from django.db import migrations


class Migration(migrations.Migration):
    # Generation tokens live in the default cache now (caching/generation.py).

    dependencies = [
        ("site_core", "0012_enrolment_codes_leave_the_kernel"),
    ]

    operations = [
        migrations.DeleteModel(name="CacheGeneration"),
    ]
