"""A young person answers a consultation on a 320 px phone, by keyboard
only: the exit button is on every step, a mistake is explained with what was
typed kept, and axe-core finds nothing wrong on any step."""

from consultations.models import ConsultationResponse
from tests.factories.consultations import ConsultationPageFactory
from tests.factories.site_core import make_site

from .helpers import BROWSER_DB, assert_no_axe_violations, assert_no_horizontal_scroll

PHONE = {"width": 320, "height": 568}


def tab_to(page, selector, limit=150):
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took the focus by Tab")


def check_step(page, axe):
    exit_button = page.locator(".quick-exit__button")
    assert exit_button.is_visible()
    box = exit_button.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(axe, page)


@BROWSER_DB
def test_a_young_person_answers_by_keyboard_on_a_phone(live_server, page, axe, settings):
    # The time check is tested without a browser (tests/consultations): a
    # quick keyboard run must not be taken for a script here.
    settings.CONSULTATION_MIN_SECONDS = 0
    site = make_site()
    consultation = ConsultationPageFactory(parent=site.root_page.specific, title="Feeling safe")
    page.set_viewport_size(PHONE)

    # Step 1: the consultation's page.
    page.goto(live_server.url + consultation.url)
    check_step(page, axe)
    tab_to(page, "a[href$='/young-people/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/young-people/")

    # Step 2: the questions. Send without the scale: told why, words kept.
    check_step(page, axe)
    tab_to(page, "input[name='q_choice-1']")
    page.keyboard.press("Space")  # the first answer: "A teacher"
    tab_to(page, "textarea")
    page.keyboard.type("Someone to talk to at lunch")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert "There is a problem" in page.locator(".error-summary").inner_text()
    assert page.locator("#id_q_scale-1-error").inner_text() == "Choose an answer."
    assert page.locator("textarea").input_value() == "Someone to talk to at lunch"
    assert page.locator("input[name='q_choice-1'][value='A teacher']").is_checked()
    check_step(page, axe)

    tab_to(page, "input[name='q_scale-1']")
    page.keyboard.press("ArrowDown")  # from 1 to 2 and chosen, as radios do
    page.keyboard.press("ArrowDown")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/young-people/thanks/")

    # Step 3: thanks.
    assert page.locator("h1").inner_text() == "Thank you"
    check_step(page, axe)

    kept = ConsultationResponse.objects.get()
    values = dict(kept.answers.values_list("question_id", "value"))
    assert values["choice-1"] == "A teacher"
    assert values["scale-1"] == "3"
    assert values["text-1"] == "Someone to talk to at lunch"
