"""What mkdocs-macros loads (``module_name: macros/entry``): the ``macros`` package, never a ``macros.py`` beside it.

Given ``module_name: macros``, mkdocs-macros would load a root ``macros.py`` first and put the project folder
first on the import path (a root ``nh3.py`` would shadow the library). This file adds the project folder at
the END of the path and imports the package. `make` refuses such files before this runs (``python-files``).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:
    sys.path.append(PROJECT)

from macros import define_env, on_pre_page_macros  # noqa: E402 - the import path is set just above

__all__ = ["define_env", "on_pre_page_macros"]
