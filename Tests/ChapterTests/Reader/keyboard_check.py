#!/usr/bin/env python3
"""Keyboard behaviour of a built site in headless Chromium.

Usage: keyboard_check.py SITE_DIR FIRST_PAGE SECOND_PAGE

Checks, printing one line per check: → on the first chapter opens the second and ← comes back;
/ and s put the focus in the search box, and typing there does not change page; the skip link's
target exists and takes the focus; a heading anchor is visible when focused; the phone menu's
aria-expanded follows the menu. Exit 0 when all hold, 1 otherwise, 77 when a tool is missing.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from axe_check import driver  # noqa: E402


def main():
    site, first, second = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser = driver()
    failed = []

    def check(ok, what):
        print("%s %s" % ("ok  " if ok else "FAIL", what))
        if not ok:
            failed.append(what)

    def body_keys(keys):
        browser.find_element(By.TAG_NAME, "body").send_keys(keys)

    def page():
        return os.path.basename(browser.current_url.split("#")[0])

    def focused(attribute):
        return browser.execute_script("return document.activeElement.getAttribute(arguments[0])", attribute)

    try:
        browser.set_window_size(1280, 900)
        browser.get("file://" + os.path.join(site, first))
        body_keys(Keys.ARROW_RIGHT)
        check(page() == second, "→ opens the next chapter (%s)" % page())
        body_keys(Keys.ARROW_LEFT)
        check(page() == first, "← opens the previous chapter (%s)" % page())
        for key in ("/", "s"):
            browser.get("file://" + os.path.join(site, first))
            body_keys(key)
            check(focused("class") == "search", "%s focuses the search box" % key)
        browser.switch_to.active_element.send_keys("s" + Keys.ARROW_RIGHT)
        check(page() == first and browser.switch_to.active_element.get_attribute("value") == "s",
              "keys typed in the search box stay there")

        browser.get("file://" + os.path.join(site, first))
        skip = browser.find_element(By.CSS_SELECTOR, "a.skip-link")
        target = skip.get_attribute("href").split("#")[1]
        check(browser.execute_script("return !!document.getElementById(arguments[0])", target),
              "the skip link's target #%s exists" % target)
        body_keys(Keys.TAB)
        check(focused("class") == "skip-link", "Tab reaches the skip link first")
        browser.switch_to.active_element.send_keys(Keys.ENTER)
        check(focused("id") == target, "the skip link moves the focus to #%s" % target)
        browser.execute_script("document.querySelector('h2 .anchor').focus()")
        check(browser.execute_script("return getComputedStyle(document.activeElement).opacity") == "1",
              "a focused heading anchor is visible")

        browser.set_window_size(390, 844)
        browser.get("file://" + os.path.join(site, first))
        menu = browser.find_element(By.CSS_SELECTOR, ".menu-toggle")
        check(menu.get_attribute("aria-expanded") == "false", "the phone menu starts closed")
        menu.click()
        check(menu.get_attribute("aria-expanded") == "true", "aria-expanded is true once the menu opens")
        menu.click()
        check(menu.get_attribute("aria-expanded") == "false", "and false once it closes")
    finally:
        browser.quit()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
