"""`make serve`'s preview: staged rebuilds (staged.py) and the open page that follows them (live.py).

Plain Python with no MkDocs import, called from the MkDocs hook (macros/published_files.py) under `make serve`.
"""
