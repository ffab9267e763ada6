#!/usr/bin/env python3
"""Prints a built site's print.html to PDF with headless Chromium and measures every page.

Usage: print_check.py SITE_DIR OUT_PDF

Prints one line per page: its number, how far down the text area its content reaches (0 to 1) and
its first line of text. Exit 0 after printing, 77 when chromium, pdfinfo, pdftoppm or pdftotext is
missing. The caller judges the figures.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def tool(*names):
    for name in names:
        if shutil.which(name):
            return shutil.which(name)
    print("skip: %s not on PATH" % names[0])
    sys.exit(77)


def main():
    site, pdf = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chromium = tool("chromium", "chromium-browser")
    tool("pdfinfo"), tool("pdftoppm"), tool("pdftotext")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                    "--print-to-pdf=" + pdf, "file://" + os.path.join(site, "print.html")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    print("pages %d" % pages)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "24", pdf, os.path.join(tmp, "p")], check=True)
        images = sorted(os.listdir(tmp))
        for number, name in enumerate(images, 1):
            width, height, pixels = read_pgm(os.path.join(tmp, name))
            # The text area: A4 with 18 mm at the top and 20 mm at the bottom (book.css's @page).
            top, bottom = round(height * 18 / 297), round(height * (297 - 20) / 297)
            last = top
            for row in range(top, bottom):
                line = pixels[row * width:(row + 1) * width]
                if min(line) < 200:
                    last = row + 1
            fill = (last - top) / (bottom - top)
            text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", pdf, "-"],
                                  capture_output=True, text=True).stdout
            first = next((l.strip() for l in text.splitlines() if l.strip()), "")
            print("page %d fill %.2f first %s" % (number, fill, first[:60]))


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, at = [], 0
    while len(fields) < 4:  # P5, width, height, maximum, separated by white space
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    return int(fields[1]), int(fields[2]), data[at + 1:]


if __name__ == "__main__":
    main()
