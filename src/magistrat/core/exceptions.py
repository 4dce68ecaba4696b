class ServiceError(Exception):
    """A business rule refused the action; the message is translated and shown to the user."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def add_to_form(form, exc: ServiceError) -> None:
    """Show a refused action on the form: on its field when the form has one, else at the top."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def run_service(request, form, action, success: str = ""):
    """A page's form calling its service: when the form is valid, run `action` (a service call, a
    function without arguments); a refusal goes onto the form, a success is told with `success`.
    Returns what the service returned, or None when the form was invalid or the service refused
    (wrap a service returning nothing as `lambda: service(...) or True`)."""
    from django.contrib import messages

    if not form.is_valid():
        return None
    try:
        result = action()
    except ServiceError as exc:
        add_to_form(form, exc)
        return None
    if success:
        messages.success(request, success)
    return result


def clean_or_refuse(obj, *, exclude: tuple[str, ...] = ()) -> None:
    """Run the model's validation (fields, clean(), constraints); refuse with its first message."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ServiceError(" ".join(messages), field=None if field == NON_FIELD_ERRORS else field) from exc
