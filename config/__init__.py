"""The project: settings, URLs and the WSGI entry point. It composes the apps
(site_core, the kernel; governance; publications; demo in development) and
holds no models of its own."""
