"""What mkdocs-macros loads (``module_name: macros/entry`` in mkdocs.yml): the ``macros`` package, nothing beside it.

Given ``module_name: macros``, mkdocs-macros would load a file ``macros.py``
from the project folder before the ``macros/`` package, and would put the
project folder first on Python's import path, where a file named like a
library the build imports (``nh3.py``) would be imported instead of it. So it
is handed this file, inside the maintainers' folder, which adds the project
folder at the END of the import path (the installed libraries come first) and
imports the package, which Python finds before any ``macros.py`` in the same
folder. `make` refuses such files before any of this runs (the Makefile's
``python-files`` step).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:
    sys.path.append(PROJECT)

from macros import define_env, on_pre_page_macros  # noqa: E402 - the import path is set just above

__all__ = ["define_env", "on_pre_page_macros"]
