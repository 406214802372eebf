"""The phrase panel: cards of the standard's phrases for the moment of the call."""
