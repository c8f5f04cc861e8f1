"""Errors of the domain model."""


class CXError(Exception):
    """Base of every error CX Designer reports to a user: its text is the message to show."""


class ValidationError(CXError, ValueError):
    """A value or a change that the model refuses; the text says what and why."""
