"""a2k-settings-gui: set up and prove the outgoing e-mail of A2000ERP."""

__version__ = "0.1.0"
