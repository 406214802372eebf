"""Hearing the operator's own words: the standard's phrases said, and the words never said."""
