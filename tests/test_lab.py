"""Smoke test: the hub notebook opens in JupyterLab, quietly, and runs all its cells without an
error; a Try-it cell's sliders redraw their chart.

JupyterLab serves a throw-away copy of the project on 127.0.0.1 with a token, with every Jupyter
folder (config, data, runtime, settings, workspaces), matplotlib's folder and HOME in a temporary
directory, so nothing in the real home or the repository is written, and with the project's own
Jupyter configuration (notebooks/.jupyter), as `make lab` starts it. Headless Chromium clicks
Run > Run All Cells. The server is always shut down, through its API, at the end.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import pytest

from tests.chromium import DESKTOP
from tests.helpers import copy_project

pytestmark = pytest.mark.browser

HUB = "00_overview.ipynb"
TRY_IT = "02_does_weight_loss_reveal_them.ipynb"  # its last cell has sliders
STDERR = "application/vnd.jupyter.stderr"  # how JupyterLab marks error and stderr output
START_SECONDS = 60  # the server answers; in practice a few seconds
RUN_SECONDS = 120  # every cell has run; in practice well under a minute
NEWS_POPUP = "Would you like to get notified about official Jupyter news?"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def warm_matplotlib_folder(folder: Path) -> Path:
    """A copy of this process's matplotlib cache, font list included, so the kernel finds one
    and does not rebuild it (which logs a warning to stderr when it takes a while)."""
    from matplotlib import font_manager  # noqa: F401  (builds the font list here if missing)

    shutil.copytree(matplotlib.get_cachedir(), folder)
    return folder


def private_jupyter_environment(home: Path, notebooks: Path) -> dict[str, str]:
    """Environment variables that keep every file Jupyter and matplotlib write under `home`, with
    the configuration `make lab` uses (JUPYTER_CONFIG_PATH, read only)."""
    folders = {
        "HOME": home, "JUPYTER_CONFIG_DIR": home / "config", "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime", "IPYTHONDIR": home / "ipython",
        "JUPYTERLAB_SETTINGS_DIR": home / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "workspaces",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    folders["MPLCONFIGDIR"] = warm_matplotlib_folder(home / "matplotlib")
    folders["JUPYTER_CONFIG_PATH"] = notebooks / ".jupyter"
    return {**os.environ, **{name: str(folder) for name, folder in folders.items()}}


def api(base: str, token: str, path: str, method: str = "GET") -> int:
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


@contextmanager
def jupyter_lab(root: Path, home: Path):
    """A JupyterLab server on `root`; yields (base URL, token) and always stops the server."""
    port, token = free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    environment = private_jupyter_environment(home, root)
    log = (home / "server.log").open("w")
    server = subprocess.Popen(command, cwd=root, env=environment, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        wait_until_serving(server, base, token, home / "server.log")
        yield base, token
    finally:
        stop(server, base, token)
        log.close()


def wait_until_serving(server, base: str, token: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if api(base, token, "/api/status") == 200:
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)
    pytest.fail(f"jupyter lab did not answer within {START_SECONDS} s:\n{log.read_text()[-2000:]}")


def stop(server, base: str, token: str) -> None:
    """Shut down through the API (kernels too); terminate, then kill, if that does not work."""
    if server.poll() is None:
        try:
            api(base, token, "/api/shutdown", method="POST")
        except (urllib.error.URLError, ConnectionError):
            server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def open_and_run_all(page, base: str, token: str, name: str):
    """Open notebook `name`, run all its cells, and return its notebook element once every cell
    has run (or one failed); fails if any cell wrote to stderr."""
    page.set_default_timeout(START_SECONDS * 1000)
    # A workspace per notebook: a page opens only its notebook, not those of an earlier page.
    page.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?token={token}")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    notebook.locator(".jp-CodeCell").first.wait_for()
    # The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is connected.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-StatusBar-Widget')]
             .some(w => /^(?!No Kernel).+ \\| Idle$/m.test(w.innerText))"""
    )
    page.locator(".lm-MenuBar-content").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-content").get_by_text("Run All Cells", exact=True).click()
    # Done when every shown code cell has its number (a cell whose code is hidden shows none) and
    # the kernel is idle again, or when a cell failed (the rest never run).
    page.wait_for_function(
        """stderr => {
             const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
             const prompts = [...panel.querySelectorAll(
                 '.jp-CodeCell .jp-InputArea .jp-InputPrompt')];
             const failed = panel.querySelector(`[data-mime-type="${stderr}"]`);
             const idle = [...document.querySelectorAll('.jp-StatusBar-Widget')]
                 .some(w => / \\| Idle$/m.test(w.innerText));
             return idle && (prompts.every(p => /\\[\\d+\\]/.test(p.textContent))
                 || (failed && !prompts.some(p => p.textContent.includes('*'))));
           }""",
        arg=STDERR, timeout=RUN_SECONDS * 1000,
    )
    errors = notebook.locator(f'.jp-OutputArea-output[data-mime-type="{STDERR}"]')
    assert errors.count() == 0, errors.all_inner_texts()
    return notebook


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """(a browser context, JupyterLab's base URL, its token): one server for this module's tests;
    the context's tabs close before the server stops."""
    folder = tmp_path_factory.mktemp("lab")
    project = copy_project(folder / "project")
    with jupyter_lab(project / "notebooks", folder / "home") as (base, token):
        context = browser.new_context(viewport=DESKTOP)
        yield context, base, token
        context.close()


def test_hub_runs_all_cells_in_jupyterlab_without_news_or_update_checks(lab):
    context, base, token = lab
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    notebook = open_and_run_all(page, base, token, HUB)
    chart = notebook.locator(".jp-RenderedSVG img, .jp-RenderedImage img").first
    chart.wait_for()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert notebook.locator("ol.sources li").count() > 1
    assert NEWS_POPUP not in page.content()
    outside = [url for url in requests if not url.startswith((base, "data:", "blob:", "about:"))]
    assert not outside, f"requests leaving the machine: {outside[:5]}"
    checks = [url for url in requests if "/lab/api/news" in url or "/lab/api/update" in url]
    assert not checks, f"news or update checks: {checks}"
    # ... and asked directly, the server fetches no news and checks for no update.
    for path, nothing in (("/lab/api/news", {"news": []}),
                          ("/lab/api/update", {"notification": None})):
        request = urllib.request.Request(f"{base}{path}",
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert json.load(answer) == nothing, path


def test_try_it_sliders_redraw_their_chart_in_jupyterlab(lab):
    context, base, token = lab
    page = context.new_page()
    notebook = open_and_run_all(page, base, token, TRY_IT)
    handle = notebook.locator(".widget-slider .noUi-handle").first
    handle.wait_for()
    last_chart = """() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedSVG img')].pop().src"""
    before = page.evaluate(last_chart)
    handle.focus()
    handle.press("ArrowRight")
    # The chart below the sliders is redrawn (JupyterLab replaces the image).
    page.wait_for_function(f"old => ({last_chart})() !== old", arg=before)
