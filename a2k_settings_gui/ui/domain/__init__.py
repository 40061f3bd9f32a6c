"""Check Domain: the domain report window (core.domain)."""
