"""Secrets guard: credentials and private keys in any file of the project, found by detect-secrets.

detect-secrets runs in-process with all its plugins and default filters, so
its findings print in the guard's own ``file:line: kind: message`` form and
go through the same reviewed allow-list. Its inline ``pragma: allowlist
secret`` comments are switched off: an exception needs a reviewed entry with
a reason in .content-guard-allow.yml, not a comment anyone can add.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
from pathlib import Path

from detect_secrets import SecretsCollection
from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.high_entropy_strings import HighEntropyStringsPlugin
from detect_secrets.plugins.keyword import REGEX_BY_FILETYPE, KeywordDetector
from detect_secrets.settings import default_settings
from detect_secrets.util.filetype import determine_file_type

from checks import Finding, FindingsInText
from checks.bounded import bounded_copy
from checks.prefilter import Trigger, near_triggers, one_barrier_a_gap

SKIPPED_FOLDERS = {".git", ".venv", "venv", "site", "site-offline", "node_modules", "__pycache__",
                   ".pytest_cache", ".mypy_cache", ".ruff_cache", ".cache", "build"}
INLINE_ALLOWLIST_FILTER = "detect_secrets.filters.allowlist.is_line_allowlisted"
PARALLEL_FROM = 200
FIX = ("remove it, then revoke or rotate the credential now: whatever is pushed stays public in the "
       "history even after it is removed")


def project_files(project_dir: Path) -> list[str]:
    """The project's files relative to ``project_dir``: git's tracked and new, unignored files, else a walk."""
    try:
        done = subprocess.run(["git", "-C", str(project_dir), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard"], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0:
        names = [name for name in done.stdout.decode("utf-8", "replace").split("\0") if name]
        return sorted(name for name in set(names) if (project_dir / name).is_file())
    files = []
    for folder, subfolders, names in os.walk(project_dir):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS)
        for name in names:
            files.append((Path(folder) / name).relative_to(project_dir).as_posix())
    return sorted(files)


# Formats detect-secrets 1.5.0 does not know, by their documented prefixes.
EXTRA_FORMATS = {
    "secret/google-api-key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "secret/github-fine-grained-token": re.compile(r"\bgithub_pat_[0-9A-Za-z_]{22,}"),
    "secret/password-assignment": re.compile(
        r"(?i)\b(?:password|passwd|passcode)\b[\"']?\s*[:=]\s*[\"']?(?!\$\{|<|\*+\b)[^\s\"',;]{6,}"),
}


def find_extra_formats(text: str, file: str) -> list[Finding]:
    """Google API keys, GitHub fine-grained tokens and ``password: ...`` assignments in ``text``."""
    findings = FindingsInText(text, file)
    for kind, pattern in EXTRA_FORMATS.items():
        for match in pattern.finditer(text):
            what = kind.split("/")[1].replace("-", " ")
            findings.add(match.start(), kind, f"looks like a credential ({what}); {FIX}", match.group())
    return findings.sorted()


KIND_PREFIX = "secret/"


def kind_of(secret_type: str) -> str:
    """``secret/aws-access-key`` for detect-secrets' type 'AWS Access Key'."""
    return KIND_PREFIX + re.sub(r"[^a-z0-9]+", "-", secret_type.lower()).strip("-")


@functools.cache
def pattern_plugins() -> tuple[tuple[str, RegexBasedDetector], ...]:
    """detect-secrets' plugins that find a credential by its format, by the type each reports."""
    return tuple((secret_type, plugin()) for secret_type, plugin in get_mapping_from_secret_type_to_class().items()
                 if issubclass(plugin, RegexBasedDetector))


# The start of an address the IP plugin does not report (a private network's or the machine's own).
PRIVATE_ADDRESS = r"192\.168\.|127\.|10\.|172\.(?:1[6-9]|2[0-9]|3[01])"
# What every credential the pattern plugins and the formats above find holds on one of its lines: a plugin's
# prefix or marker, the keyword before its value (in any case where the plugin ignores case), a Discord token's
# first part, an address of the public IP plugin, the colon after a Telegram token's bot number
# (checks/prefilter.py). A match reaches at most two lines beyond it (``password`` / ``=`` / the value; an npm
# token after its key).
CREDENTIAL_TRIGGER = Trigger(
    reach=2, words_at_once=True,
    words=("AKC", "A3T", "ABIA", "ACCA", "AKIA", "ASIA", "AccountKey=", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
           "glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "glimt-", "glptt-", "glagent-", "gloas-",
           "GR1348941", "eyJ", "_authToken=", "T3BlbkFJ", "PRIVATE KEY", "PuTTY-User-Key-" + "File-2", "pypi-AgE",
           "SG.", "k_live_", "sq0csp-", "github_pat_", "-us"),
    folded=("aws", "key", "pw", "pass", "token", "secret", "softlayer", "xox", "hooks.slack.com"),
    patterns=(re.compile(r"AP[\dABCDEF][a-zA-Z0-9]{8}"), re.compile(r"AC[a-z0-9]{32}"), re.compile(r"SK[a-z0-9]{32}"),
              re.compile(r"://[^:/?#\[\]@!$&'()*+,;=\s]+:[^:/?#\[\]@!$&'()*+,;=\s]+@"),
              re.compile(r"[MNO][a-zA-Z\d_-]{23,25}\."),
              # The IP plugin's address from its first point, so that the search skips to points, not to every
              # digit: its first number (one to three digits, not private) is read behind the point.
              re.compile(r"\.(?:" + "|".join(rf"(?<=(?<![\w.])(?!{PRIVATE_ADDRESS})\d{{{digits}}}\.)"
                                              for digits in (1, 2, 3)) + r")\d{1,3}\.\d{1,3}\.\d"),
              re.compile(r":(?<=\d{8}:)")))
# The secret types of detect-secrets 1.5.0's pattern plugins, which CREDENTIAL_TRIGGER was written for: with
# another plugin (a new release), every line is read until the trigger is known to cover it.
TRIGGERED_TYPES = frozenset({
    "Artifactory Credentials", "AWS Access Key", "Azure Storage Account access key", "Basic Auth Credentials",
    "Cloudant Credentials", "Discord Bot Token", "GitHub Token", "GitLab Token", "IBM Cloud IAM Key",
    "IBM COS HMAC Credentials", "Public IP (ipv4)", "JSON Web Token", "Mailchimp Access Key", "NPM tokens",
    "OpenAI Token", "Private Key", "PyPI Token", "SendGrid API Key", "Slack Token", "SoftLayer Credentials",
    "Square OAuth Secret", "Stripe Access Key", "Telegram Bot Token", "Twilio API Key"})


def lines_that_can_hold_a_credential(text: str) -> str:
    """``text`` with the lines no credential format can reach replaced (checks/prefilter.py); all if unsure."""
    if any(secret_type not in TRIGGERED_TYPES for secret_type, _ in pattern_plugins()):
        return text
    return near_triggers(text, CREDENTIAL_TRIGGER)


def find_secret_formats(text: str, file: str) -> list[Finding]:
    """Credentials in a published text, by their format: detect-secrets' pattern plugins and the formats above.

    Its entropy and keyword plugins judge quoted strings in code and configuration, not text a reader sees.
    The patterns read only the lines that can hold a credential (the plugins, whose findings are placed at their
    first occurrence in ``text``, without the dropped lines between them).
    """
    read = lines_that_can_hold_a_credential(text)
    gapless = one_barrier_a_gap(read)
    findings = FindingsInText(text, file)
    for secret_type, plugin in pattern_plugins():
        for found in plugin.analyze_string(gapless):
            findings.add(max(text.find(found), 0), kind_of(secret_type),
                         f"looks like a credential ({secret_type}); {FIX}", found)
    return sorted(findings.sorted() + find_extra_formats(read, file), key=lambda f: (f.line or 0, f.kind))


# The files detect-secrets reads line by line and as nothing else (no eager transformer reads them as
# configuration): Python, three quarters of the project's lines.
LINE_ONLY_SUFFIXES = (".py", ".pyi")
# What Python's configparser skips before the first section header (a file that starts with one is read whole).
NOT_A_CONFIGURATION_LINE = ("#", ";")


@functools.cache
def line_patterns() -> tuple[re.Pattern, ...] | None:
    """The patterns with which detect-secrets' plugins first look at a line of Python; None if a plugin has another."""
    patterns: list[re.Pattern] = []
    for plugin in get_mapping_from_secret_type_to_class().values():
        if issubclass(plugin, RegexBasedDetector):
            patterns += plugin().denylist
        elif issubclass(plugin, HighEntropyStringsPlugin):
            patterns.append(plugin().regex)
        elif plugin is KeywordDetector:
            patterns += list(REGEX_BY_FILETYPE[determine_file_type("x.py")])
        else:
            return None
    return tuple(patterns)


def lines_that_can_hold_a_secret(name: str, lines: list[str]) -> list[bool] | None:
    """For a Python file, which lines a plugin's own pattern finds something in; None: read every line.

    detect-secrets reports a credential only where one of these patterns found it on the line, so the lines
    without a match are not copied for it to read (its per-line work is most of `make check`'s content guard).
    The lines up to the first that configparser would read are kept, so detect-secrets' attempt to read the
    file as configuration fails as it does on the whole file; a file that starts with a section header is
    read whole.
    """
    patterns = line_patterns()
    if patterns is None or not name.endswith(LINE_ONLY_SUFFIXES):
        return None
    first = next((number for number, line in enumerate(lines)
                  if line.strip() and not line.strip().startswith(NOT_A_CONFIGURATION_LINE)), len(lines))
    if first < len(lines) and lines[first].strip().startswith("["):
        return None
    return [number <= first or any(pattern.search(line.rstrip()) for pattern in patterns)
            for number, line in enumerate(lines)]


def find_secrets(project_dir: Path, files: list[str]) -> list[Finding]:
    """Credentials and private keys in ``files`` (paths relative to ``project_dir``).

    detect-secrets reads a bounded copy of each file (checks/bounded.py), its lines mapped back here.
    """
    with tempfile.TemporaryDirectory(prefix="content-guard-") as copy_dir:
        origins = bounded_copy(project_dir, files, Path(copy_dir), lines_that_can_hold_a_secret)
        collection = SecretsCollection(root=copy_dir)
        with default_settings() as settings:
            settings.disable_filters(INLINE_ALLOWLIST_FILTER)
            if len(files) >= PARALLEL_FROM:
                collection.scan_files(*files)
            else:
                for name in files:
                    collection.scan_file(name)
    findings = []
    for name in files:
        try:
            findings += find_extra_formats((project_dir / name).read_text(encoding="utf-8"), name)
        except (OSError, UnicodeDecodeError):
            continue
    for name, secrets in collection.data.items():
        file = Path(name).as_posix()
        try:
            lines = (project_dir / name).read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            lines = []
        found = set()
        for secret in secrets:
            line = origins[name][secret.line_number - 1] if name in origins and secret.line_number else None
            if (line, secret.type) in found:  # the same credential seen in two overlapping windows
                continue
            found.add((line, secret.type))
            source_line = lines[line - 1] if line and line <= len(lines) else ""
            findings.append(Finding(file, line, kind_of(secret.type),
                                    f"looks like a credential ({secret.type}); {FIX}", source_line))
    return findings
