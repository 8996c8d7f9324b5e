"""What wakes `glocal serve`: inotify, reporting changes to sources and never mere reads; polling
when inotify cannot watch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import watchdog.observers.polling
from watchdog.events import FileSystemEventHandler

from glocal.build.serving import file_observer


class Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.arrived = threading.Event()
        self.changed = threading.Condition()

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            with self.changed:
                self.events.append(event.event_type)
                self.arrived.set()
                self.changed.notify_all()

    def wait_for(self, kind: str, seconds: float = 5) -> bool:
        """Whether an event of `kind` arrives within `seconds`. Not just any event: the events of
        one change can reach the observer in separate reads (a write's "modified" before its
        "closed", under load), so the last event of the previous step may come in after it."""
        with self.changed:
            return self.changed.wait_for(lambda: kind in self.events, seconds)


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
        assert seen.wait_for("closed"), f"an edit was not reported: {seen.events}"
        assert set(seen.events) <= {"modified", "closed", "created"}, seen.events
        seen.events.clear()
        source.rename(source.with_name("renamed.md"))  # how many editors save
        assert seen.wait_for("moved"), f"a rename was not reported: {seen.events}"
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
