"""Reads an iCalendar file with Python's icalendar package (an independent
parser) and prints what it found as JSON, for tests/it/calendar.rs."""
import json
import sys

try:
    import icalendar
except ImportError:
    print("Python's icalendar package is missing: pip install icalendar", file=sys.stderr)
    sys.exit(3)

with open(sys.argv[1], "rb") as f:
    calendar = icalendar.Calendar.from_ical(f.read())


def when(event, name):
    value = event.get(name)
    return None if value is None else value.dt.isoformat()


def text(event, name):
    value = event.get(name)
    return None if value is None else str(value)


print(json.dumps({
    "prodid": text(calendar, "PRODID"),
    "version": text(calendar, "VERSION"),
    "calscale": text(calendar, "CALSCALE"),
    "errors": [str(e) for c in calendar.walk() for e in c.errors],
    "events": [
        {
            "uid": text(e, "UID"),
            "stamp": when(e, "DTSTAMP"),
            "sequence": None if e.get("SEQUENCE") is None else int(e.get("SEQUENCE")),
            "start": when(e, "DTSTART"),
            "end": when(e, "DTEND"),
            "summary": text(e, "SUMMARY"),
            "location": text(e, "LOCATION"),
            "description": text(e, "DESCRIPTION"),
        }
        for e in calendar.walk("VEVENT")
    ],
}, ensure_ascii=False))
