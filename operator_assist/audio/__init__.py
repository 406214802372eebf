"""Adapters that hear the call: audio sources and voice detectors (numpy, webrtcvad, silero, soundcard).

Nothing here stores audio or sends it anywhere: frames live in memory for the
few milliseconds a detector needs, and only decisions, levels and times leave.
The rules (what counts as speech, what is dead air) are in ``core/dead_air.py``.
"""

SAMPLE_RATE = 16000
"""Both detectors work on 16 kHz mono."""
