#!/usr/bin/env python3
"""Accessibility check of a built site with axe-core 4 in headless Chromium.

Usage: axe_check.py SITE_DIR [PAGE ...]

Every page (all *.html of SITE_DIR unless pages are named) is loaded from file:// at 1280 px and
at 390 px wide, once in the light theme and once in the dark one, and axe-core runs on it. One
line per page, width and theme gives the count of serious and critical nodes; each failing node
is listed under it. The exit status is 0 when there are none, 1 when there are, and 77 when
Chromium, chromedriver, selenium or axe-selenium-python is missing (the caller then skips).
"""
import json
import os
import shutil
import sys
import time

SKIP = 77
# Desktop and phone; AXE_WIDTHS=1280 checks the desktop width only.
WIDTHS = [(w, 900 if w > 600 else 844) for w in
          (int(x) for x in os.environ.get("AXE_WIDTHS", "1280,390").split(","))]


def driver():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        import axe_selenium_python  # noqa: F401
    except ImportError as error:
        print("skip: %s" % error)
        sys.exit(SKIP)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        print("skip: chromium or chromedriver not on PATH")
        sys.exit(SKIP)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    browser.set_script_timeout(600)
    return browser


def run_axe(browser):
    """The violations axe finds on the page. axe takes minutes on a long chapter on a loaded machine,
    longer than selenium waits for one command (120 s), so it is started after this command returns
    and then polled; a poll that waits for a busy page past that time is simply made again."""
    import urllib3

    browser.execute_script("""
        window.bookAxe = null;
        setTimeout(function () { axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
          window.bookAxe = r.violations.map(function (v) {
            return { id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) {
              return { target: n.target, failureSummary: n.failureSummary }; }) };
          });
        }, function (e) { window.bookAxe = { error: String(e) }; }); }, 0);""")
    deadline = time.time() + 1800
    while time.time() < deadline:
        try:
            found = browser.execute_script("return window.bookAxe")
        except urllib3.exceptions.ReadTimeoutError:
            continue
        if found is not None:
            if isinstance(found, dict):
                raise RuntimeError("axe failed: %s" % found["error"])
            return found
        time.sleep(1)
    raise TimeoutError("axe did not finish in 30 minutes")


def main():
    from axe_selenium_python import Axe

    site = os.path.abspath(sys.argv[1])
    pages = sys.argv[2:] or sorted(f for f in os.listdir(site) if f.endswith(".html"))
    browser = driver()
    failures = 0
    try:
        for page in pages:
            for width, height in WIDTHS:
                browser.set_window_size(width, height)
                browser.get("file://" + os.path.join(site, page))
                for theme in ("light", "dark"):
                    browser.execute_script(
                        "document.documentElement.setAttribute('data-theme', arguments[0]);", theme)
                    Axe(browser).inject()
                    bad = [v for v in run_axe(browser) if v["impact"] in ("serious", "critical")]
                    count = sum(len(v["nodes"]) for v in bad)
                    failures += count
                    print("%s %d %s: %d serious or critical" % (page, width, theme, count))
                    for v in bad:
                        for node in v["nodes"][:5]:
                            print("  %s %s %s" % (v["id"], json.dumps(node["target"]),
                                                   node.get("failureSummary", "").replace("\n", " ")[:300]))
                        if len(v["nodes"]) > 5:
                            print("  %s: %d more" % (v["id"], len(v["nodes"]) - 5))
    finally:
        browser.quit()
    print("total %d" % failures)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
