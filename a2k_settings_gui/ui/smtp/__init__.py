"""Send Test Email: the test window and its step list (core.smtp)."""
