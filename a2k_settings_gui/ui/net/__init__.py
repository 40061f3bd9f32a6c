"""The network fields: DNS servers, extra CA file, proxy in use (core.net)."""
