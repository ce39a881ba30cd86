"""Sign-in: who may come in, and how they prove it.

Everything between a password and the admin or a members-only page: the
second factor (django-otp authenticators, backup codes, and the one-off
enrolment code an administrator issues so a stolen password cannot enrol a
thief's phone), the gate that asks for it before anything members-only is
served (``second_factor``), invitations by email from a partnership's
Administrators, and the limits on abuse (sign-in lockouts with django-axes,
password-reset and public-form rate limits). It builds on the kernel's
partnerships and roles and plugs into the site through Wagtail hooks and
settings (MIDDLEWARE, AXES_*, REST_FRAMEWORK); the kernel never imports it.
"""
