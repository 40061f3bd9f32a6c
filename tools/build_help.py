"""Copy the user guide and the pictures it shows into the app's resources (run after
editing docs/USER-GUIDE.md or its screenshots):

    python tools/build_help.py

The Help window (ui/kit/help.py) renders resources/help/USER-GUIDE.md offline;
tests/ui/kit/test_help_and_ca_file.py fails when the copy is older than docs/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TARGET = ROOT / "resources" / "help"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def pictures(markdown: str) -> list[str]:
    """The local pictures the guide shows, in order (web addresses are left out)."""
    return [src for src in IMAGE.findall(markdown) if "://" not in src]


def main() -> None:
    markdown = (DOCS / "USER-GUIDE.md").read_text(encoding="utf-8")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    (TARGET / "USER-GUIDE.md").write_text(markdown, encoding="utf-8")
    for name in pictures(markdown):
        (TARGET / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(DOCS / name, TARGET / name)
    print(f"user guide and {len(pictures(markdown))} pictures copied to {TARGET}")


if __name__ == "__main__":
    main()
