"""Patient-data guard: text that looks like something identifying a patient.

Everything merged is published at once, so a playbook may never carry a
medical record number, a date of birth, a social security number, a phone
number, a personal e-mail address or a patient's name with an age or an
admission date. The patterns look for an identifier's shape *and* its
context (a label such as "MRN", a name next to an age), so that clinical
text that only looks similar passes: scores (NEWS2 >= 5), standards
(ISO 9001:2015, JCI PC.02.01.03), versions (2.1.0), ICD-10 codes (I63.9),
doses, times (08:00), years, review dates in prose and role mailboxes
(quality@care-network.example).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from checks import Finding, FindingsInText, as_a_reader_sees_it
from checks.prefilter import Reading, Trigger

PUBLISHED_NUMBERS_FILE = Path(__file__).with_name("published-numbers.yml")


def load_published_numbers(path: Path = PUBLISHED_NUMBERS_FILE) -> dict[str, str]:
    """The reviewed list of public numbers (helplines) that may appear anywhere: last 10 digits to name."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {re.sub(r"\D", "", entry["number"])[-10:]: entry["name"] for entry in entries}


PUBLISHED_NUMBERS = load_published_numbers()

FIX = ("remove it: nothing that identifies a patient may be published, so describe the case without "
       "identifiers (if it is not about a patient, a reviewer can add an entry with a reason to "
       ".content-guard-allow.yml)")

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
FULL_DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# A capitalised name, also McDonald, MacArthur, O'Brien and Smith-Jones.
NAME = r"(?:[A-Z]')?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'][A-Z]?[a-z]+)?"
FULL_NAME = rf"{NAME}(?:\s+[A-Z]\.)?\s+{NAME}"
HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Mstr)\.?"
TITLED_NAME = rf"{HONORIFIC}\s+{NAME}(?:\s+{NAME})?"
# What follows an age written after a name: punctuation, the end of the line, "years", "y/o", or a verb.
AGE_END = (r"(?:(?=\s*(?:[,;).]|\n|\Z))|\s*-?\s*(?:years?|yrs?)\b|-year|\s*y/?o\b"
           r"|\s*,?\s*(?:was|is|who|with|presented|admitted|male|female|man|woman|boy|girl)\b)")

# What happens to a patient, and an age written next to a name or initials, for the patterns in any order.
EVENT_WORDS = (r"admitted|readmitted|discharged|presented|transferred|died|seen|operated\s+on|arrived"
               r"|collapsed|fell|intubated|arrested")
EVENT = rf"(?i:\b(?:{EVENT_WORDS})\b)"
AGE = r"\d{1,3}(?!\d|[.:/]\d)"
YEARS = r"(?:\s*-?\s*(?:years?|yrs?|y/?o)(?:[- ]old)?)"
VERB_AFTER_AGE = rf"\s+(?:was|is|who|had|has|{EVENT_WORDS})\b"
# An age written as one: ", 82", " (82)", " aged 82", " 82 years", or a bare " 82" straight before a verb.
AGE_NEXT = (rf"(?:(?:,\s*\(?\s*(?:aged?\s+)?{AGE}{YEARS}?\s*\)?|\s*\(\s*(?:aged?\s+)?{AGE}{YEARS}?\s*\)"
            rf"|\s+aged?\s+{AGE}|\s+{AGE}{YEARS})(?=\s*(?:[,;:).]|$)|{VERB_AFTER_AGE})"
            rf"|\s+{AGE}(?=\s*,?{VERB_AFTER_AGE}))")
AGE_BEFORE = (r"(?:\b\d{1,3}[- ]years?[- ]old|\baged?\s+\d{1,3},?)\s+"
              r"(?:(?:man|woman|male|female|patient|boy|girl),?\s+)?")
INITIALS = r"(?<![\w.])[A-Z]\.?\s?[A-Z]\.?(?:\s?[A-Z]\.?)?(?!\w)"
# A name or initials with an age next to it, in any order: a patient's when the same sentence says what
# happened to them or when (found first, then judged by its sentence, which is far quicker than one pattern).
AGED_PERSON = re.compile(rf"(?m)\b(?:{TITLED_NAME}|{FULL_NAME}){AGE_NEXT}|{AGE_BEFORE}(?:{TITLED_NAME}|{FULL_NAME})"
                         rf"|{INITIALS}{AGE_NEXT}")
HAPPENED = re.compile(rf"{EVENT}|{FULL_DATE}")
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
SENTENCE_REACH = 80

ROLE_WORDS = {
    "admin", "board", "care", "clinical", "communications", "compliance", "contact", "contributors",
    "education", "enquiries", "ethics", "events", "feedback", "help", "helpdesk", "hr", "info",
    "infection", "inquiries", "it", "maintainers", "media", "name", "network", "news", "no", "noreply",
    "nursing", "office", "patient", "patients", "pharmacy", "playbooks", "postmaster", "press",
    "prevention", "privacy", "professionalism", "qi", "quality", "reply", "reviewers", "risk",
    "safety", "security", "service", "services", "support", "team", "webmaster",
}

# (kind, pattern, what it looks like); every pattern is searched over the whole file.
PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("patient-data/mrn", re.compile(
        r"(?i:\b(?:MRN|MR\s?#|MR\s?No\b\.?|medical[- ]record(?:\s+(?:number|no\b\.?|#))?"
        r"|hospital\s+(?:number|no\b\.?)|patient\s+(?:ID|identifier|number|no\b\.?)"
        r"|chart\s+(?:number|no\b\.?|#)|UR\s?(?:number|no\b\.?)|NHS\s+(?:number|no\b\.?)))"
        r"(?:\s*[:#=]\s*|\s+(?:is|was)\s+|\s+)"
        r"[A-Z]{0,3}[-\s]?(?=(?:[-\s./]?\d){4})\d+(?:[-\s./]\d+)*\b"),
     "a medical record number"),
    ("patient-data/date-of-birth", re.compile(
        r"(?i:\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)(?![\w.]))"
        rf"\s*[:=-]?\s*(?:(?i:is|was)\s+)?{FULL_DATE}"),
     "a date of birth"),
    ("patient-data/ssn", re.compile(
        r"(?<![\w.-])\d{3}([-.])\d{2}\1\d{4}(?![\w-]|\.\d)"
        r"|(?i:\b(?:SSN|social\s+security(?:\s+(?:number|no\b\.?))?))\s*[:#]?\s*\d{3}[\s.-]?\d{2}[\s.-]?\d{4}\b"),
     "a social security number"),
    ("patient-data/phone", re.compile(
        r"(?<![\w.+/-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-]|\.\d)"
        r"|(?<![\w+])\+(?=(?:[\s.()-]?\d){8})\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\w-])"
        r"|(?i:\b(?:phone|tel|telephone|mobile|cell|fax)\b\.?)\s*[:#]?\s*\+?\(?(?=(?:[\s().-]?\d){7})"
        r"\d[\d\s().-]*\d"),
     "a phone number"),
    ("patient-data/patient-name", re.compile(
        rf"\b{TITLED_NAME},?\s*\(?(?:aged?\s+)?\d{{1,3}}(?!\d|[.:/]\d){AGE_END}"
        rf"|\b{FULL_NAME},?\s+(?:aged?\s+\d{{1,3}}(?!\d)"
        r"|\d{1,3}(?:\s*-?\s*(?:years?|yrs?)\b|-year|\s*y/?o\b|\s*,\s*(?:was|is|who|with|presented|admitted"
        r"|male|female|man|woman|boy|girl)\b)"
        r"|(?:is|was)\s+an?\s+\d{1,3}[- ]year[- ]old)"
        rf"|\b(?:{TITLED_NAME}|{FULL_NAME})\s*\(\s*(?:aged?\s+\d{{1,3}}|\d{{1,3}}\s*(?:y|yo|y/o|yrs?|years?))\s*\)"),
     "a patient's name with an age"),
    ("patient-data/patient-name", re.compile(
        rf"\b(?:{TITLED_NAME}|{FULL_NAME}),?\s+(?:was\s+|is\s+)?"
        r"(?:admitted|discharged|seen|presented|transferred|died|operated\s+on)\b[^.\n]{0,30}?"
        rf"{FULL_DATE}"),
     "a patient's name with an admission date"),
    ("patient-data/patient-name", re.compile(
        rf"(?i:\bpatient(?:'s)?(?:\s+name)?)\s*[:=-]\s*(?:{TITLED_NAME}|{FULL_NAME})\b"),
     "a labelled patient name"),
    ("patient-data/patient-name", re.compile(
        rf"\b(?:{TITLED_NAME}|{FULL_NAME}),?\s+(?:was\s+)?{EVENT}\s+(?:on\s+\S+\s+)?(?:aged|at\s+age)\s+\d{{1,3}}\b"),
     "a patient's name with an age and what happened to them"),
    ("patient-data/address", re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\.?\s+){1,3}"
        r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace"
        r"|Circle|Cir|Parkway|Pkwy|Highway|Hwy)\b\.?"),
     "a street address"),
]
# An e-mail address written to dodge a pattern: name [at] host [dot] com, name at host.com.
OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.%+-])(?P<local>[A-Za-z0-9._%+-]+)\s*(?:\[at\]|\(at\)|\{at\}|\s(?i:at)\s)\s*"
    r"(?P<domain>[A-Za-z0-9-]+(?:\s*(?:\.|\[dot\]|\(dot\)|\s(?i:dot)\s)\s*[A-Za-z0-9-]+)*"
    r"\s*(?:\.|\[dot\]|\(dot\)|\s(?i:dot)\s)\s*(?i:com|org|net|edu|gov|mil|io|us|uk|ca|info|biz|me))\b")
# Words that make a number a published one, not a patient's: it stands in the same sentence, before it.
PUBLIC_LINE_WORDS = re.compile(
    r"(?i:\b(?:switchboard|helpline|hotline|help\s+line|main\s+(?:line|number)|operator|poison\s+control"
    r"|crisis\s+line|lifeline)\b)[^.\n]{0,60}$")
# Markdown table cells whose header says the rows are about patients.
TABLE_NAME_HEADER = re.compile(r"(?i)\b(?:name|patient|initials)\b")
TABLE_DETAIL_HEADER = re.compile(r"(?i)\b(?:age|dob|born|birth|admitted|admission|discharged|mrn|bed|room)\b")

EMAIL = re.compile(r"(?<![\w.%+-])(?P<local>[A-Za-z0-9._%+-]+)"
                   r"@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\b")


def is_role_mailbox(local_part: str) -> bool:
    """A shared mailbox such as quality@ or network-office@, not a person's address."""
    words = [word for word in re.split(r"[._+-]", local_part.lower()) if word]
    return bool(words) and all(word in ROLE_WORDS for word in words)


def redact(text: str, names: bool = False) -> str:
    """The match with its digits (and, for ``names``, capitalised words) hidden, so the message does not repeat it."""
    text = re.sub(r"\d", "#", " ".join(text.split()))
    if names:
        text = re.sub(r"\b([A-Z])([a-z]+)", lambda match: match[1] + "•" * len(match[2]), text)
    return text


def is_published_number(seen: str, match: re.Match) -> bool:
    """A helpline or switchboard: named so in the sentence before it, or on the reviewed list."""
    digits = re.sub(r"\D", "", match.group())
    if digits[-10:] in PUBLISHED_NUMBERS:
        return True
    return bool(PUBLIC_LINE_WORDS.search(seen[max(0, match.start() - 80):match.start()]))


def patient_tables(seen: str) -> list[int]:
    """Offsets of the rows of each Markdown table whose header names patients and their details."""
    rows = []
    lines = seen.split("\n")
    offset = 0
    header: str | None = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") or stripped.count("|") >= 2:
            if header is None:
                header = stripped
            elif not re.fullmatch(r"[|:\s-]+", stripped) and TABLE_NAME_HEADER.search(header) \
                    and TABLE_DETAIL_HEADER.search(header):
                rows.append(offset)
        else:
            header = None
        offset += len(line) + 1
    return rows


def same_sentence(seen: str, start: int, end: int) -> str:
    """The rest of the sentence around ``seen[start:end]``, up to SENTENCE_REACH characters either side."""
    before = seen[max(0, start - SENTENCE_REACH):start]
    ends = list(SENTENCE_END.finditer(before))
    after = seen[end:end + SENTENCE_REACH]
    stop = SENTENCE_END.search(after)
    return before[ends[-1].end() if ends else 0:] + " " + after[:stop.start() if stop else len(after)]


# What every match of a family of the patterns above holds on one of its lines (checks/prefilter.py), and how many
# lines it may reach beyond it. The labelled family: a record number's, a birth date's, a social security
# number's, a phone's or a patient's label (in any case where the pattern ignores it), a social security or phone
# number's digits, a street's name after a word, an obfuscated e-mail address's "at" before a host; a number's
# lines running on over lines of digits (MRN 1234 / 5678) are kept whole.
LABELLED_TRIGGER = Trigger(
    reach=3, transparent=re.compile(r"[\d\s().+/#:=-]*"), words_at_once=True,
    words=("[at]", "(at)", "{at}", "Street", "Avenue", "Ave", "Road", "Boulevard", "Blvd", "Lane", "Ln", "Drive",
           "Court", "Ct", "Place", "Terrace", "Circle", "Cir", "Parkway", "Pkwy", "Highway", "Hwy"),
    folded=("dob", "d.o.b", "birth", "born", "ssn", "phone", "tel", "mobile", "cell", "fax"),
    folded_patterns=tuple(re.compile(label) for label in (
        r"medical[- ]record", r"mr(?:n|\s?#|\s?no)", r"ur\s?n[ou]", r"hospital\s+n", r"nhs\s+n", r"chart\s+[n#]",
        r"social\s+s",
        r"patient(?:\s+(?:id|n)|(?:'s)?(?:\s+name)?\s*[:=-])",
        # An obfuscated address's "at" before a host (found in the folded text: a literal start is quick to find).
        r"at(?<=\sat)\s+[a-z0-9-]+\s*(?:\.|\[dot\]|\(dot\)|\sdot\s)")),
    patterns=(re.compile(r"\d{3}(?:[-.]\d{2}[-.]\d{4}|[\s.-]\d{4})"), re.compile(r"\+\d"),
              *(re.compile(rf"{street}\b(?<=\s{street})") for street in ("St", "Rd", "Dr", "Way", "Pl"))))
# The named family: an honorific, "age" or "year", what happened to a patient as the patterns write it, or a
# number before "years", "y/o" or a verb, after a name's or initials' comma, or in brackets as an age.
NAMED_TRIGGER = Trigger(
    reach=3,
    words=("Mr", "Ms", "Miss", "Mx", "Mstr", "age", "year", "admitted", "discharged", "seen", "presented",
           "transferred", "died", "operated"),
    patterns=(re.compile(rf"\d(?:\s*-?\s*y|\s*,?\s+(?:was|is|who|with|had|has|male|female|man|woman|boy|girl"
                         rf"|{EVENT_WORDS})\b)"),
              re.compile(r",(?<=[A-Za-z.],)\s*\(?\s*\d"), re.compile(r"\(\s*\d{1,3}\s*(?:-\s*)?[y)]")))
# An e-mail address's @: EMAIL reads no line break, so only the lines that hold one.
EMAIL_TRIGGER = Trigger(reach=0, words=("@",))
# Which family each pattern is read with, in the order of PATTERNS.
PATTERN_TRIGGERS = (LABELLED_TRIGGER, LABELLED_TRIGGER, LABELLED_TRIGGER, LABELLED_TRIGGER, NAMED_TRIGGER,
                    NAMED_TRIGGER, LABELLED_TRIGGER, NAMED_TRIGGER, LABELLED_TRIGGER)

EMAIL_KIND = "patient-data/email"
# Every kind this scanner reports, as the allow-list names them.
KINDS = frozenset({kind for kind, _, _ in PATTERNS} | {EMAIL_KIND})


def find_patient_data(text: str, file: str = "<text>") -> list[Finding]:
    """Everything in ``text`` that looks like a patient identifier, one finding per line and kind.

    The patterns read the text as a reader sees it (checks.as_a_reader_sees_it):
    entities decoded, NFKC, format characters dropped; each family only the lines near its trigger.
    """
    findings = FindingsInText(text, file)
    seen, origin = as_a_reader_sees_it(text)
    readings = {trigger: Reading(seen, trigger) for trigger in (LABELLED_TRIGGER, NAMED_TRIGGER, EMAIL_TRIGGER)}

    def add(read: Reading, offset: int, kind: str, message: str, found: str) -> None:
        findings.add(origin[read.offset(offset)], kind, message, found)

    for (kind, pattern, what), trigger in zip(PATTERNS, PATTERN_TRIGGERS, strict=True):
        read = readings[trigger]
        for match in pattern.finditer(read.text):
            if kind == "patient-data/phone" and is_published_number(read.text, match):
                continue
            excerpt = redact(match.group(), names=kind in ("patient-data/patient-name", "patient-data/address"))
            add(read, match.start(), kind, f"looks like {what} ({excerpt}); {FIX}", match.group())
    read = readings[NAMED_TRIGGER]
    for match in AGED_PERSON.finditer(read.text):
        if HAPPENED.search(same_sentence(read.text, match.start(), match.end())):
            add(read, match.start(), "patient-data/patient-name",
                f"looks like a patient's name or initials with an age and what happened to them or when "
                f"({redact(match.group(), names=True)}); {FIX}", match.group())
    for pattern, trigger in ((EMAIL, EMAIL_TRIGGER), (OBFUSCATED_EMAIL, LABELLED_TRIGGER)):
        read = readings[trigger]
        for match in pattern.finditer(read.text):
            if not is_role_mailbox(match["local"]):
                add(read, match.start(), EMAIL_KIND,
                    f"looks like a personal e-mail address (•••@{' '.join(match['domain'].split())}); only "
                    f"shared role mailboxes such as quality@care-network.example may be published; {FIX}",
                    match.group())
    for offset in patient_tables(seen):
        findings.add(origin[offset], "patient-data/patient-name",
                     f"a table row about a named patient (its header names patients and their age, dates or "
                     f"beds); {FIX}", seen[offset:].split("\n", 1)[0])
    return findings.sorted()
