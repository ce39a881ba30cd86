"""The "Board members" group: signs in to the members' area, edits nothing.

get_or_create, so it coexists with any other app that creates the same group.
"""

from django.db import migrations

BOARD_MEMBERS_GROUP = "Board members"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=BOARD_MEMBERS_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("governance", "0003_records_people_values_meetings_pages"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
