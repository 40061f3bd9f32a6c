"""The support report: the A2000ERP values, the latest checks, versions; never the password.

`latest` keeps the result of the most recent test-send, domain check and logo check beside
the settings file (so `a2k-email-settings report` in a new process can include them);
`report` builds the report and renders it as text and HTML.
"""
