"""Audio sources and voice detectors are entry points: only the chosen one is loaded."""

import pytest

pytest.importorskip("numpy", reason="pip install 'operator-assist[audio]'")


class _Entry:
    def __init__(self, name, obj=None, error=None):
        self.name, self.obj, self.error, self.loads = name, obj, error, 0

    def load(self):
        self.loads += 1
        if self.error:
            raise self.error
        return self.obj


def test_a_broken_plugin_beside_the_chosen_one_is_never_loaded(monkeypatch, logged_errors):
    from operator_assist.audio import detectors, sources
    from operator_assist.core import plugins

    broken = _Entry("broken", error=ImportError("no module named vendor_sdk"))
    groups = {
        sources.GROUP: {"off": _Entry("off", sources.NoAudioSource), "broken": broken},
        detectors.GROUP: {"webrtc": _Entry("webrtc", detectors.WebrtcDetector), "broken": broken},
    }
    for module in (plugins, sources, detectors):
        monkeypatch.setattr(module, "entry_points_by_name", lambda group: groups[group])
    assert isinstance(sources.create_source("off"), sources.NoAudioSource)
    assert isinstance(detectors.create_detector("webrtc"), detectors.WebrtcDetector)
    assert broken.loads == 0 and sources.available() == ["broken", "off"]
    with pytest.raises(sources.UnknownAudioSource, match="broken"):
        sources.create_source("broken")  # chosen and broken: said, with its traceback in the log
    assert broken.loads == 1
    assert [r.getMessage() for r in logged_errors.take()] == ["cannot load audio source 'broken'"]
