"""The plain contact record every reader produces and every writer consumes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One person as an address book holds them, before it becomes a stakeholder.

    Empty strings mean "not given". ``line`` is the 1-based line of the file where the record
    starts (the ``BEGIN:VCARD`` line, or the first line of the CSV row), so problems can be
    reported where the user can find them.
    """

    name: str
    organisation: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    timezone: str = ""
    notes: str = ""
    categories: tuple[str, ...] = ()
    line: int = 0

    def filled_from(self, other: ContactRecord) -> ContactRecord:
        """This record with its blank fields taken from ``other`` and categories combined.

        Used to merge two rows of one file that describe the same person: the earlier row
        wins where both have a value.
        """
        return replace(
            self,
            name=self.name or other.name,
            organisation=self.organisation or other.organisation,
            title=self.title or other.title,
            email=self.email or other.email,
            phone=self.phone or other.phone,
            timezone=self.timezone or other.timezone,
            notes=self.notes or other.notes,
            categories=tuple(dict.fromkeys(self.categories + other.categories)),
        )


@dataclass(frozen=True, slots=True)
class RowError:
    """A row or card that could not be read at all, with where it starts."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class ContactFile:
    """What a reader found in a file: the records, and the rows it had to reject."""

    records: list[ContactRecord]
    errors: list[RowError] = field(default_factory=list)
