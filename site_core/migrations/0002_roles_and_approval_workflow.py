"""The four admin roles and the "Approver sign-off" workflow on the root page.

See site_core/roles.py for what each role may do and why.
"""

from django.db import migrations


def create_roles_and_workflow(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    from site_core.roles import apply_roles, set_up_approval_workflow

    using = schema_editor.connection.alias
    # Permissions are normally created after migrating; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, using=using, apps=apps)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    apply_roles(apps, using=using)
    set_up_approval_workflow(apps, using=using)


class Migration(migrations.Migration):

    dependencies = [
        ("site_core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [
        migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop),
    ]
