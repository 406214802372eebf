"""Adapters that hear the operator's own words: microphone, voice gate, recognisers (the ``speech`` extra).

Only the operator's microphone is heard, never the client's side. Audio lives in memory for
as long as one utterance is being recognised; its text goes to the checks (``core/speech_checks.py``)
and the screen, and is never written to disk, logged or sent. What leaves is which check was
met or missed, with its time.
"""

SAMPLE_RATE = 16000
"""The voice gate and the recognisers work on 16 kHz mono float32."""
