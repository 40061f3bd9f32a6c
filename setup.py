"""Which packages the wheel carries; everything else is in pyproject.toml.

The design card puts `a2k_settings_gui/` and `resources/` side by side at the top of the
repository. The wheel still installs the resources *inside* the package, as
`a2k_settings_gui/resources/`, so one path finds them in the wheel and in the frozen build
(core/resources.py). pyproject.toml's package finder cannot map a folder outside the
package into it, so this file does: discovered packages plus that one mapping.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["a2k_settings_gui", "a2k_settings_gui.*"])
    + ["a2k_settings_gui.resources"],
    package_dir={"a2k_settings_gui.resources": "resources"},
)
