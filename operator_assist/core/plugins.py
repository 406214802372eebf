"""Adapters found through entry points (built-ins are registered the same way, in pyproject.toml)."""

from __future__ import annotations


def entry_points_by_name(group: str) -> dict:
    """The group's entry points by name, sorted (importlib.metadata is imported here: it is slow to import)."""
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=group)}
    return dict(sorted(found.items()))


def load_plugin(group: str, name: str, fallback: dict | None = None) -> object | None:
    """The object entry point ``name`` of ``group`` names (``fallback[name]`` when the package has no
    metadata, e.g. run from a source tree); None for an unknown name. Only this one is loaded:
    a broken plugin elsewhere neither costs time nor stops the others. Loading errors propagate."""
    entries = entry_points_by_name(group)
    if not entries and fallback:
        return fallback.get(name)
    entry = entries.get(name)
    return None if entry is None else entry.load()
