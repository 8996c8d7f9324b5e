"""What wakes `glocal serve`: inotify, reporting changes to sources and never mere reads; polling
when inotify cannot watch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import watchdog.observers.polling
from watchdog.events import FileSystemEventHandler

from glocal.build.sites import file_observer


class Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.arrived = threading.Event()

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.events.append(event.event_type)
            self.arrived.set()


def _watching(folder: Path):
    observer = file_observer([folder])
    seen = Seen()
    observer.schedule(seen, str(folder), recursive=True)
    observer.start()
    return observer, seen


def test_reading_a_source_wakes_nothing_and_writing_one_does(tmp_path: Path):
    source = tmp_path / "modules" / "intro.md"
    source.parent.mkdir()
    source.write_text("# Intro\n", encoding="utf-8")
    observer, seen = _watching(tmp_path)
    try:
        assert "Inotify" in type(observer).__mro__[1].__name__, type(observer).__mro__
        for _ in range(20):  # what every rebuild does to every source
            assert source.read_text(encoding="utf-8") == "# Intro\n"
        time.sleep(0.5)
        assert seen.events == [], "a read was reported as a change: each rebuild would start another"
        source.write_text("# Intro, edited\n", encoding="utf-8")
        assert seen.arrived.wait(5), "an edit was not reported"
        assert set(seen.events) <= {"modified", "closed", "created"}, seen.events
        seen.events.clear()
        seen.arrived.clear()
        source.rename(source.with_name("renamed.md"))  # how many editors save
        assert seen.arrived.wait(5), "a rename was not reported"
        assert "moved" in seen.events
    finally:
        observer.stop()
        observer.join()


def _without_inotify(monkeypatch) -> None:
    from watchdog.observers.inotify import InotifyObserver

    def watch_limit_reached(self) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(InotifyObserver, "start", watch_limit_reached)


def test_falls_back_to_polling_when_inotify_cannot_watch(tmp_path: Path, monkeypatch):
    _without_inotify(monkeypatch)
    observer = file_observer([tmp_path])
    assert isinstance(observer, watchdog.observers.polling.PollingObserver)


@pytest.mark.parametrize("kind", ["inotify", "polling"])
def test_a_folder_moved_out_of_or_into_the_project_wakes_the_preview(tmp_path: Path, monkeypatch, kind):
    """`mv toolkits/regions/nordics ..` (or a branch switch that replaces a folder) is one event
    about a folder, which MkDocs' live-reload callback ignores: it must still reach it as a change."""
    if kind == "polling":
        _without_inotify(monkeypatch)
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    region = project / "regions" / "nordics"
    region.mkdir(parents=True)
    (region / "intro.md").write_text("::: fill case-study\nText.\n:::\n", encoding="utf-8")
    elsewhere.mkdir()
    observer, seen = _watching(project)
    assert isinstance(observer, watchdog.observers.polling.PollingObserver) == (kind == "polling")
    try:
        region.rename(elsewhere / "nordics")  # out of the watched tree: no event about its files
        assert seen.arrived.wait(5), "a folder moved out of the project was not reported"
        assert seen.events == ["deleted"], seen.events
        seen.events.clear()
        seen.arrived.clear()
        (elsewhere / "nordics").rename(region)  # and back in
        assert seen.arrived.wait(5), "a folder moved into the project was not reported"
        assert "created" in seen.events, seen.events
    finally:
        observer.stop()
        observer.join()
