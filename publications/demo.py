"""Demo publications built from the seeds (see publications issue)."""


def load(partnerships):
    """Create or update the demo publications; return nothing."""
