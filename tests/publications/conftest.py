import pytest

from tests.factories.publications import (
    BodyFactory,
    LearningFromReviewsPageFactory,
    PublicationIndexPageFactory,
    TopicFactory,
)


@pytest.fixture(autouse=True)
def _media(media_root):
    """Uploaded files go to the test's own folder."""


@pytest.fixture
def index(home):
    return PublicationIndexPageFactory(parent=home)


@pytest.fixture
def learning(index):
    return LearningFromReviewsPageFactory(parent=index)


@pytest.fixture
def board(partnership):
    return BodyFactory(
        partnership=partnership,
        name="Testshire Safeguarding Children Board",
        slug="tscb",
        short_name="TSCB",
        kind="board",
    )


@pytest.fixture
def hwb(partnership):
    return BodyFactory(
        partnership=partnership,
        name="Testshire Health and Wellbeing Board",
        slug="hwb",
        short_name="HWB",
        kind="hwb",
    )


@pytest.fixture
def neglect(db):
    return TopicFactory(name="Neglect", slug="neglect")


@pytest.fixture
def early_help(db):
    return TopicFactory(name="Early help", slug="early-help")
