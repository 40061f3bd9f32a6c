"""Did it arrive?: reading a received test e-mail, pasted or fetched by IMAP (core.received)."""
