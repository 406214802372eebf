"""«Отличное предложение»: the source's feed, the lamp, the ticks, the card and the outcome question."""
