#!/usr/bin/env bash
# Create .venv and install the project with its pinned dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Label Studio server for the annotation loop and its tests, in its own venv (.venv-ls).
bash scripts/setup_label_studio.sh
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# the OCR engine without its declared OpenCV build (why: scripts/ocr-requirements.txt)
.venv/bin/python -m pip install -q --no-deps -r scripts/ocr-requirements.txt

# A font that draws Chinese, for the notebooks' plots (extraction/exploring/plotting.py picks it)
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; }; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fontconfig fonts-wqy-microhei >/dev/null
  else
    echo "setup: no CJK font and no apt-get: install a Chinese font (Noto Sans CJK, WenQuanYi) for the notebooks' plots" >&2
  fi
fi

# The readers' tool (docs/inputs.md): antiword for old Word .doc. Without it those files get a
# clear error, the rest is read. (OCR is a Python package, above.)
if command -v apt-get >/dev/null 2>&1; then
  missing=""
  command -v antiword >/dev/null 2>&1 || missing="$missing antiword"
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "setup: no apt-get: install antiword (.doc) by hand" >&2
fi
