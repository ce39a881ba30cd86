"""The sign-in app's one record: the enrolment code for a second factor."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TwoFactorEnrolmentCode(models.Model):
    """A one-off code an administrator gives someone to set up two-factor sign-in.

    Without it, a stolen password would be enough to enrol the thief's own
    authenticator. Only a SHA-256 hash is kept: the code is random (80 bits),
    so a slow password hash would add nothing. Used once, expires after
    ``ENROLMENT_CODE_LIFETIME`` (accounts.two_factor), and is cancelled after
    too many wrong guesses.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # The table it had in the kernel, kept so existing codes stay valid
        # (migrations/0001_initial.py moves the model, not the rows).
        db_table = "site_core_twofactorenrolmentcode"
        verbose_name = "two-factor enrolment code"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Enrolment code for {self.user} (expires {self.expires_at:%Y-%m-%d %H:%M})"
