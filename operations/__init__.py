"""Operations: keeping the site running, and getting it back.

What the people who run the site need and readers never see: backups and
restores of the database and media (``backups``, ``manage.py backup_site`` and
``restore_site``), the page a reader gets when the database is down, with the
partnership's safeguarding numbers read without it (``outage``,
``write_outage_pages``), the PostgreSQL backend that gives up quickly on an
unreachable server (``database.postgresql``), every email sent through the task
queue (``mail``), and the refusal to serve production with the demo's
published passwords (``checks``). It builds on the kernel's partnerships and
contacts and is wired in by settings (MAILERS, DATABASES, handler500);
the kernel never imports it.
"""
