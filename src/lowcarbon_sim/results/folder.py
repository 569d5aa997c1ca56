"""All or nothing per output folder: a run's files appear together or not at all.

:func:`run_folder` hands out a fresh temporary folder beside the target; the caller writes
every file of the run there (results, summary, figures, report); on success the temporary
folder takes the target's place in one step (Linux ``renameat2(RENAME_EXCHANGE)``, else two
renames with recovery), and files of the previous folder that this run did not write are
carried over. On any failure or signal the previous folder is left as it was and the
temporary one is removed. Problems of the machine (disk full, no permission, read-only
file system, ``--out`` naming a file) raise :class:`~lowcarbon_sim.errors.OutputError`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lowcarbon_sim.errors import OutputError

#: Room kept free on the target's file system beyond the estimated size of the run's files.
MARGIN_BYTES = 16 * 2**20
_NEW, _OLD = ".new", ".old"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def describe_os_error(exc: OSError, path: Path | str) -> OutputError:
    """An :class:`OutputError` naming ``path`` and the machine's reason in plain words."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EEXIST: "it exists and is not a folder",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"{path}: cannot write: {reason}")


def check_free_space(folder: Path, need_bytes: float) -> None:
    """Refuse to start writing ``need_bytes`` into ``folder`` when its file system has less
    room (plus :data:`MARGIN_BYTES`): a full disk mid-write is what corrupts files."""
    free = shutil.disk_usage(folder).free
    if free < need_bytes + MARGIN_BYTES:
        raise OutputError(
            f"{folder}: not enough free disk space: {free / 2**20:,.1f} MiB free, about "
            f"{(need_bytes + MARGIN_BYTES) / 2**20:,.1f} MiB needed"
        )


def prepare_target(target: str | Path) -> Path:
    """Check before any solve that ``target`` can become the run's output folder; returns it.

    Raises
    ------
    OutputError
        If it is a file, or its parent cannot be created or written.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: --out must be a folder, and a file of that name exists")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, target.parent) from None
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(f"{target.parent}: cannot write: permission denied")
    _recover(target)
    return target


def prepare_folder(folder: str | Path, option: str = "--out") -> Path:
    """Check before any work that figures or tables can be written into ``folder`` (created
    if missing); returns it.

    Raises
    ------
    OutputError
        If it is a file, cannot be created, or is not writable.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: {option} must be a folder, and a file of that name exists")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, folder) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: cannot write: permission denied")
    return folder


def prepare_file(path: str | Path, option: str = "--out") -> Path:
    """Check before any work that the file ``path`` can be written (its folder is created
    if missing); returns it.

    Raises
    ------
    OutputError
        If it is a folder, or its folder cannot be created or written.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: {option} must name a file, and a folder of that name exists")
    if path.parent.exists() and not path.parent.is_dir():
        raise OutputError(f"{path.parent}: cannot write: a part of the path is a file")
    prepare_folder(path.parent, option)
    return path


@contextmanager
def run_folder(target: str | Path, need_bytes: float = 0.0) -> Iterator[Path]:
    """A temporary folder to write a run into; swapped in for ``target`` on success.

    Parameters
    ----------
    target
        The output folder (created if missing; its previous content is replaced, files this
        run does not write are kept).
    need_bytes
        Estimated size of what will be written (bytes), checked against the free space.
    """
    target = prepare_target(target)
    check_free_space(target.parent, need_bytes)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=_NEW,
                                    dir=target.parent))
    except OSError as exc:
        raise describe_os_error(exc, target.parent) from None
    try:
        yield tmp
        if target.is_dir():
            _carry_over(target, tmp)
        _swap_in(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise describe_os_error(exc, target) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _carry_over(old: Path, new: Path) -> None:
    """Copy the files and folders of ``old`` that ``new`` does not have (the user's own)."""
    for item in old.iterdir():
        if (new / item.name).exists() or item.name.startswith("."):
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.copytree(item, new / item.name, symlinks=True)
        else:
            shutil.copy2(item, new / item.name, follow_symlinks=False)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step where the kernel can (Linux renameat2); False otherwise."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    result = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _swap_in(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous folder
        return
    # two renames: an interruption between them leaves the previous folder as ".old",
    # which the next run restores (see _recover) if the target is missing
    old = target.parent / f".{target.name}.{os.getpid()}{_OLD}"
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Clean up after runs that were killed: restore a previous folder left as ``.old``
    when the target is missing, and remove temporary folders of processes that are gone."""
    for leftover in sorted(target.parent.glob(f".{target.name}.*")):
        pid = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or (_alive(int(pid)) and int(pid) != os.getpid()):
            continue
        if leftover.name.endswith(_OLD) and not target.exists():
            os.rename(leftover, target)
        elif leftover.name.endswith((_OLD, _NEW)) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
