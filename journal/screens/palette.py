"""Command-palette entries for a screen's own actions.

Textual's palette lists the app's system commands but not a screen's bindings, so each screen
with actions of its own names them through a provider built on :class:`ScreenCommands`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.command import DiscoveryHit, Hit, Hits, Provider

#: One palette entry: its title, what it does, and the callback that does it.
Entry = tuple[str, str, Callable[[], object]]


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
