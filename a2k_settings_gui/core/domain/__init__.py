"""Check Domain: SPF, DKIM, DMARC, MX and receiver readiness."""
