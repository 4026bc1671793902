"""Real-world calendars (../shared/ics-corpus): each imports or fails with a clear message.

The corpus is read where it lies and never copied (several files are under copyleft licences).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from cadence.calendars.ics_import import ImportReport, import_calendar
from cadence.errors import CadenceError
from cadence.storage.database import Database, open_database
from tests.core.calendars.builders import CORPUS, NOW

CORPUS_FILES = sorted(CORPUS.rglob("*.ics")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(
    not CORPUS_FILES, reason=f"ICS corpus not found at {CORPUS} (../shared is absent)"
)

# Files without a single readable event: no DTSTART anywhere, or no VEVENT at all.
UNREADABLE = {
    "allenporter_ical/missing_colon.ics",
    "collective_icalendar/broken_ical.ics",
    "collective_icalendar/event_with_escaped_characters.ics",
}
# Readable, but nothing in them makes anyone busy: transparent (holidays, Exchange all-day
# "free" events), zero-length (no DTEND), excluded by EXDATE, or empty.
NEVER_BUSY = {
    "allenporter_ical/google_calendar_public_holidays.ics",
    "collective_icalendar/bom_calendar.ics",
    "ical4j_ical4j/boeing.ics",
    "ical4j_ical4j/maritz.ics",
    "jens-maus_node-ical/exchange_whole_day_moved_recurrence.ics",
    "jens-maus_node-ical/test_with_tz_list.ics",
    "niccokunzmann_python-recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics",
    "niccokunzmann_python-recurring-ical-events/issue_62_moved_event.ics",
    "py-vobject_vobject/ms_tzid.ics",
    "py-vobject_vobject/tzid_8bit.ics",
}


@pytest.fixture(scope="module")
def corpus_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Import every corpus file into one workspace; each file's result or error, by name."""
    path = tmp_path_factory.mktemp("corpus") / "w.sqlite3"
    database: Database = open_database(f"sqlite:///{path}", backup=False)
    results: dict[str, object] = {}
    for file in CORPUS_FILES:
        name = file.relative_to(CORPUS).as_posix()
        try:
            with database.transaction() as session:
                results[name] = import_calendar(
                    session, file, start=date(2000, 1, 1), end=date(2030, 12, 31),
                    manager_zone="Europe/Berlin", now=NOW,
                )
        except CadenceError as err:
            results[name] = err
    yield results
    database.close()


@needs_corpus
def test_corpus_is_complete() -> None:
    assert len(CORPUS_FILES) == 62


@needs_corpus
def test_every_file_imports_or_fails_with_a_one_line_message(
    corpus_results: dict[str, object],
) -> None:
    # Anything other than a CadenceError would have escaped the fixture as a traceback.
    failures = {name: str(r) for name, r in corpus_results.items() if isinstance(r, Exception)}
    assert set(failures) == UNREADABLE
    for name, message in failures.items():
        assert message.startswith(str(CORPUS / name)), message
        assert "\n" not in message
        assert "nothing imported" in message


@needs_corpus
def test_salvage_reads_events_from_all_but_the_unreadable_files(
    corpus_results: dict[str, object],
) -> None:
    reports = {n: r for n, r in corpus_results.items() if isinstance(r, ImportReport)}
    with_occurrences = [n for n, r in reports.items()
                        if r.blocks + r.free + r.cancelled + r.zero_length > 0]
    busy = {n for n, r in reports.items() if r.blocks > 0}
    # 56 of 62 files give occurrences (busy or free); 49 give busy blocks. The other
    # seven are only free time, which the issue says must not count as busy.
    assert len(with_occurrences) == 56
    assert len(busy) == 49
    assert busy == set(reports) - NEVER_BUSY


@needs_corpus
@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("Kozea_Radicale/broken-vevent.ics", "VEVENT has no END:VEVENT"),
        ("collective_icalendar/issue_104_broken_calendar.ics", "not a content line: 'X'"),
        ("collective_icalendar/parsing_error.ics", "bad EXDATE"),
        ("jens-maus_node-ical/bad_custom_ms_tz.ics", "bad DURATION"),
        ("pimutils_khal/invalid_tzoffset.ics", "Offset must be less than 24 hours"),
        ("niccokunzmann_python-recurring-ical-events/bad_rrule_missing_until_event.ics",
         "only its first date imported"),
    ],
)
def test_salvaged_files_say_what_they_left_out(
    corpus_results: dict[str, object], name: str, where: str
) -> None:
    report = corpus_results[name]
    assert isinstance(report, ImportReport)
    assert report.blocks > 0
    said = [f"{w}: {r}" for w, r in [*report.skipped, *report.notes]]
    assert any(where in line for line in said), said


@needs_corpus
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("allenporter_ical/missing_colon.ics",
         "line 2: not a content line: 'DESCRIPTION;This is a description'; "
         "VEVENT without UID (line 1): no DTSTART; nothing imported"),
        ("collective_icalendar/event_with_escaped_characters.ics",
         "VEVENT without UID (line 1): no DTSTART; nothing imported"),
        ("collective_icalendar/broken_ical.ics",  # DTSTART;;VALUE=... on line 4, not UID's line 5
         "VEVENT abc (line 4): DTSTART is malformed: 'DTSTART;;VALUE=DATE-TIME:20140409T093000'"),
        ("collective_icalendar/issue_722_missing_timezones.ics",
         "VEVENT without UID (line 9): no DTSTART"),
        ("jens-maus_node-ical/test_with_multiple_tzids_in_vtimezone.ics",
         "line 12 (VTIMEZONE): TZID is given 2 times (lines 13, 20); only one is allowed"),
    ],
)
def test_messages_name_the_line_and_what_is_wrong(
    corpus_results: dict[str, object], name: str, said: str
) -> None:
    result = corpus_results[name]
    if isinstance(result, ImportReport):
        lines = [f"{where}: {reason}" for where, reason in result.skipped]
    else:
        lines = [str(result)]
    assert any(said in line for line in lines), lines


# What Python, not a person, would say; and the old unnumbered name of a component.
_NOT_PLAIN = re.compile(r"object has no attribute|values to unpack|NoneType|'list'|#\d+ \(no UID\)")


@needs_corpus
def test_every_skipped_entry_names_a_line_in_plain_words(
    corpus_results: dict[str, object],
) -> None:
    skipped = [e for r in corpus_results.values() if isinstance(r, ImportReport) for e in r.skipped]
    assert skipped
    for where, reason in skipped:
        assert re.search(r"\bline \d+", where), where
        assert not _NOT_PLAIN.search(f"{where}: {reason}"), reason
    for error in (str(r) for r in corpus_results.values() if isinstance(r, Exception)):
        assert re.search(r"\bline \d+", error), error
        assert not _NOT_PLAIN.search(error), error
