"""The Health window: the history of the daily re-checks, what changed, Check now, and the
daily schedule (core.health does the work)."""
