class ServiceError(Exception):
    """A business rule refused the action; the message is translated and shown to the user."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def add_to_form(form, exc: ServiceError) -> None:
    """Show a refused action on the form: on its field when the form has one, else at the top."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
