"""Calendars: touchpoints out as ICS (one-off or subscribed), busy times in from ICS."""
