"""Reads of the monthly cell meeting (``selectors``); the model is in ``cycle.models.meetings``, the writes in
``cycle.services.meetings``."""
