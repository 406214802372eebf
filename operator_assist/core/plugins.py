"""Adapters found through entry points: offer sources, call sources, audio sources, voice detectors.

Each kind is a :class:`PluginGroup`: its entry-point group, what the user calls one, and this
package's own (registered as entry points too, in pyproject.toml, so a third-party package adds
one the same way). :func:`load_plugin` is the one way in and :class:`UnknownPlugin` its one error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

from ..messages import Said, Words, say

log = logging.getLogger(__name__)


def entry_points_by_name(group: str) -> dict[str, EntryPoint]:
    """The group's entry points by name, sorted (importlib.metadata is imported here: it is slow to import)."""
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=group)}
    return dict(sorted(found.items()))


class UnknownPlugin(Said, ValueError):
    """No plugin of that name, or one that fails to load (its traceback is in the log); says which exist."""


@dataclass(frozen=True)
class PluginGroup:
    group: str
    """The entry-point group (``operator_assist.offer_sources``)."""
    kind: str
    """Message code of what the user calls one (an offer source)."""
    built_in: Mapping[str, Any] = field(default_factory=dict)
    """This package's own by name: made without reading any package's metadata (that read costs a start
    time and memory), and found in a source tree without metadata."""
    usage: Mapping[str, str] = field(default_factory=dict)
    """How one is written in a spec (``file:PATH``), where it takes an argument: text or a message code."""

    def names(self) -> list[str]:
        return sorted(set(self.built_in) | set(entry_points_by_name(self.group)))

    def describe(self) -> str:
        return ", ".join(say(self.usage.get(name, name)) for name in self.names())


def load_plugin(plugins: PluginGroup, name: str) -> Any:
    """What the plugin ``name`` of ``plugins`` is (a class, as a rule). Only that one is loaded: a
    broken plugin elsewhere neither costs time nor stops the others. Raises :class:`UnknownPlugin`."""
    built_in = plugins.built_in.get(name)
    if built_in is not None:
        return built_in
    entry = entry_points_by_name(plugins.group).get(name)
    if entry is None:
        raise UnknownPlugin("plugins.unknown", kind=Words.of(plugins.kind), name=name, known=plugins.describe())
    try:
        return entry.load()
    except Exception as exc:  # a broken plugin must not stop the app
        log.exception("cannot load plugin %r of %s", name, plugins.group)
        raise UnknownPlugin(
            "plugins.not_loading", kind=Words.of(plugins.kind), name=name, exc=exc, known=plugins.describe()
        ) from exc
