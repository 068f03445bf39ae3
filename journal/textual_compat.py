"""The one place that reads Textual internals (each use checked by ``tests/test_hardening.py``).

Textual keeps the exception that ended an app in ``App._exception`` (it re-raises it for
test frameworks); its public ``return_code`` only says that something went wrong (1). The
crash log needs the exception itself.
"""

from __future__ import annotations

TYPE_CHECKING = False

if TYPE_CHECKING:
    from textual.app import App


def crash_of(app: App[object]) -> BaseException | None:
    """The unhandled exception that stopped ``app``, or None when it closed normally."""
    exc = getattr(app, "_exception", None)
    if isinstance(exc, BaseException):
        return exc
    if app.return_code not in (None, 0):
        return RuntimeError(f"the app stopped with return code {app.return_code}")
    return None
