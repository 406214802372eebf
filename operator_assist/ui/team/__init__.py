"""The team server in the window: shipping, joining, and the «Команда» tab."""
