"""Screenshot of a pre-annotated task in Label Studio for docs/annotation.md (not run in CI).

Starts a throw-away Label Studio (tests/label_studio_server.py), pushes a filing with the rule
extractor's predictions, logs in with headless Chromium and saves the labeling view.

Needs .venv-ls (scripts/setup_label_studio.sh), Debian's chromium (apt-get install chromium) and
the playwright package beside the project's packages, e.g. in a venv of its own:
    python3.11 -m venv /tmp/shot && /tmp/shot/bin/pip install playwright==1.65.2
    PYTHONPATH=.venv/lib/python3.11/site-packages /tmp/shot/bin/python scripts/screenshot_annotation.py
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--filing", default=str(ROOT / "annotations" / "filings" / "001_af77a365bec559de.txt"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "annotation-task.png"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from extraction.annotating.client import connect
    from extraction.annotating.push import labeling_config, plan, push
    from tests import label_studio_server as lss

    srv = lss.start(Path(tempfile.mkdtemp(prefix="ls-shot-")) / "data")
    try:
        os.environ["LABEL_STUDIO_URL"], os.environ["LABEL_STUDIO_API_KEY"] = srv.url, srv.token
        conn = connect()
        rep = push(conn, "Budget indicators", plan([Path(a.filing)], "rules"), labeling_config())
        ids = [t["id"] for t in conn.raw("GET", "api/tasks/", params={"project": rep.project_id, "page_size": 100})["tasks"]]
        # a table task of moderate size: the first in the order with 8-30 predicted regions
        pick = next(tid for tid, t in zip(ids, rep.imported)
                    if t["data"]["kind"] == "table" and 8 <= t["data"]["regions"] <= 30)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=a.chromium, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1500, "height": 950}, device_scale_factor=1)
            page.goto(f"{srv.url}/user/login/")
            page.fill("input[name=email]", srv.username)
            page.fill("input[name=password]", srv.password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{srv.url}/projects/{rep.project_id}/data?task={pick}")
            page.wait_for_selector(".lsf-htx-richtext, [class*=richtext]", timeout=60000)
            page.wait_for_timeout(4000)
            try:  # select the first VAL region so its attributes (column, op, value, ...) show
                page.get_by_text("VAL", exact=True).nth(1).click(timeout=5000)
                page.wait_for_timeout(1500)
            except Exception as err:  # the picture is still useful without the selection
                print(f"could not select a region: {err}", file=sys.stderr)
            page.screenshot(path=a.out)
            browser.close()
        print(f"{a.out}: task {pick} of project {rep.project_id}")
    finally:
        lss.stop(srv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
