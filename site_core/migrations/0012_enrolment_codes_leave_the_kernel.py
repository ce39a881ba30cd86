"""The two-factor enrolment code moves out of the kernel to the sign-in app.

Its model leaves this app's state only: the table and its rows stay where
they are, and the sign-in app's first migration takes the model over with
the same table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("site_core", "0011_contacts_and_accessibility_dates_left_empty"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TwoFactorEnrolmentCode")],
            database_operations=[],
        ),
    ]
