"""Assertions shared by the browser tests."""


def assert_no_axe_violations(axe, page):
    results = axe.run(page)
    violations = results.response["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )
    assert not violations, f"axe-core found violations on {page.url}:\n{summary}"


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
