"""The cycle's reminders: the nudges sent from the lagging page (``Reminder``), what the daily run sent
(``ReminderLog``) and who asked for no e-mail (``ReminderEmailMute``). Part of ``cycle.models``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheobac.organisation.models import Org, Person

from ..choices import MailState, ReminderDuty, ReminderKind

# What a person may be reminded of about their own commitment (the rest goes to an org's leaders).
PERSON_DUTIES = (ReminderDuty.FILE, ReminderDuty.MIDYEAR, ReminderDuty.ASSESS)


class Reminder(models.Model):
    """A nudge sent from the lagging page, shown on the target's home page until marked seen.

    A person is reminded to file their commitment; an org's leaders are reminded to file its plan
    (``duty=file``) or to approve the plans or commitments waiting for them (``duty=approve``). At most one
    unread reminder per target, year, kind and duty: a second click adds nothing.
    """

    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    duty = models.CharField(max_length=10, choices=ReminderDuty.choices, default=ReminderDuty.FILE)
    year = models.PositiveSmallIntegerField(_("Năm"))
    target_org = models.ForeignKey(
        Org,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Tổ chức"),
    )
    target_person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Cá nhân"),
    )
    message = models.TextField(_("Lời nhắc"), max_length=1000)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender_org = models.ForeignKey(
        Org, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Nơi nhắc")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lời nhắc")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_org__isnull=False, target_person__isnull=True)
                    | Q(target_org__isnull=True, target_person__isnull=False)
                ),
                name="reminder_one_target",
            ),
            models.CheckConstraint(
                condition=Q(target_person__isnull=True) | Q(kind="commitment", duty__in=PERSON_DUTIES),
                name="reminder_person_owes_own_commitment",
            ),
            models.UniqueConstraint(
                fields=["target_person", "year", "kind", "duty"],
                condition=Q(seen_at__isnull=True, target_person__isnull=False),
                name="reminder_one_unread_per_person",
            ),
            models.UniqueConstraint(
                fields=["target_org", "year", "kind", "duty"],
                condition=Q(seen_at__isnull=True, target_org__isnull=False),
                name="reminder_one_unread_per_org",
            ),
        ]

    def __str__(self) -> str:
        target = self.target_person or self.target_org
        return f"{self.year} {self.get_kind_display()} → {target}"

    @property
    def is_seen(self) -> bool:
        return self.seen_at is not None


class ReminderLog(models.Model):
    """A reminder the daily run sent: to whom, about what, for which deadline, on which day, and whether by
    e-mail too. At most one per target, year, kind, duty and day (a unique constraint): the run, retried or
    run by two workers at once, never sends one twice. The in-app notice is ``reminder``."""

    day = models.DateField(_("Ngày nhắc"))
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    duty = models.CharField(max_length=10, choices=ReminderDuty.choices)
    year = models.PositiveSmallIntegerField(_("Năm"))
    deadline = models.DateField(_("Hạn"))
    target_org = models.ForeignKey(
        Org, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Tổ chức")
    )
    target_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Cá nhân")
    )
    count = models.PositiveIntegerField(default=0)  # records waiting, for a reminder to approve or rate
    message = models.TextField(max_length=1000)
    reminder = models.ForeignKey(Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    run = models.CharField(max_length=32)  # the run that wrote it (a run knows its own rows)
    mail_state = models.CharField(max_length=10, choices=MailState.choices, default=MailState.NONE)
    mailed_to = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lời nhắc tự động")
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_org__isnull=False, target_person__isnull=True)
                    | Q(target_org__isnull=True, target_person__isnull=False)
                ),
                name="reminderlog_one_target",
            ),
            models.UniqueConstraint(
                fields=["target_person", "year", "kind", "duty", "day"],
                condition=Q(target_person__isnull=False),
                name="reminderlog_once_a_day_per_person",
            ),
            models.UniqueConstraint(
                fields=["target_org", "year", "kind", "duty", "day"],
                condition=Q(target_org__isnull=False),
                name="reminderlog_once_a_day_per_org",
            ),
        ]
        indexes = [models.Index(fields=["day", "run"], name="reminderlog_day_run")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.get_duty_display()}"

    @property
    def overdue_days(self) -> int:
        return (self.day - self.deadline).days


class ReminderEmailMute(models.Model):
    """A user who wants the daily reminders in the application only, not by e-mail."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)
