"""Contacts: read and write address-book files (vCard, Google/Outlook/generic CSV).

Records from a file become stakeholders through :mod:`cadence.contacts.importer` (preview
first, then one transaction); :mod:`cadence.contacts.exporter` writes them back out.
"""
