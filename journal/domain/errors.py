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
