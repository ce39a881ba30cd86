"""Roles move from four installation-wide groups to groups per partnership.

Before this, "Editors", "Approvers", "Governance officers" and "Board members"
(and Wagtail's own "Moderators" and "Editors") held their permissions on the
root page and root collection, so on every partnership. Each member of those
groups is put in the matching group of *every* existing partnership, which
keeps exactly the access they had; then the installation-wide groups are
deleted. Prune people out of partnerships they do not work for afterwards
(Settings -> Groups). The partnership groups' permissions, collections and
workflows are given by site_core.tenancy.provision after this migration.
"""

from django.db import migrations

# Old group name -> the role its members now hold in each partnership.
RETIRED = {
    "Editors": ("editors", "Editors"),
    "Approvers": ("approvers", "Approvers"),
    "Moderators": ("approvers", "Approvers"),
    "Governance officers": ("governance_officers", "Governance officers"),
    "Board members": ("board_members", "Board members"),
}


def retire(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Partnership = apps.get_model("site_core", "Partnership")
    PartnershipGroup = apps.get_model("site_core", "PartnershipGroup")

    partnerships = list(Partnership.objects.using(using).all())
    for old_name, (role, label) in RETIRED.items():
        old = Group.objects.using(using).filter(name=old_name).first()
        if old is None:
            continue
        users = list(old.user_set.all())
        # Free the name first: a partnership's group may want "Editors" too.
        old.delete()
        for partnership in partnerships:
            link = (
                PartnershipGroup.objects.using(using)
                .filter(partnership=partnership, role=role)
                .first()
            )
            if link is None:
                name = f"{partnership.short_name or partnership.name} {label}"[:150]
                if Group.objects.using(using).filter(name=name).exists():
                    name = f"{name[:138]} (site {partnership.site_id})"
                group = Group.objects.using(using).create(name=name)
                link = PartnershipGroup.objects.using(using).create(
                    partnership=partnership, role=role, group=group
                )
            link.group.user_set.add(*users)


class Migration(migrations.Migration):
    dependencies = [
        ("site_core", "0005_tenancy"),
        ("governance", "0004_board_members_group"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
