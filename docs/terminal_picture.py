"""Make a README picture of a command's real terminal output: ``python docs/terminal_picture.py OUT.png --
lkdata check 2026-H1``. Runs the command, writes its output into a terminal-like HTML page (the status tags
of ``lkdata check`` coloured as a terminal would), and has headless Chromium take the screenshot."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

COLOURS = {"[đạt]": "#4ec94e", "[cảnh báo]": "#e5c07b", "[chưa đạt]": "#ef5f5f", "[không đánh giá]": "#9aa0a6"}


def page(command: str, text: str) -> str:
    body = html.escape(text)
    for tag, colour in COLOURS.items():
        body = body.replace(html.escape(tag), f'<b style="color:{colour}">{html.escape(tag)}</b>')
    body = re.sub(r"(Kết luận: [^\n]*)", r"<b>\1</b>", body)
    return f"""<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #1e1e1e; }}
pre {{ margin: 0; padding: 14px 18px; color: #e6e6e6; font: 13px/1.45 "Liberation Mono", "Cousine", monospace; }}
.prompt {{ color: #8ab4f8; }}
</style><pre><span class="prompt">$ {html.escape(command)}</span>
{body}</pre>"""


def main() -> int:
    out, argv = Path(sys.argv[1]), sys.argv[sys.argv.index("--") + 1 :]
    run = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8")
    text = run.stdout.rstrip() + (("\n" + run.stderr.rstrip()) if run.stderr.strip() else "")
    text += f"\n$ echo $?\n{run.returncode}"
    lines = text.count("\n") + 2
    width = max(len(line) for line in text.splitlines()) * 8 + 50
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "terminal.html"
        page_file.write_text(page(" ".join(["lkdata", *argv[argv.index("lkdata.cli") + 1 :]])
                                  if "lkdata.cli" in argv else " ".join(argv), text), encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={out.resolve()}", f"--window-size={width},{lines * 19 + 30}",
                        page_file.as_uri()], check=True, capture_output=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
