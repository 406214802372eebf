"""operator-assist: a live assistant for call-centre operators."""

__version__ = "0.1.0"
