"""Adapters found through entry points (built-ins are registered the same way, in pyproject.toml)."""

from __future__ import annotations


def entry_points_by_name(group: str) -> dict:
    """The group's entry points by name, sorted (importlib.metadata is imported here: it is slow to import)."""
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=group)}
    return dict(sorted(found.items()))
