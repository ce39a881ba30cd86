"""Operations adds nothing to the admin: backups, restores and the outage
pages are the operator's, run from the command line and the release step
(docs/operations.md). Anything of theirs the admin should show is registered
here, as every app registers its own."""
