class ServiceError(Exception):
    """A business rule refused the action; the message is translated and shown to the user."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
