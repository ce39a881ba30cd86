"""Demo governance records built from the seeds (see governance issue)."""


def load(partnerships):
    """Create or update the demo governance records; return nothing."""
