import pytest

from site_core.factories import make_site


@pytest.fixture
def site(db):
    """The default Site: a HomePage with its partnership and contact numbers."""
    return make_site()


@pytest.fixture
def home(site):
    return site.root_page.specific
