"""One load per build: what a build computes from its sources, kept while the sources stay as they are.

A `make serve` rebuild after an edit loads again, but each data file is parsed again only if its text changed
(``reread_when_changed``).

An engine may call the adapter once per build (MkDocs) or once per rendered
page (Zensical runs ``define_env`` for every page): keyed on the state of the
sources and the build's settings, the network is read, validated and turned
into pages once either way, and again as soon as a file changes.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

Value = TypeVar("Value")
# The last build's key and what it computed (one entry: a new build replaces it).
_last: dict[str, object] = {}
# Each ``reread_when_changed`` parser's last text and value, by the names it was given.
_parsed: list[dict] = []


def forget() -> None:
    """Drop every kept load and parse: the next build computes everything again (a cold start)."""
    _last.clear()
    for last in _parsed:
        last.clear()


def source_state(paths: list[Path]) -> tuple:
    """Every file under ``paths`` (folders or files) with its size and modification time, in a stable order."""
    state = []
    for path in paths:
        if path.is_file():
            stat = path.stat()
            state.append((str(path), stat.st_size, stat.st_mtime_ns))
            continue
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                stat = os.stat(os.path.join(folder, name))
                state.append((os.path.join(folder, name), stat.st_size, stat.st_mtime_ns))
    return tuple(state)


def once_per_build(key: Hashable, compute: Callable[[], Value]) -> Value:
    """``compute()`` for a new ``key``; for the key of the last call, what that call computed."""
    if _last.get("key") != key:
        _last.clear()
        _last["value"] = kept_for_the_build(compute)
        _last["key"] = key
    return _last["value"]


def kept_for_the_build(compute: Callable[[], Value]) -> Value:
    """``compute()`` with Python's cycle collector paused, and what it made kept out of the collector's later rounds.

    A load builds several hundred thousand objects that live until the build ends, and no cycle worth
    collecting: each round of the collector walked them all again (a tenth of the load's CPU, and more
    over the build). Frozen objects are still freed when nothing refers to them; ``gc.unfreeze`` first hands
    the last build's load back to the collector, so a rebuild of `make serve` leaves nothing behind.
    """
    gc.unfreeze()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return compute()
    finally:
        if was_enabled:
            gc.enable()
            gc.freeze()


def reread_when_changed(parse: Callable[..., Value]) -> Callable[..., Value]:
    """``parse(text, *names)``, kept for the last text of each ``names``: a rebuild parses a file again if it changed.

    What ``parse`` returns is handed out as fresh lists (of the same frozen values); a raised problem is never kept.
    """
    last: dict[tuple, tuple[str, Value]] = {}
    _parsed.append(last)

    def fresh(value):
        return tuple(fresh(part) for part in value) if isinstance(value, tuple) else (
            list(value) if isinstance(value, list) else value)

    @functools.wraps(parse)
    def parsed(text: str, *names):
        if names not in last or last[names][0] != text:
            last[names] = (text, parse(text, *names))
        return fresh(last[names][1])
    return parsed
