"""Reminders that survive sleep and restarts.

``rules`` derives the reminders the data calls for (pure), ``facts`` loads that data,
``firing`` fires each at most once (a ``Notification`` row is the proof), ``sync`` makes the
APScheduler job store match, ``service`` runs it all on a scheduler, ``inbox`` is what the
manager does with fired reminders, and ``clock`` tells sleep and clock jumps from normal time.
"""
