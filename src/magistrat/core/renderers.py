"""How every form is rendered (`settings.FORM_RENDERER`): the gov.pl form conventions in one place.

- Optional fields say so in their label, "Telefon (opcjonalne)", so that nobody has to guess which
  fields may stay empty (gov.pl design system, "Formularze"; WCAG 2.1 3.3.2 Labels or Instructions).
  A form whose every field is optional (search filters) marks nothing, and a single tick box is
  optional by nature.
- After a failed submit the form opens with an error summary that links to each invalid field and
  receives focus (`templates/includes/error_summary.html`; WCAG 2.1 3.3.1 Error Identification).
  `summary_anchor` is the id each link points at.
- Django's form templates are looked up through `settings.TEMPLATES`, so the project's
  `templates/django/forms/` overrides them (the error summary in `div.html` for `{{ form }}`).

Django itself adds `aria-invalid="true"` to invalid fields and `aria-describedby` pointing at the
field's help text and error list.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext


class BoundField(forms.BoundField):
    @property
    def marked_optional(self) -> bool:
        """Whether the label says "(optional)"."""
        field = self.field
        if (
            field.required
            or field.disabled
            or self.is_hidden
            or isinstance(field.widget, forms.CheckboxInput)
        ):
            return False
        return any(other.required for other in self.form.fields.values() if not other.widget.is_hidden)

    @property
    def summary_anchor(self) -> str:
        """The id an error-summary link leads to: the control, or the first option of a group."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if not id_:
            return ""
        anchor = widget.id_for_label(id_)
        if not anchor and isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            anchor = widget.id_for_label(id_, "0")
        return anchor or id_

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None) -> SafeString:
        if contents is None and self.label and self.marked_optional:
            if label_suffix is None:
                label_suffix = (
                    self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
                )
            # Django's rule: no suffix after a label that ends in punctuation ("What do you submit?").
            if not label_suffix or str(self.label)[-1] in gettext(":?.!"):
                label_suffix = ""
            contents = format_html(
                '{} <span class="optional">{}</span>{}', self.label, gettext("(optional)"), label_suffix
            )
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(TemplatesSetting):
    """Django's form templates, overridable in the project's templates, with our BoundField."""

    bound_field_class = BoundField
