"""Issue 11: a data subject request is a case (core.cases.models.Case) like the registers' cases.

Nothing is dropped: the completion time is renamed to the shared `closed_at` (RenameField keeps the
column's data), the number's field widens, and who registered and who closed start empty.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OUTCOMES = [
    ("fulfilled", "fulfilled"),
    ("partly", "partly fulfilled"),
    ("refused", "refused, with reasons and the right to complain"),
    ("withdrawn", "withdrawn by the person"),
]


# Who registered and who closed: kept while the request is kept.
PERSON = dict(
    to=settings.AUTH_USER_MODEL,
    blank=True,
    null=True,
    on_delete=django.db.models.deletion.PROTECT,
    related_name="+",
)


class Migration(migrations.Migration):
    dependencies = [
        ("isms", "0004_alter_datasubjectrequest_handler"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The constraint names the renamed column: it goes for the rename and comes back.
        migrations.RemoveConstraint(model_name="datasubjectrequest", name="dsr_completed_has_outcome"),
        migrations.RenameField(
            model_name="datasubjectrequest", old_name="completed_at", new_name="closed_at"
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="closed"),
        ),
        migrations.AddConstraint(
            model_name="datasubjectrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("closed_at__isnull", True), ~models.Q(outcome=""), _connector="OR"),
                name="dsr_completed_has_outcome",
            ),
        ),
        migrations.AddField(
            model_name="datasubjectrequest",
            name="closed_by",
            field=models.ForeignKey(verbose_name="closed by", **PERSON),
        ),
        migrations.AddField(
            model_name="datasubjectrequest",
            name="registered_by",
            field=models.ForeignKey(verbose_name="registered by", **PERSON),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="extension_reason",
            field=models.TextField(blank=True, max_length=3000, verbose_name="reasons for the extension"),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="number",
            field=models.CharField(editable=False, max_length=40, unique=True, verbose_name="case number"),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="outcome",
            field=models.CharField(blank=True, choices=OUTCOMES, max_length=15, verbose_name="outcome"),
        ),
    ]
