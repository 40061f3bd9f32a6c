"""Real servers on 127.0.0.1 that tests start as fixtures (image hosts, ...)."""
