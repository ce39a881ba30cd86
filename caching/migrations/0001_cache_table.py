from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The default cache is a database table when REDIS_URL is unset: made with
    # the schema, so no deploy needs a step of its own for it (every publish
    # writes its site's new generation there). Nothing to do for Redis or
    # local memory.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
