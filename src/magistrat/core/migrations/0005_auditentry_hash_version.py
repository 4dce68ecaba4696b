"""Entries record how their hash was made (decision 0007): existing entries are plain SHA-256
(version 1) and keep verifying; new ones are HMACs under AUDIT_KEY (version 2). Adding the column
with a default updates no row, so the append-only trigger is not involved."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_apikey"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name="hash version"),
        ),
    ]
