"""Send Test Email: the SMTP conversation, its diagnosis and the test message."""
