"""Abbreviations and dose expressions hospitals ban (checks/do-not-use.yml), found in context.

The rules come from The Joint Commission's official Do Not Use list and ISMP's
List of Error-Prone Abbreviations, Symbols, and Dose Designations. Each rule
names the context its forms need, so that "10 U" is refused and "IU Health",
"U.S." or "MS (multiple sclerosis)" pass. Every pattern is built here from
escaped literals with bounded repetition only (no nested unbounded
quantifier), so matching stays linear in the text's length.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
import unicodedata
from pathlib import Path

from checks import Finding, FindingsInText
from network.glossary import GLOSSARY_FILE
from network.search_variants import VARIANTS_FILE
from network.sourcefile import load_yaml
from network.validation import SLUG_PATTERN, Field, Invalid, https_url, list_of, one_of, plain_text, validate_mapping

RULES_FILE = Path(__file__).with_name("do-not-use.yml")
RULES_NAME = "checks/do-not-use.yml"
KIND_PREFIX = "do-not-use/"
RULES_KIND = KIND_PREFIX + "rules"
CONTEXTS = ("after-number", "trailing-zero", "leading-zero", "after-dose", "before-dose", "anywhere")
# The contexts of a dose's zeros: their findings are a number's point, not a banned word.
ZERO_CONTEXTS = frozenset({"trailing-zero", "leading-zero"})
# The units a dose is written in (the banned unit forms of after-number rules are added to these).
DOSE_UNITS = ("mg", "mcg", "g", "gram", "grams", "milligram", "milligrams", "microgram", "micrograms", "mL", "ml",
              "L", "unit", "units", "mEq", "mmol", "mg/kg", "mcg/kg", "units/kg", "drop", "drops", "tablet",
              "tablets", "puff", "puffs", "nanogram", "nanograms", "ng")
# Route and dose-form words after which a route or frequency abbreviation is read as one: "give SC", "drops OU".
ROUTE_WORDS = ("route", "give", "given", "inject", "injected", "injection", "administer", "administered",
               "instil", "instill", "instilled", "drop", "drops", "eye drops", "ear drops", "apply")
# Tokens that may stand between a dose and a frequency: "25 mg PO QD", "10 units SC HS".
BETWEEN = ("PO", "po", "IV", "iv", "IM", "im", "SL", "PR", "by mouth", "orally", "daily", "at bedtime")
NUMBER = r"\d{1,9}(?:,\d{3}){0,3}(?:\.\d{1,6})?"
# Invisible characters a contributor could put inside a banned form; removed before matching.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                       "\u3164\ufe00-\ufe0f\ufeff\uffa0]")
GLOSSARY_ENTRY = re.compile(r"^\*\[([^\]\n]{1,60})\]:")
MARKUP = re.compile(r"<[^<>\n]{0,500}>")
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
EMPHASIS_MARKS = "*_`"
EMPHASIS = re.compile(f"[{re.escape(EMPHASIS_MARKS)}]")


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    forms: tuple[str, ...]
    context: str
    safe: str
    reason: str
    source: str
    url: str

    @property
    def kind(self) -> str:
        return KIND_PREFIX + self.id


def _form(value):
    """A banned form as written, such as QD or q.d."""
    text = plain_text(value)
    if len(text) > 20:
        raise Invalid(f"expected a short abbreviation or dose form, got '{text}'")
    return text


def _rule_id(value):
    """A short name in lower case with hyphens, such as units-u."""
    text = plain_text(value)
    if not re.fullmatch(SLUG_PATTERN, text):
        raise Invalid(f"expected a short name in lower case with hyphens such as units-u, got '{text}'")
    return text


RULE_SCHEMA = {
    "id": Field(_rule_id),
    "forms": Field(list_of(_form)),
    "context": Field(one_of(*CONTEXTS)),
    "safe": Field(plain_text),
    "reason": Field(plain_text),
    "source": Field(plain_text),
    "url": Field(https_url),
}


def parse_rules(text: str, file: str = RULES_NAME) -> tuple[list[Rule], list[Finding]]:
    """The rules in ``text``, and a finding naming the file, line and field of each one that is not valid."""
    document, problems = load_yaml(text, file)
    findings = [Finding(file, p.line, RULES_KIND, p.message) for p in problems]
    if document is None:
        return [], findings
    if not isinstance(document.value, list):
        return [], findings + [Finding(file, document.start_line, RULES_KIND,
                                       "expected a list of rules, each starting with '- id: ...'")]
    rules, ids = [], set()
    for index in range(len(document.value)):
        values, found = validate_mapping(document, (index,), RULE_SCHEMA, file, subject=f"rule {index + 1}")
        for problem in found:
            field = f"field '{problem.field}': " if problem.field else ""
            findings.append(Finding(file, problem.line, RULES_KIND, f"rule {index + 1}: {field}{problem.message}"))
        if found:
            continue
        if values["id"] in ids:
            findings.append(Finding(file, document.line(index, "id"), RULES_KIND,
                                    f"rule {index + 1}: field 'id': '{values['id']}' is used twice"))
            continue
        ids.add(values["id"])
        rules.append(Rule(values["id"], tuple(values["forms"]), values["context"], values["safe"], values["reason"],
                          values["source"], values["url"]))
    return rules, findings


@functools.cache
def load_rules(path: Path = RULES_FILE) -> tuple[tuple[Rule, ...], tuple[Finding, ...]]:
    """The rules file's rules and its problems, read once."""
    rules, findings = parse_rules(path.read_text(encoding="utf-8"))
    return tuple(rules), tuple(findings)


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda word: (-len(word), word)))


@dataclasses.dataclass(frozen=True)
class _Compiled:
    rule: Rule
    pattern: re.Pattern


def dose_units(rules: tuple[Rule, ...]) -> str:
    """The units a dose is written in, as one alternative of a pattern: DOSE_UNITS and the banned unit forms."""
    unit_forms = [form for rule in rules if rule.context == "after-number" for form in rule.forms]
    return _alternatives(DOSE_UNITS + tuple(unit_forms))


@functools.cache
def compiled(rules: tuple[Rule, ...]) -> tuple[_Compiled, ...]:
    """One pattern per rule, in the context the rule names."""
    units = dose_units(rules)
    dose = rf"{NUMBER} ?(?:{units})(?!\w)"
    after_dose = [form for rule in rules if rule.context == "after-dose" for form in rule.forms]
    route = rf"(?i:{_alternatives(ROUTE_WORDS)})"
    between = _alternatives(BETWEEN + tuple(after_dose))
    result = []
    for rule in rules:
        forms = _alternatives(rule.forms)
        if rule.context == "after-number":
            body = rf"(?<![\w.,])(?P<number>{NUMBER}) ?(?P<form>{forms})(?!\w|\.\w)"
        elif rule.context == "trailing-zero":
            body = rf"(?<![\w.,])(?P<number>\d{{1,9}})\.0{{1,6}} ?(?P<unit>{units})(?!\w)"
        elif rule.context == "leading-zero":
            body = rf"(?<![\w.,])\.(?P<digits>\d{{1,6}}) ?(?P<unit>{units})(?!\w)"
        elif rule.context == "after-dose":
            body = (rf"(?:(?<![\w.,]){dose}|(?<![\w-]){route})[ ,:]{{1,3}}(?:(?:{between})[ ,]{{1,3}})?"
                    rf"(?P<form>{forms})(?![\w-])")
        elif rule.context == "before-dose":
            body = rf"(?<![\w-])(?P<form>{forms}) ?(?:{dose})"
        else:
            body = rf"(?<![\w/-])(?P<form>{forms})(?![\w/-])"
        result.append(_Compiled(rule, re.compile(body)))
    return tuple(result)


def normalise(text: str) -> str:
    """``text`` as a reader reads it: invisible characters and Markdown's escape and emphasis marks removed, NFKC.

    A front-matter field is shown as written, so a dose escaped with a backslash or a unit in asterisks
    reaches the page with its marks: a reader reads past them. (Each step is skipped where it would change
    nothing: the invisible characters are none of ASCII's, and the emphasis marks go by plain replacing.)
    """
    visible = text if text.isascii() else INVISIBLE.sub("", text)
    unescaped = ESCAPE.sub(r"\1", visible) if "\\" in visible else visible
    plain = unescaped
    for mark in EMPHASIS_MARKS:
        plain = plain.replace(mark, "")
    return plain if unicodedata.is_normalized("NFKC", plain) else unicodedata.normalize("NFKC", plain)


def safe_form(rule: Rule, match: re.Match) -> str:
    """What to write instead of ``match``: the rule's safe form with the dose's number and unit filled in."""
    groups = match.groupdict()
    if "{" not in rule.safe and groups.get("form"):
        start, end = match.start("form") - match.start(), match.end("form") - match.start()
        return (match.group(0)[:start] + rule.safe + match.group(0)[end:]).strip()
    number = groups.get("number") or ""
    if groups.get("digits"):
        number = "0." + groups["digits"]
    return rule.safe.format(number=number, unit=groups.get("unit") or "")


def message(rule: Rule, found: str, safe: str) -> str:
    return f'"{found}": write "{safe}" ({rule.reason}: {rule.source})'


def find_do_not_use(text: str, file: str, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Each banned form in ``text`` (already text as a reader reads it), at its line, with the safe form to write."""
    rules = load_rules()[0] if rules is None else rules
    text = normalise(text)
    findings = FindingsInText(text, file)
    for item in compiled(rules):
        for match in item.pattern.finditer(text):
            found = match.group(0).strip()
            findings.add(match.start(), item.rule.kind, message(item.rule, found, safe_form(item.rule, match)), found)
    return findings.sorted()


def source_text(line: str) -> str:
    """A Markdown line roughly as it reads: tags and emphasis marks removed, references and escapes decoded."""
    return ESCAPE.sub(r"\1", html.unescape(EMPHASIS.sub("", MARKUP.sub("", line))))


def find_in_source(text: str, file: str, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """The fast source pass: each line of a Markdown or data file read as text, then matched."""
    findings = []
    for number, line in enumerate(text.split("\n"), start=1):
        for finding in find_do_not_use(source_text(line), file, rules):
            findings.append(dataclasses.replace(finding, line=number, source_line=line))
    return findings


def _banned_words(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    """Each banned abbreviation (not a dose's zeros) and its rule."""
    return {form: rule for rule in rules if rule.context not in ZERO_CONTEXTS for form in rule.forms}


def _safe_word(rule: Rule) -> str:
    return rule.safe.format(number="", unit="").strip()


def find_in_glossary(text: str, file: str, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Each glossary line that defines a banned abbreviation, however written, or explains one with a banned form.

    The glossary's meanings are every page's tooltips, so each line is also read as the source pass reads it.
    """
    rules = load_rules()[0] if rules is None else rules
    banned = _banned_words(rules)
    findings = []
    for number, line in enumerate(text.split("\n"), start=1):
        entry = GLOSSARY_ENTRY.match(INVISIBLE.sub("", line))
        rule = banned.get(normalise(source_text(entry[1])).strip()) if entry else None
        if rule:
            findings.append(Finding(file, number, rule.kind,
                                    f'the glossary defines "{entry[1]}": remove the line and write '
                                    f'"{_safe_word(rule)}" in its place where it is used ({rule.reason}: '
                                    f"{rule.source})", line, entry[1]))
    return _with_source_pass(findings, text, file, rules)


def _with_source_pass(findings: list[Finding], text: str, file: str, rules: tuple[Rule, ...]) -> list[Finding]:
    """``findings``, then the source pass's findings on the lines and rules they leave free, in line order."""
    taken = {(finding.line, finding.kind) for finding in findings}
    findings += [finding for finding in find_in_source(text, file, rules) if (finding.line, finding.kind) not in taken]
    return sorted(findings, key=lambda finding: (finding.line or 0, finding.kind))


def find_in_search_variants(text: str, file: str, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Each entry of the search variants that is, on either side, a banned abbreviation; and each line as source.

    The variants reach the search index's published word lists as single words, out of any dose, so a
    side that is a banned form as a whole ("QD: daily") counts there; a maintainer who wants search to find
    "daily" for a typed "QD" records it as a reviewed exception (.content-guard-allow.yml).
    """
    rules = load_rules()[0] if rules is None else rules
    banned = _banned_words(rules)
    document, _ = load_yaml(text, file)
    findings: list[Finding] = []
    if document is None or not isinstance(document.value, dict):
        return _with_source_pass(findings, text, file, rules)
    lines = text.split("\n")
    for key, value in document.value.items():
        line = document.line(key)
        for side in [key] + (value if isinstance(value, list) else [value]):
            rule = banned.get(normalise(source_text(side)).strip()) if isinstance(side, str) else None
            if rule:
                findings.append(Finding(file, line, rule.kind,
                                        f'the search variants list "{side}": write "{_safe_word(rule)}" instead, or '
                                        f"remove the entry ({rule.reason}: {rule.source})", lines[line - 1], side))
    return _with_source_pass(findings, text, file, rules)


# The word lists the site publishes beside its pages: read whole here, not by the source pass line by line.
WORD_LISTS = (GLOSSARY_FILE.as_posix(), VARIANTS_FILE.as_posix())


def find_in_word_lists(project_dir: Path) -> list[Finding]:
    """The glossary's and the search variants' banned forms: the word lists every page and search publish."""
    findings = []
    for relative, find in zip(WORD_LISTS, (find_in_glossary, find_in_search_variants), strict=True):
        try:
            findings += find((project_dir / relative).read_text(encoding="utf-8"), relative)
        except (OSError, UnicodeDecodeError):
            continue  # a missing or unreadable file is named by the checks that read it
    return findings
