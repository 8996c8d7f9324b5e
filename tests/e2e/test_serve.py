"""`glocal serve`: a live preview that shows an edit without a restart."""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_sample


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, predicate, timeout: float, server=None) -> tuple[str | None, float]:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        body = _fetch(url)
        if body is not None and predicate(body):
            return body, time.monotonic() - start
        if server is not None and server.poll() is not None:
            break  # the preview exited: no point in waiting
        time.sleep(0.2)
    return None, time.monotonic() - start


def _start_preview(project: Path, site: str, page: str, predicate, attempts: int = 3):
    """`glocal serve SITE` on a free port, once PAGE shows; another attempt on another port when a
    process (e.g. a test on another pytest-xdist worker) took the port between probe and bind."""
    for _ in range(attempts):
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "glocal", "-C", str(project), "serve", site, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        url = f"http://127.0.0.1:{port}/{page}"
        body, _ = _wait_for(url, predicate, 60, server)
        if body is not None:
            return server, url
        if server.poll() is None:
            server.terminate()
        _, err = server.communicate(timeout=10)
        if "Address already in use" not in err:
            raise AssertionError(f"the preview never came up:\n{err[-2000:]}")
    raise AssertionError(f"no free port for the preview after {attempts} attempts")


def test_serve_rebuilds_on_an_overlay_a_module_and_a_catalog_edit(tmp_path: Path):
    project = copy_sample(tmp_path / "sample")
    server, url = _start_preview(
        project, "nordics/da", "modules/shared-vision.html", lambda text: "Kildevang" in text
    )
    try:
        overlay = project / "toolkits/regions/nordics/shared-vision.md"
        overlay.write_text(
            overlay.read_text(encoding="utf-8").replace("Kildevang Pharma A/S", "Kildevang Biotek A/S"),
            encoding="utf-8",
        )
        body, waited = _wait_for(url, lambda text: "Kildevang Biotek" in text, 10)
        assert body is not None, "an overlay edit did not show"
        # the figure is "about two seconds"; allow slack for a loaded CI machine
        assert waited < 5, f"the edit took {waited:.1f} s to show"
        catalog = project / "locales/da/curriculum/modules/shared-vision.po"
        text = catalog.read_text(encoding="utf-8")
        assert 'msgstr "Fælles vision og strategisk afstemning"' in text
        catalog.write_text(
            text.replace(
                'msgstr "Fælles vision og strategisk afstemning"',
                'msgstr "Fælles vision og strategisk retning"',
            ),
            encoding="utf-8",
        )
        body, _ = _wait_for(url, lambda text: "strategisk retning" in text, 10)
        assert body is not None, "a catalog edit did not show"
        assert "livereload" in body, "pages carry the live-reload script"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_names_an_unknown_site(tmp_path: Path):
    project = copy_sample(tmp_path / "sample")
    temporary = tmp_path / "tmp"  # and leaves no temporary folder behind
    temporary.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "glocal",
            "-C",
            str(project),
            "serve",
            "nordics/dk",
            "--port",
            str(_free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert done.returncode == 2
    assert "GL404" in done.stderr and "nordics/da" in done.stderr
    assert not list(temporary.glob("glocal-serve-*"))


def _as_a_terminals_job(ignored: tuple[signal.Signals, ...] = ()) -> None:
    """Signals reach the preview as they reach a command run in a terminal (but the `ignored`
    ones, as `nohup` ignores SIGHUP). A shell without job control (a script, a CI step) starts a
    background command with SIGINT and SIGQUIT ignored, its children inherit that, and this
    test's own run may be one of them. Python keeps an inherited ignore, and so does Glocal."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_IGN if number in ignored else signal.SIG_DFL)


def _preview_in(project: Path, temporary: Path, ignored: tuple[signal.Signals, ...] = ()):
    """`glocal serve global/en` with TMPDIR=`temporary`, once its home page is served; and the
    page's address."""
    port = _free_port()
    server = subprocess.Popen(
        # -X faulthandler: a run that does not stop shows where each of its threads is (SIGABRT)
        [sys.executable, "-X", "faulthandler", "-m", "glocal", "-C", str(project), "serve", "global/en"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        preexec_fn=functools.partial(_as_a_terminals_job, ignored),
    )
    url = f"http://127.0.0.1:{port}/index.html"
    body, _ = _wait_for(url, lambda text: "<html" in text, 60, server)
    if body is None:
        server.kill()
        _, err = server.communicate()
        pytest.fail(f"the preview never came up:\n{err[-2000:]}")
    return server, url


def _stop(server: subprocess.Popen, stop: signal.Signals) -> str:
    """Send `stop`; the preview's stderr once it has ended (a failure, with where each of its
    threads is, if it has not within 30 s)."""
    server.send_signal(stop)
    try:
        return server.communicate(timeout=30)[1]
    except subprocess.TimeoutExpired:
        status = Path(f"/proc/{server.pid}/status").read_text(encoding="utf-8")
        masks = [line for line in status.splitlines() if line.startswith(("SigBlk", "SigIgn"))]
        server.send_signal(signal.SIGABRT)
        _, err = server.communicate()
        pytest.fail(
            f"the preview did not stop within 30 s of {stop.name} ({masks}); its threads:\n{err[-6000:]}"
        )


def _assert_ended_cleanly(server: subprocess.Popen, err: str, temporary: Path) -> None:
    assert server.returncode == 0, err[-2000:]
    assert not list(temporary.glob("glocal-serve-*")), "the temporary site was left behind"
    assert "Traceback" not in err


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_serve_removes_its_temporary_site_when_stopped(tmp_path: Path, stop: signal.Signals):
    """Ctrl+C, a process manager's SIGTERM or a closed terminal's SIGHUP: the preview shuts down
    and the site it built for this run (in the system's temporary folder) is removed."""
    project = copy_sample(tmp_path / "sample")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, _ = _preview_in(project, temporary)
    try:
        made = list(temporary.glob("glocal-serve-*"))
        assert len(made) == 1 and (made[0] / "index.html").is_file(), (
            "the preview's site is where TMPDIR says"
        )
        err = _stop(server, stop)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    _assert_ended_cleanly(server, err, temporary)


def test_a_preview_started_with_nohup_keeps_serving_when_its_terminal_closes(tmp_path: Path):
    """`nohup glocal serve ...` starts it with SIGHUP ignored: the terminal's SIGHUP leaves it
    serving (Glocal stops on SIGHUP only where it would otherwise end the process); SIGTERM still
    stops it cleanly."""
    project = copy_sample(tmp_path / "sample")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, url = _preview_in(project, temporary, ignored=(signal.SIGHUP,))
    try:
        server.send_signal(signal.SIGHUP)
        time.sleep(1.0)  # a preview that takes SIGHUP is gone well before this
        assert server.poll() is None, "the preview ended on a SIGHUP it was started to ignore"
        body, _ = _wait_for(url, lambda text: "<html" in text, 5, server)
        assert body is not None, "the preview stopped serving after SIGHUP"
        err = _stop(server, signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    _assert_ended_cleanly(server, err, temporary)
