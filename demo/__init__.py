"""Demo content for development, tests and CI: never installed in production.

`load_demo_data` builds three partnerships' sites from the seeds (sites.py,
images.py, governance.py, publications.py with plan.py, PDFs from pdf.py);
`ensure_demo_admin` creates the demo accounts. Records the loader invented are
marked in `Illustrative` (illustrative.py), listed in the admin and labelled
beside their names on the demo site. Only the development and test settings
add "demo" to INSTALLED_APPS; no other app imports it.
"""
