"""The one error type that validation raises."""

from __future__ import annotations


class ValidationError(ValueError):
    """A value a person typed (or a file held) is not acceptable.

    ``field`` is the plain-words name of the field, ``problem`` says what is allowed, so the
    same message can be shown beside a form field, printed by the command line, or listed
    against a line number during an import.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class OutOfRange(ValidationError):
    """A well-formed value outside the bounds a journal keeps (a far date, a huge number, text
    that is not valid UTF-8).

    Refused wherever a value enters; a journal file that already holds one (written before
    the bound existed) still opens: the record is set aside, kept in the file unchanged and
    listed by ``journal check`` (see :func:`journal.domain.codec.journal_from_tables`).
    """
