"""The pack's PDF printer: never more worker processes than documents, same bytes whatever
the number of processes (real WeasyPrint, real forked workers)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from glocal.packs.documents import Printer


def _documents(count: int) -> dict[str, str]:
    return {
        f"doc-{n}.pdf": f"<html><body><h1>Document {n}</h1><img src='file:///etc/glocal-{n}.png'></body></html>"
        for n in range(count)
    }


def _print_all(root: Path, workers: int, count: int) -> tuple[dict[str, bytes], list[str], int]:
    refused: list[str] = []
    with Printer(root, workers) as printer:
        tickets = {name: printer.print(document) for name, document in _documents(count).items()}
        files = printer.collect({"plain.txt": b"kept as it is", **tickets}, refused)
        return files, refused, len(multiprocessing.active_children())


def test_a_large_job_count_starts_one_process_per_document_and_gives_the_same_pdfs(tmp_path: Path) -> None:
    alone, refused_alone, none = _print_all(tmp_path, 1, 3)
    many, refused_many, processes = _print_all(tmp_path, 500, 3)
    assert none == 0
    assert processes == 3  # not 500: a forked pool starts every process it may use at once
    assert many == alone
    assert list(many) == ["plain.txt", "doc-0.pdf", "doc-1.pdf", "doc-2.pdf"]
    assert all(many[name].startswith(b"%PDF-") for name in many if name.endswith(".pdf"))
    assert refused_many == refused_alone == [f"file:///etc/glocal-{n}.png" for n in range(3)]  # in order


def test_the_pool_starts_as_soon_as_it_has_a_document_for_each_process(tmp_path: Path) -> None:
    refused: list[str] = []
    with Printer(tmp_path, 2) as printer:
        first = printer.print("<p>guide</p>")
        assert printer.processes == 0 and first.future is None
        second = printer.print("<p>form</p>")
        assert len(multiprocessing.active_children()) == 2  # the guide renders while the rest is made
        assert first.future is not None and second.future is not None
        third = printer.print("<p>record</p>")
        assert third.future is not None
        files = printer.collect({"a": first, "b": second, "c": third}, refused)
    assert all(data.startswith(b"%PDF-") for data in files.values())


def test_one_document_is_rendered_without_starting_a_process(tmp_path: Path) -> None:
    refused: list[str] = []
    with Printer(tmp_path, 8) as printer:
        ticket = printer.print("<p>only one</p>")
        files = printer.collect({"only.pdf": ticket}, refused)
        assert printer.processes == 0 and not multiprocessing.active_children()
    assert files["only.pdf"].startswith(b"%PDF-")
