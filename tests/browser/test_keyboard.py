"""Everything works from the keyboard, and the focus can always be seen."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 80

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);

  // What shows around the outline: the topmost other thing just beside the element.
  const box = element.getBoundingClientRect();
  const x = box.left >= 2 ? box.left - 1 : box.right + 1;
  const y = box.top + box.height / 2;
  const beside = document.elementsFromPoint(x, y)
    .find(node => node !== element && !element.contains(node));
  let background = "rgb(255, 255, 255)";
  for (let node = beside; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") {
      background = colour;
      break;
    }
  }
  return {
    element: element.outerHTML.slice(0, 120),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    background: background,
  };
}"""


def luminance(colour):
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])

    def linear(channel):
        if channel <= 0.03928:
            return channel / 12.92
        return ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first, second):
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tab_to(page, target):
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} is not reachable with the Tab key")


def test_the_skip_link_comes_first_and_moves_the_focus_to_the_content(page, world):
    page.goto("/clusters/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search", exact=True)).to_be_focused()


def test_the_filter_form_is_chosen_and_sent_with_the_keyboard_alone(page, world):
    page.goto("/clusters/")

    tab_to(page, page.get_by_label("Country", exact=True))
    page.keyboard.type("Germany")
    tab_to(page, page.get_by_label("Technology field", exact=True))
    page.keyboard.type("Biotechnology")
    tab_to(page, page.get_by_role("button", name="Apply"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"country=DE.*field=biotechnology"))
    expect(page.locator(".results .card-title")).to_have_text(["Munich Biotech"])


def test_every_tab_stop_shows_a_focus_outline_that_stands_out(page, world):
    page.goto("/clusters/")

    faint = []
    stops = 0
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus is None:
            break
        stops += 1
        ratio = contrast(focus["colour"], focus["background"])
        if focus["style"] == "none" or focus["width"] < 2 or ratio < 3:
            faint.append(
                f"{focus['element']}: {focus['colour']} on "
                f"{focus['background']} ({ratio:.2f}:1)"
            )

    assert stops > 20
    assert faint == []
