"""The app on the desktop: global keys, the tray, the compact view, signals and the display check."""
