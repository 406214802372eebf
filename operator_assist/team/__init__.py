"""Team statistics: the desktop side ships the journal to a team server (see shipper.py).

The server lives in ``team.server`` and needs the optional ``server`` extra.
"""
