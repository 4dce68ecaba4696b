"""Issue 11: the registers' cases share one abstract shape (core.cases.models.Case).

Nothing is dropped: a petition's filing date is renamed (RenameField keeps the column's data), a
complaint's handler becomes the handling person's user account like every other case's (copied
from the staff member before the old column goes), and the new fields (who closed, who
registered) start empty. The other operations change labels and lengths only.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def staff_to_user(apps, schema_editor):
    """A complaint's assignee (org.Staff) becomes its handler (the staff member's user account)."""
    Complaint = apps.get_model("registers", "Complaint")
    for pk, user_id in Complaint.objects.filter(assignee__isnull=False).values_list(
        "pk", "assignee__user_id"
    ):
        Complaint.objects.filter(pk=pk).update(handler_id=user_id)


def user_to_staff(apps, schema_editor):
    Complaint = apps.get_model("registers", "Complaint")
    Staff = apps.get_model("org", "Staff")
    for pk, user_id in Complaint.objects.filter(handler__isnull=False).values_list("pk", "handler_id"):
        staff_id = Staff.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
        Complaint.objects.filter(pk=pk).update(assignee_id=staff_id)


def person(label):
    on_delete = django.db.models.deletion.PROTECT
    return models.ForeignKey(
        to=settings.AUTH_USER_MODEL,
        verbose_name=label,
        blank=True,
        null=True,
        on_delete=on_delete,
        related_name="+",
    )


def field(model, name, definition, operation=migrations.AlterField):
    return operation(model_name=model, name=name, field=definition)


CASES = ("complaint", "inforequest", "petition")
NUMBER = models.CharField(editable=False, max_length=40, unique=True, verbose_name="case number")
UNIT = models.ForeignKey(
    to="org.unit",
    verbose_name="unit",
    blank=True,
    null=True,
    on_delete=django.db.models.deletion.PROTECT,
    related_name="+",
)
OUTCOMES = {
    "inforequest": [
        ("released", "information released"),
        ("refused", "refused by decision (art. 16)"),
        ("discontinued", "proceedings discontinued by decision (art. 14 ust. 2)"),
        ("not_public", "not public information (letter)"),
        ("not_held", "the office does not hold the information (letter)"),
        ("withdrawn", "withdrawn by the requester"),
    ],
    "petition": [
        ("accepted", "accepted"),
        ("partly", "partly accepted"),
        ("rejected", "not accepted"),
        ("unconsidered", "left without consideration (art. 7)"),
        ("forwarded", "forwarded to the competent body (art. 6)"),
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_intakeroute"),
        ("registers", "0005_petition_handler"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Complaints: the handler is a user, as in every register.
        field("complaint", "handler", person("handled by"), migrations.AddField),
        migrations.RunPython(staff_to_user, user_to_staff),
        migrations.RemoveField(model_name="complaint", name="assignee"),
        # Petitions: the day of filing is the case's receipt.
        migrations.RenameField(model_name="petition", old_name="filed_at", new_name="received_at"),
        migrations.AlterModelOptions(
            name="petition",
            options={
                "ordering": ["-received_at"],
                "verbose_name": "petition",
                "verbose_name_plural": "petitions",
            },
        ),
        # Who closed and who registered, now kept for every case.
        field("inforequest", "closed_by", person("closed by"), migrations.AddField),
        field("petition", "closed_by", person("closed by"), migrations.AddField),
        field("petition", "registered_by", person("registered by"), migrations.AddField),
        field("complaint", "closed_by", person("closed by")),
        field("complaint", "registered_by", person("registered by")),
        field("inforequest", "registered_by", person("registered by")),
        # The shared field definitions.
        *(field(model, "number", NUMBER) for model in CASES),
        *(field(model, "unit", UNIT) for model in CASES),
        field(
            "inforequest",
            "extension_notified_at",
            models.DateTimeField(blank=True, null=True, verbose_name="person told of the extension"),
        ),
        field(
            "inforequest",
            "extension_reason",
            models.TextField(blank=True, max_length=3000, verbose_name="reasons for the extension"),
        ),
        *(
            field(
                model,
                "outcome",
                models.CharField(blank=True, choices=choices, max_length=15, verbose_name="outcome"),
            )
            for model, choices in OUTCOMES.items()
        ),
    ]
