"""Command-palette entries for a screen's own actions.

Textual's palette lists the app's system commands but not a screen's bindings, so each screen
with actions of its own names them through a provider built on :class:`ScreenCommands`. The
key shown in each title comes from the screen's ``BINDINGS`` (:func:`bound_entries`), as the
footer shows it, so a key is written down once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from journal.ui.keys import declared_bindings

#: One palette entry: its title, what it does, and the callback that does it.
Entry = tuple[str, str, Callable[[], object]]
#: A screen action offered in the palette: (action as bound, title without the key, about).
Offer = tuple[str, str, str]


def bound_entries(screen: Screen[Any], offers: Iterable[Offer],
                  run: Callable[[str], object] | None = None) -> Iterator[Entry]:
    """Palette entries for ``offers``, each title ending with the key bound to its action.

    ``run(action)`` runs a chosen action; by default Textual runs it as the key would. An
    offered action that no binding of the screen has is a KeyError (tests open every palette).
    """
    keys = {binding.action: binding.key for binding in declared_bindings(type(screen))}
    for action, title, about in offers:
        shown = screen.app.get_key_display(Binding(keys[action], ""))
        callback = (partial(run, action) if run is not None
                    else partial(screen.app.run_action, action, screen))
        yield f"{title} ({shown})", about, callback


class ScreenCommands(Provider):
    """A provider whose entries come from :meth:`_commands`; shown and searched by title."""

    def _commands(self) -> Iterable[Entry]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, about, callback in self._commands():
            yield DiscoveryHit(name, callback, help=about)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, about, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=about)
