"""JupyterLab, for real: a headless server on loopback, a notebook opened in headless Chromium (Debian's,
driven by Playwright), every cell run, and the saved notebook checked for errors; the exploration notebook's
outputs also for raw pandas (NaN, NaT, <NA>, 3.000000e+00) and English column names."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(copy_project):
    """A copy of the run's cleaned sample, and JupyterLab serving it on loopback."""
    assert Path(CHROMIUM).exists(), "Chromium is missing: `make setup` installs Debian's chromium (as root with apt)"
    project = copy_project("lab")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "LKDATA_ROOT": str(project), "JUPYTER_CONFIG_DIR": str(project / ".jupyter"),
           "JUPYTER_RUNTIME_DIR": str(project / ".jupyter" / "runtime")}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={project}", "--LabApp.expose_app_in_browser=True",
         "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=project,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        raise AssertionError(f"JupyterLab did not start: {server.stderr.read().decode()[-2000:]}")
    yield project, url, token
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def _run_all_and_save(url: str, token: str, notebook: str, timeout_s: float = 240) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page()
        page.goto(f"{url}/lab/tree/notebooks/{notebook}?reset&token={token}")  # reset: no restored tabs
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.connectionStatus === 'connected'",
            timeout=120_000,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        # wait on the notebook model, not the page: JupyterLab only renders the cells in view
        page.wait_for_function(
            """() => {
                const w = window.jupyterapp.shell.currentWidget;
                const cells = w.content.model.cells;
                for (let i = 0; i < cells.length; i++) {
                    const c = cells.get(i);
                    if (c.type === 'code' && !c.executionCount) return false;
                }
                return w.sessionContext.session.kernel.status === 'idle';
            }""",
            timeout=timeout_s * 1000,
            polling=500,
        )
        page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)
        if os.environ.get("LKDATA_LAB_SCREENSHOT"):  # a PNG path: to look at what the browser showed
            page.screenshot(path=os.environ["LKDATA_LAB_SCREENSHOT"])
        browser.close()


@pytest.mark.parametrize("notebook", ["kham_pha_du_lieu.ipynb", "bao_cao_ke_hoach.ipynb"])
def test_notebooks_run_top_to_bottom_in_jupyterlab(lab, notebook: str):
    project, url, token = lab
    _run_all_and_save(url, token, notebook)
    nb = nbformat.read(project / "notebooks" / notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "every cell ran"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == [], json.dumps(errors, ensure_ascii=False)[:2000]
    assert any(o.output_type in ("execute_result", "display_data") for c in code for o in c.outputs)
    if notebook == "kham_pha_du_lieu.ipynb":  # the everyday answers as JupyterLab shows them: presentable as they are
        from notebook_outputs import output_count, problems

        assert problems(nb) == [] and output_count(nb) >= 13
