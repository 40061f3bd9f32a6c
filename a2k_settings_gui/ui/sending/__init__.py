"""The sending plan: batches, pauses and provider limits (core.sending_plan)."""
