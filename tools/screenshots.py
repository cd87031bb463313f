"""Screenshots of the web UI for the README, taken in Debian's headless Chromium from the example store.

    .venv/bin/armswatch ingest examples/articles.jsonl --db demo.db
    .venv/bin/python tools/screenshots.py --db demo.db --out docs
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="demo.db")
    ap.add_argument("--out", default="docs")
    ap.add_argument("--deal", default="PAK-AZE-JF17-2024")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from armswatch.serve.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/deals/{args.deal}")
        page.locator(".claim-cell[data-field=value]").first.click()
        page.locator("#evidence-panel mark.evidence").first.wait_for()
        page.screenshot(path=str(out / "deal-page.png"))
        page.goto(f"http://127.0.0.1:{port}/deals")
        page.screenshot(path=str(out / "deal-list.png"))
        browser.close()
    server.should_exit = True
    print(f"wrote {out / 'deal-page.png'} and {out / 'deal-list.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
