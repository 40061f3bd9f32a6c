"""Check Logo: the logo preview, its body and the e-statement preview (core.logo)."""
