#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine with Python 3.11:
# system tools (poppler for PDF rendering, Tesseract + Vietnamese for OCR, LibreOffice for
# .doc and for rendering the seed DOCX to PDF) and the Python package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v tesseract >/dev/null || need+=(tesseract-ocr tesseract-ocr-vie)
[ -e /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || [ -e /usr/share/tesseract-ocr/4.00/tessdata/vie.traineddata ] || need+=(tesseract-ocr-vie)
command -v soffice >/dev/null || need+=(libreoffice-writer)
# Times New Roman's metrics for the seed renditions rendered by LibreOffice
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
# Headless Chromium for tests/test_review_browser.py (driven by playwright with executable_path; no browser download).
if ! command -v chromium >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
