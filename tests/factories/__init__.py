"""factory_boy factories for the tests, one module per app. The site never imports them."""
