"""PySide6 widgets: lay out the screens, bind them to the core, run core calls on workers."""
