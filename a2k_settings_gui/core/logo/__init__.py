"""Check Logo: fetch, decode and hot-link-test the company logo."""
