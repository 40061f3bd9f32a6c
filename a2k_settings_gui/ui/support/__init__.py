"""Support: the hand-over into A2000ERP and the support report (core.support)."""
