"""The ``operator-assist`` command and its subcommands (one module each)."""
