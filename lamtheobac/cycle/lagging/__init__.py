"""Lagging units: who is behind a year's deadlines (``selectors``) and reminding them (``services``).

The reminders a user receives are reached through the app's door, ``cycle.access``
(``reminders_addressed_to``, ``access_reminder``)."""
