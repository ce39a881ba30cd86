"""Publication page types: annual reports, plans, review findings, frameworks."""
