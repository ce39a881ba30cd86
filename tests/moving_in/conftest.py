import pytest

from tests.factories.publications import PublicationIndexPageFactory


@pytest.fixture(autouse=True)
def _media(media_root):
    """Imported files go to the test's own folder."""


@pytest.fixture
def index(home):
    return PublicationIndexPageFactory(parent=home)


@pytest.fixture
def other_partnership(other_partnership):
    """The second partnership, with its own publications index."""
    PublicationIndexPageFactory(parent=other_partnership.site.root_page)
    return other_partnership
