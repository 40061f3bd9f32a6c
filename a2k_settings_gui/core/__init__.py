"""Qt-free core: settings, store, keyring and every network check.

Nothing in this package may import PySide6; tests/core/test_no_qt.py proves it.
"""
