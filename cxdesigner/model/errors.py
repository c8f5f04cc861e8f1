"""Errors of the domain model."""


class CXError(Exception):
    """Base of every error CX Designer reports to a user: its text is the message to show."""


class ValidationError(CXError, ValueError):
    """A value or a change that the model refuses; the text says what and why."""


# A message may quote what was refused (a row, a title, a path): a dialog showing megabytes of it
# grows past the screen and hides its own buttons.
MESSAGE_LINE_LIMIT = 500
MESSAGE_LINES = 20


def readable(message: str, line_limit: int = MESSAGE_LINE_LIMIT, lines: int = MESSAGE_LINES) -> str:
    """``message`` with each line cut to ``line_limit`` characters and at most ``lines`` lines."""
    kept = []
    for line in message.splitlines()[:lines]:
        kept.append(line if len(line) <= line_limit else line[: line_limit - 1] + "…")
    if len(message.splitlines()) > lines:
        kept.append("…")
    return "\n".join(kept)
