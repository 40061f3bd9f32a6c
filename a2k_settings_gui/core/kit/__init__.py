"""Building blocks below the model that every part of the core shares (as ui/kit is for the
ui): no settings, no network, no feature."""
