"""From each default page, a reader picks every indicator the picker offers, at every level it is offered: the
province's districts and all its communes, a district's communes and the country. No pick leads to an error page
(a scheme or level that does not apply falls back, with a notice)."""

from __future__ import annotations

import pytest

from .test_browser_map import assert_clean, browser_page, server  # noqa: F401 (fixtures)
from .test_web_pages import QUANG_NAM

pytestmark = pytest.mark.browser
TAM_KY = "502"


def pick(page, name: str, value: str) -> None:
    """Choose an option of a picker as a reader does: the form submits on change."""
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.select_option(f"select[name={name}]", value)


@pytest.mark.parametrize("start, level", [(QUANG_NAM, None), (QUANG_NAM, "commune"), (TAM_KY, None), ("VN", None)])
def test_every_indicator_of_the_picker_opens_a_map(server, browser_page, start, level):  # noqa: F811
    page, seen = browser_page
    page.goto(f"{server}/map/{start}", wait_until="domcontentloaded")
    if level:
        pick(page, "level", level)
    offered = page.eval_on_selector_all("select[name=indicator] option", "options => options.map(o => o.value)")
    assert len(offered) > 5
    failures = []
    for indicator in offered:
        pick(page, "indicator", indicator)
        if page.locator(".error-page").count() or page.locator("select[name=indicator]").count() == 0:
            failures.append((indicator, page.url, page.locator("main").inner_text()[:200]))
    assert failures == []
    periods = page.eval_on_selector_all("select[name=period] option", "options => options.map(o => o.value)")
    for period in periods[:3] + periods[-2:]:
        pick(page, "period", period)
        assert page.locator(".error-page").count() == 0, page.url
    assert_clean(seen, server)
