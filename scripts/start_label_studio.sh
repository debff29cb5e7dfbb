#!/usr/bin/env bash
# Start Label Studio on 127.0.0.1 for annotating (installs it into .venv-ls first if needed).
#   LABEL_STUDIO_PORT  port (default 8080)
#   LABEL_STUDIO_DATA  data folder (default ~/.local/share/budget-indicators/label-studio); keep it out of the repo
# On the first start, LABEL_STUDIO_USERNAME / LABEL_STUDIO_PASSWORD / LABEL_STUDIO_USER_TOKEN (with
# LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true) create the account and its API token; otherwise sign up
# in the browser and copy a token from Account & Settings.
#   --port N / --data-dir DIR on the command line do the same as the two settings above.
set -euo pipefail
while [ $# -gt 0 ]; do
  case "$1" in
    --port) LABEL_STUDIO_PORT=$2; shift 2 ;;
    --data-dir) LABEL_STUDIO_DATA=$2; shift 2 ;;
    *) echo "start_label_studio.sh: unknown argument $1 (settings: --port N, --data-dir DIR, or LABEL_STUDIO_PORT / LABEL_STUDIO_DATA)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
bash scripts/setup_label_studio.sh
export LATEST_VERSION_CHECK=${LATEST_VERSION_CHECK:-false} COLLECT_ANALYTICS=${COLLECT_ANALYTICS:-false}
exec .venv-ls/bin/label-studio start --internal-host 127.0.0.1 --port "${LABEL_STUDIO_PORT:-8080}" \
  --data-dir "${LABEL_STUDIO_DATA:-$HOME/.local/share/budget-indicators/label-studio}" --no-browser
