"""Every text field of the audits' records refuses control characters (`core/text.py`), whatever
writes it: the services validate with `clean_or_refuse`, which runs `clean_fields`."""

from django.core.exceptions import ValidationError
from django.db import models

from magistrat.core.text import MESSAGE, has_control_characters


class TextChecked(models.Model):
    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField) and field.name not in (
                exclude or ()
            )
            if text and has_control_characters(getattr(self, field.attname)):
                errors.setdefault(field.name, []).append(ValidationError(MESSAGE, code="control_characters"))
        if errors:
            raise ValidationError(errors)
