"""Every kind of plugin loads one way (core/plugins.py): only the chosen one, one error when it cannot be had."""

import pytest

from operator_assist.core import call_sources, plugins
from operator_assist.core.plugins import UnknownPlugin
from operator_assist.offers import SOURCES as OFFER_SOURCES


class _Entry:
    def __init__(self, name, obj=None, error=None):
        self.name, self.obj, self.error, self.loads = name, obj, error, 0

    def load(self):
        self.loads += 1
        if self.error:
            raise self.error
        return self.obj


def _groups():
    groups = [OFFER_SOURCES, call_sources.SOURCES]
    try:
        from operator_assist.audio import detectors, sources
    except ImportError:  # numpy: the audio extra
        return groups
    return groups + [sources.SOURCES, detectors.DETECTORS]


@pytest.mark.parametrize("group", _groups(), ids=lambda g: g.group)
def test_a_broken_plugin_is_loaded_only_when_chosen_and_said_like_an_unknown_one(group, monkeypatch, logged_errors):
    class Plugin:
        pass

    broken = _Entry("broken", error=ImportError("no module named vendor_sdk"))
    entries = {"good": _Entry("good", Plugin), "broken": broken}
    monkeypatch.setattr(plugins, "entry_points_by_name", lambda name: entries if name == group.group else {})
    built_in = next(iter(group.built_in))
    assert plugins.load_plugin(group, built_in) is group.built_in[built_in]
    assert plugins.load_plugin(group, "good") is Plugin
    assert broken.loads == 0 and {"good", "broken", built_in} <= set(group.names())
    with pytest.raises(UnknownPlugin, match=r"'broken' не загружается \(no module named vendor_sdk\); есть: .*good") as said:
        plugins.load_plugin(group, "broken")
    assert said.value.params["kind"].code == group.kind and broken.loads == 1
    assert [r.getMessage() for r in logged_errors.take()] == [f"cannot load plugin 'broken' of {group.group}"]
    with pytest.raises(UnknownPlugin, match=r"^неизвестный .* 'gone'; есть: .*broken.*good"):
        plugins.load_plugin(group, "gone")
