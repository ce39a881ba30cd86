"""The "Approver sign-off" workflow on the root page, instead of Wagtail's default.

Roles are held per partnership (site_core/roles.py, site_core/tenancy.py):
each partnership gets its own groups and its own sign-off workflow on its
home page when it is provisioned. This root workflow covers any page outside
a partnership's site, which only superusers can then approve. (Until
migration 0006 this migration also made four installation-wide groups.)
"""

from django.db import migrations

WORKFLOW_NAME = TASK_NAME = "Approver sign-off"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def create_root_workflow(apps, schema_editor):
    using = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.using(using).get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.using(using).filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.using(using).create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    workflow, _ = Workflow.objects.using(using).get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.using(using).get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for old in Workflow.objects.using(using).filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        WorkflowPage.objects.using(using).filter(workflow=old).delete()
        old.active = False
        old.save(update_fields=["active"])
        Task.objects.using(using).filter(workflow_tasks__workflow=old).exclude(pk=task.pk).update(
            active=False
        )
    root_page = Page.objects.using(using).filter(depth=1).order_by("path").first()
    if root_page is not None:
        WorkflowPage.objects.using(using).update_or_create(
            page=root_page, defaults={"workflow": workflow}
        )


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
        migrations.RunPython(create_root_workflow, migrations.RunPython.noop),
    ]
