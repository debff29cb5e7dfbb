#!/usr/bin/env bash
# Create .venv-ls with the Label Studio server (idempotent). It lives apart from .venv because its
# pins (Django, numpy, ...) clash with the project's; the project talks to it over HTTP only.
set -euo pipefail
cd "$(dirname "$0")/.."
LS_VERSION=1.23.2
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
CONSTRAINTS=scripts/label-studio-constraints.txt
# the install is redone when the version or the constraints change (a stamp of both in the venv)
stamp="$LS_VERSION $(sha256sum "$CONSTRAINTS" | cut -c1-16)"
installed=$(.venv-ls/bin/python -c 'import importlib.metadata as m; print(m.version("label-studio"))' 2>/dev/null || true)
if [ -x .venv-ls/bin/label-studio ] && [ "$installed" = "$LS_VERSION" ] && [ "$(cat .venv-ls/.stamp 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
if [ ! -x .venv-ls/bin/python ]; then
  "$PY" -m venv .venv-ls
fi
.venv-ls/bin/python -m pip install -q --upgrade pip
.venv-ls/bin/python -m pip install -q "label-studio==$LS_VERSION" -c "$CONSTRAINTS"
echo "$stamp" > .venv-ls/.stamp
