"""Listening to the call's audio (dead air): the feed and the device dialog."""
