"""The call: the session (the one door), its telephony feed, and the widgets that show and drive it."""
