"""The live preview's server (`glocal serve`): MkDocs' live-reload server over a built site, with
Glocal's error overlay, and what tells it a source changed (inotify, else polling). Building
the site it serves is `sites`' work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Where `glocal serve` keeps the last rebuild's errors, for the page to show (`preview-errors.js`).
PREVIEW_ERRORS = "glocal-preview-errors.json"
#: Where `glocal serve --provenance` keeps each page's blocks and their provenance (`preview-provenance.js`).
PREVIEW_PROVENANCE = "glocal-preview-provenance.json"


def serve(
    build: Callable[[], None],
    site_dir: Path,
    watch: list[Path],
    host: str,
    port: int,
    provenance: bool = False,
) -> None:
    """Serve `site_dir` with MkDocs' live-reload server.

    `build` runs again whenever a watched path changes. Every page served gets, beside MkDocs'
    reload script, Glocal's overlay that shows the last rebuild's errors (`PREVIEW_ERRORS`), and
    with `provenance` the script that puts each block's provenance in its hover title
    (`PREVIEW_PROVENANCE`): only when served, never in a built site.
    """
    from importlib.resources import files

    from mkdocs.livereload import LiveReloadServer

    scripts = ["preview-errors.js"] + (["preview-provenance.js"] if provenance else [])
    overlay = b"</script><script>".join(
        files("glocal").joinpath(f"assets/{name}").read_bytes() for name in scripts
    )

    class Server(LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            end = content.rfind(b"</body>")
            end = len(content) if end < 0 else end
            return b"%b<script>%b</script>%b" % (content[:end], overlay, content[end:])

    server = Server(builder=build, host=host, port=port, root=str(site_dir))
    server.observer = file_observer([path for path in watch if path.exists()])
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


#: How often the fallback observer looks at every watched file (MkDocs' own choice).
POLLING_SECONDS = 0.5


def file_observer(paths: list[Path]) -> Any:
    """What tells the preview that a source changed: inotify when it can watch every path, else
    MkDocs' polling observer.

    Polling stats every watched file twice a second, in the server's process: at 500 modules it
    is some 17,000 files, and the polling thread takes the CPU from the rebuild it triggered.
    Only changes count: inotify also reports every file the rebuild opens and reads, which would
    start another rebuild. inotify can fail (no inotify, the watch limit reached, a file system
    that has none), so it is tried on the paths first and polling remains the fallback.
    """
    import watchdog.observers.polling
    from watchdog import events

    changes: list[type[events.FileSystemEvent]] = [
        events.FileCreatedEvent,
        events.FileDeletedEvent,
        events.FileModifiedEvent,
        events.FileMovedEvent,
        events.FileClosedEvent,  # closed after writing (an editor's save, `touch`)
        events.EventsLostEvent,  # the kernel's queue overflowed: anything may have changed
        # a folder moved out of the project (or away and back) is one event about the folder
        events.DirDeletedEvent,
        events.DirMovedEvent,
    ]

    class FolderChanges(events.FileSystemEventHandler):
        """Hands a folder's move or removal on as a file's: MkDocs' callback ignores folders."""

        def __init__(self, handler: events.FileSystemEventHandler) -> None:
            self.handler = handler

        def dispatch(self, event: events.FileSystemEvent) -> None:
            if isinstance(event, events.DirMovedEvent):
                event = events.FileMovedEvent(event.src_path, event.dest_path)
            elif isinstance(event, events.DirDeletedEvent):
                event = events.FileDeletedEvent(event.src_path)
            self.handler.dispatch(event)

    try:
        from watchdog.observers.inotify import InotifyObserver

        class Changes(InotifyObserver):
            def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
                return super().schedule(
                    FolderChanges(handler),
                    path,
                    recursive=recursive,
                    event_filter=event_filter or changes,
                    follow_symlink=follow_symlink,
                )

        probe = Changes()
        for path in paths:
            probe.schedule(events.FileSystemEventHandler(), str(path), recursive=True)
        probe.start()
        probe.stop()
        probe.join()
        return Changes()
    except Exception:  # ImportError off Linux, OSError at the watch limit, a file system without it
        return watchdog.observers.polling.PollingObserver(timeout=POLLING_SECONDS)
