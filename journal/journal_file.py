"""The journal file on disk: reading and checking it, writing it safely, locking it.

Plain file operations and JSON only (no TinyDB, no Textual), shared by the store and the
backups so that both read, check and write a journal file in exactly the same way.

* :func:`decode` turns the bytes of a file into its tables and the validated in-memory journal,
  or raises :class:`CorruptJournalError` / :class:`NewerFormatError` naming the file and the
  problem. It accepts only what can be written back unchanged: no NaN or Infinity, no number
  too large for a float, no key given twice, no record given twice, document ids that TinyDB
  keeps as they are.
* :func:`atomic_write_bytes` writes a temp file in the same folder (0600), fsyncs it, renames
  it over the target with ``os.replace`` and fsyncs the folder, so a crash leaves the old file
  or the new one, never a mix. Temp files a killed writer left behind are named
  ``.<name>.<random>.tmp`` and are removed by the next open.
* :func:`file_lock` takes an exclusive lock on ``.<name>.lock`` beside the journal: ``flock``
  on POSIX systems, the ``filelock`` library's lock elsewhere (Windows). The operating system
  drops either when its process dies, so a killed writer never blocks anyone.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import math
import os
import re
import time
from collections.abc import Iterable, Iterator

from journal.domain import codec
from journal.domain.errors import ValidationError
from journal.domain.models import Journal

TYPE_CHECKING = False  # not typing's: importing typing costs every quick command ~4 ms

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any


LOCK_TIMEOUT = 5.0
#: How often a writer waiting for the lock tries again, in seconds.
LOCK_POLL = 0.02

class JournalFileError(Exception):
    """The journal file cannot be used (corrupt, newer format, locked, unwritable).

    The file has been left exactly as it was. ``str()`` is a complete message for a person.
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class CorruptJournalError(JournalFileError):
    """The file is not a journal this program can read: damaged, hand-edited or another file."""


class NewerFormatError(JournalFileError):
    """A newer version of the program wrote the file; it is fine, just not readable here."""


class LockTimeoutError(JournalFileError):
    """Another process kept the journal locked for longer than the timeout."""


class JournalWriteError(JournalFileError):
    """Writing failed (disk full, I/O error, permission). The journal file is unchanged."""


# --- reading -------------------------------------------------------------------------------
Signature = tuple[int, int, int, int, int]


def signature_of(st: os.stat_result) -> Signature:
    """What we compare to notice that the file was replaced or edited.

    Every writer replaces the file, so its inode changes; the store keeps the file it last saw
    open (see :class:`Snapshot`), so that inode number cannot be handed to a newer file.
    Size and times catch editors that write in place.
    """
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def current_signature(path: Path) -> Signature | None:
    try:
        return signature_of(os.stat(path))
    except FileNotFoundError:
        return None


class _Handle:
    """An open descriptor on the file last read or written, closed when dropped."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def close(self, _close: Any = os.close) -> None:
        # ``os.close`` is bound early: __del__ may run while the interpreter shuts down.
        fd, self.fd = self.fd, None
        if fd is not None:
            try:  # noqa: SIM105 - no contextlib at shutdown either
                _close(fd)
            except OSError:
                pass

    def __del__(self) -> None:
        self.close()


class Snapshot:
    """One consistent reading of the file: its tables, the journal, and which file it was.

    (A plain class: ``dataclasses`` would cost every quick command its import.)
    """

    __slots__ = ("blank", "data", "handle", "journal", "signature")

    def __init__(self, data: dict[str, Any], journal: Journal, signature: Signature | None,
                 handle: _Handle | None = None, blank: bool = False) -> None:
        self.data = data
        self.journal = journal
        self.signature = signature
        self.handle = handle
        self.blank = blank  # the file exists but holds nothing (or only white space)


def _unchanged(problem: str) -> str:
    return f"{problem} It has not been changed."


def _no_constants(name: str) -> Any:
    raise ValueError(f"holds {name}, which is not a number a journal may contain")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"holds the number {text[:30]}, which is too large")
    return value


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"gives the key {key[:40]!r} twice in one object")
            seen.add(key)
    return obj


def as_text(path: Path, raw: bytes) -> str:
    """The file's bytes as text; a file that is not UTF-8 is not a journal."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptJournalError(path, _unchanged(
            "is not a journal file: it is not UTF-8 text.")) from None


#: From this size on (about ten years of daily use) a journal is written with orjson: it
#: pays for its import (it brings ``uuid``, ``enum`` and ``dataclasses``) only on long
#: journals. It does not read them: its parser holds a copy of the file and a tree of its
#: own besides the documents (peak memory). Figures and the reason in bench/README.md.
FAST_JSON_FROM = 1 << 20
#: The separators orjson writes; the standard library writes the same bytes with them.
COMPACT = (",", ":")


def _fast_json(size: int) -> Any:
    """The orjson module for a file of ``size`` bytes, or None (small file, not installed)."""
    if size < FAST_JSON_FROM:
        return None
    try:
        import orjson
    except ImportError:  # a platform without its wheel: the standard library does it all
        return None
    return orjson


def parse_json(path: Path, raw: bytes | str) -> Any:
    """Strict JSON: what loads here can be written back exactly as it was read."""
    text = as_text(path, raw) if isinstance(raw, bytes) else raw
    if text.startswith("\ufeff"):
        raise CorruptJournalError(path, _unchanged(
            "starts with a byte-order mark (BOM), which a journal file never has: an editor "
            "probably saved it. Save it again as UTF-8 without BOM, or restore a backup."))
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_no_constants, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise CorruptJournalError(path, _unchanged(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).")) from None
    except ValueError as exc:  # our hooks, or an integer with thousands of digits
        raise CorruptJournalError(path, _unchanged(
            f"is not a journal file: it {exc}." if str(exc).startswith(("holds", "gives"))
            else "is not a journal file: it holds a number that is too long.")) from None
    except RecursionError:
        raise CorruptJournalError(path, _unchanged(
            "is not a journal file: it is nested too deeply.")) from None


#: A document id TinyDB keeps as it is: it turns ids into int and back, so "01" would
#: silently become "1".
_DOC_ID = re.compile(r"0|[1-9][0-9]*")


def check_structure(path: Path, data: Any) -> dict[str, Any]:
    """The shape TinyDB and the store rely on, and the format marker and version."""
    if not isinstance(data, dict):
        raise CorruptJournalError(path, _unchanged(
            "is not a journal file: the top level is not a JSON object."))
    for name, table in data.items():
        if not isinstance(table, dict) or not set(map(type, table.values())) <= {dict}:
            raise CorruptJournalError(path, _unchanged(
                f"is not a journal file: table {name[:40]!r} is not a set of documents."))
        if not all(map(_DOC_ID.fullmatch, table)):
            doc_id = next(i for i in table if not _DOC_ID.fullmatch(i))
            raise CorruptJournalError(path, _unchanged(
                f"is not a journal file: table {name[:40]!r} has a document id "
                f"{doc_id[:20]!r} that is not a whole number."))
    meta = list(data.get("meta", {}).values())
    if not meta:
        if any(data.values()):
            raise CorruptJournalError(path, _unchanged(
                "does not look like a trial-journal file (no format marker)."))
        return data
    version = meta[0].get("version")
    if (meta[0].get("format") != "trial-journal" or not isinstance(version, int)
            or isinstance(version, bool) or version < 1):
        raise CorruptJournalError(path, _unchanged(
            "does not look like a trial-journal file (unknown format marker)."))
    if version > codec.FORMAT_VERSION:
        raise NewerFormatError(
            path, f"was written by a newer version of trial-journal (format {version}; this "
            f"version reads format {codec.FORMAT_VERSION}). It has not been changed; upgrade "
            "trial-journal to open it.")
    return data


def _check_unique(path: Path, data: dict[str, Any]) -> None:
    """One document per date and per id: a second copy would be silently dropped later."""
    for name, key in codec.RECORD_KEYS.items():
        values = [doc.get(key) for doc in data.get(name, {}).values()]
        if set(map(type, values)) <= {str} and len(set(values)) == len(values):
            continue  # the usual case, checked in C; otherwise find the first repeat
        seen: set[Any] = set()
        for value in values:
            if not isinstance(value, str):
                continue  # decoding names the problem
            if value in seen:
                what = {"days": "two day entries", "sessions": "two sessions",
                        "blocks": "two blocks", "side_effects": "two side effects"}[name]
                raise CorruptJournalError(path, _unchanged(
                    f"holds {what} for {value[:40]!r}; a journal keeps one."))
            seen.add(value)


def check_tables(path: Path, parsed: Any) -> dict[str, Any]:
    """The file's parsed JSON once its shape, format marker and version, and one document
    per date or id, are checked (what the store and the quick reader both rely on)."""
    data = check_structure(path, parsed)
    _check_unique(path, data)
    return data


def record_tables(data: dict[str, Any]) -> dict[str, list[Any]]:
    """The documents of each record table (:data:`codec.TABLES`), in file order."""
    return {name: list(data.get(name, {}).values()) for name in codec.TABLES}


def decode(path: Path, raw: bytes) -> tuple[dict[str, Any], Journal]:
    """The tables and the validated journal held in ``raw`` (the bytes of ``path``)."""
    if not raw.strip():
        return {}, Journal()
    return decode_parsed(path, parse_json(path, raw))


def decode_parsed(path: Path, parsed: Any) -> tuple[dict[str, Any], Journal]:
    """As :func:`decode`, from the file's parsed JSON."""
    data = check_tables(path, parsed)
    tables = record_tables(data)
    try:
        journal = codec.journal_from_tables(tables)
    except ValidationError as exc:
        raise CorruptJournalError(path, _unchanged(
            f"holds a record that is not valid ({exc}).")) from None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, ArithmeticError,
            RecursionError) as exc:
        raise CorruptJournalError(path, _unchanged(
            f"holds a record that is not valid ({type(exc).__name__}: {str(exc)[:80]}).")
        ) from None
    return data, journal


def read_all(fd: int, size: int = 0) -> bytes:
    """Everything left in ``fd``. With the file's ``size`` it is usually one read and no copy
    (the file may still grow or shrink meanwhile: read on until the end either way)."""
    first = os.read(fd, max(size + 1, 1 << 16))
    if not first:
        return first
    chunks = [first]
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return first if len(chunks) == 1 else b"".join(chunks)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a journal is parsed and decoded.

    Building tens of thousands of objects, none of them garbage, otherwise sets off a dozen
    or more collections that each walk much of what was built so far (3-4 ms of opening ten
    years). Nested use is fine: only the outermost one turns the collector back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: Opening for reading never waits: a named pipe (FIFO) at the journal's path would
#: otherwise block until something writes to it, and a shell prompt would hang.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)


def not_a_file(path: Path | str, mode: int) -> JournalFileError:
    """The message for a journal path that names a folder, a pipe, a socket or a device."""
    import stat

    kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "not a regular file")
    from pathlib import Path as _Path

    return JournalFileError(_Path(path), f"is {kind}, not a journal file. Nothing was read or "
                            "changed; give the path of a journal file with --data FILE (see "
                            "journal locate).")


def open_regular(path: Path | str) -> int:
    """A read descriptor on ``path`` once it is known to be a regular file (without waiting);
    ``FileNotFoundError`` when there is none, :class:`JournalFileError` for anything else."""
    import stat

    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        from pathlib import Path as _Path

        if exc.errno == errno.ENXIO:  # a socket
            raise not_a_file(path, stat.S_IFSOCK) from None
        raise JournalFileError(_Path(path), f"cannot be read ({plain_reason(exc)}).") from exc
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise not_a_file(path, mode)
    return fd


def read_snapshot(path: Path) -> Snapshot:
    """Read and check ``path`` once, keeping it open so its identity stays unique."""
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        return Snapshot({}, Journal(), None)
    except OSError as exc:
        raise JournalFileError(path, f"cannot be read ({plain_reason(exc)}).") from exc
    handle = _Handle(fd)
    try:
        st = os.fstat(fd)
        raw = read_all(fd, st.st_size)
    except OSError as exc:
        handle.close()
        raise JournalFileError(path, f"cannot be read ({exc.strerror}).") from exc
    blank = not raw.strip()
    data: dict[str, Any]
    try:
        if blank:
            data, journal = {}, Journal()
        else:
            # Each form is dropped as soon as the next exists: a long journal's bytes, its
            # text and its parsed objects are never all held at once (peak memory).
            text = as_text(path, raw)
            del raw
            with collector_paused():
                parsed = parse_json(path, text)
                del text
                data, journal = decode_parsed(path, parsed)
    except JournalFileError:
        handle.close()
        raise
    return Snapshot(data, journal, signature_of(st), handle, blank=blank)


def load_journal(path: Path) -> Journal:
    """The journal held in ``path`` (a journal or a backup), or :class:`JournalFileError`."""
    return decode(path, read_bytes(path))[1]


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or :class:`JournalFileError` saying why they cannot be read."""
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        raise JournalFileError(path, "does not exist.") from None
    try:
        return read_all(fd)
    except OSError as exc:
        raise JournalFileError(path, f"cannot be read ({plain_reason(exc)}).") from exc
    finally:
        os.close(fd)


# --- writing -------------------------------------------------------------------------------
def encode(data: dict[str, Any], size: int = 0) -> bytes:
    """Serialise the tables once, without spaces, as orjson does: either writer gives the same
    bytes (``size``, about how long the result will be, chooses orjson for a long journal).
    Text that is not valid Unicode (a lone surrogate, as a shell passes on for bytes that are
    not UTF-8) is kept with ``\\u`` escapes rather than lost."""
    orjson = _fast_json(size)
    if orjson is not None:
        try:
            written: bytes = orjson.dumps(data)
            return written
        except TypeError:  # text that is not valid Unicode: the standard library escapes it
            pass
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=COMPACT)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, allow_nan=False,
                          separators=COMPACT).encode("ascii")


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable against power loss (POSIX), as far as possible.

    Best effort, like SQLite: when this fails the new file is already in place and complete;
    only its survival of a power cut in the next seconds is less certain. Some file systems
    refuse to sync folders at all.
    """
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def new_temp_file(folder: Path, prefix: str) -> tuple[int, str]:
    """Create and open ``<prefix><random>.tmp`` in ``folder``: new (``O_EXCL``), 0600.

    What ``tempfile.mkstemp`` does, without importing tempfile, which brings ``random`` and
    ``shutil`` (with its compression modules): about 6 ms of every ``journal log``.
    """
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NOFOLLOW", 0))
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(folder))


class ReadOnlyFileError(PermissionError):
    """The file has no write permission for its owner (0400): it is refused, not replaced."""


class ForeignOwnerError(PermissionError):
    """The file belongs to another user (or group) that this process cannot give it back to."""


def owner_for(path: Path) -> tuple[int, int]:
    """Who a file written at ``path`` must belong to: the owner of the file there now, else
    of the folder it goes in (so root writing in a person's folder leaves their files)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = os.stat(path.parent)
    return st.st_uid, st.st_gid


def _check_replaceable(path: Path) -> tuple[int, int] | None:
    """Refuse to replace a read-only file; the owner a new file must be given, when running
    as root, else None. A non-root writer never takes over another user's file."""
    import stat

    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR:
        raise ReadOnlyFileError(errno.EACCES, f"it is read-only (permissions "
                                f"{stat.S_IMODE(st.st_mode):04o})", str(path))
    if os.geteuid() == 0:
        return owner_for(path)
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_uid != os.geteuid():
        raise ForeignOwnerError(errno.EPERM, f"it belongs to another user (uid {st.st_uid}), "
                                "who would lose it", str(path))
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_gid != os.getegid():
        return -1, st.st_gid  # keep the group when we may (we are in it), else refuse
    return None


def atomic_write_bytes(path: Path, payload: bytes | Iterable[bytes], *,
                       keep_open: bool = False) -> int | None:
    """Write ``payload`` to ``path`` atomically and durably, as a 0600 file.

    ``payload`` may be an iterable of byte chunks (the json export streams its text), so a
    large file need not be held in memory whole; it is written as it comes.

    On any failure the temp file is removed and ``path`` is untouched. With ``keep_open`` the
    descriptor of the new file is returned (the caller closes it). A symlink at ``path`` is
    replaced, never followed (callers resolve a journal's link first). A read-only file
    (0400) is refused; a file keeps its owner and group (as root the new file is given them;
    as anyone else a file of another user is refused), so permissions are never widened
    and the owner is never locked out.
    """
    owner = _check_replaceable(path)
    fd, tmp = new_temp_file(path.parent, temp_prefix(path))
    try:
        os.fchmod(fd, 0o600)
        if owner is not None:
            try:
                os.fchown(fd, *owner)
            except OSError:
                if owner[0] != -1:
                    raise
                raise ForeignOwnerError(errno.EPERM, f"it belongs to group {owner[1]}, which "
                                        "this user cannot give a file to", str(path)) from None
        for part in (payload,) if isinstance(payload, bytes) else payload:
            view = memoryview(part)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "write made no progress")
                view = view[written:]
        os.fsync(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    if keep_open:
        return fd
    with contextlib.suppress(OSError):
        os.close(fd)
    return None


def leftover_temp_files(folder: Path, belongs: Any) -> list[Path]:
    """Temp files in ``folder`` (``.<name>.<random>.tmp``) whose ``<name>`` passes ``belongs``."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            core = name[1:-4].rpartition(".")[0]
            if core and belongs(core):
                found.append(folder / name)
    return found


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "the disk reported an input/output error",
    errno.ENOENT: "its folder has disappeared",
}


def plain_reason(exc: OSError) -> str:
    """Why an operation failed, in words (``the disk is full``), never ``[Errno 28] ...``."""
    if isinstance(exc, ReadOnlyFileError):
        return (f"{exc.strerror}; if you mean to change it, make it writable first "
                f"(chmod u+w {exc.filename})")
    if isinstance(exc, ForeignOwnerError):
        return f"{exc.strerror}; run the command as the user the file belongs to"
    reason = _REASONS.get(exc.errno or 0)
    if reason is None:
        reason = exc.strerror or type(exc).__name__
        reason = reason[:1].lower() + reason[1:]
    return reason


def write_error(path: Path, exc: OSError, *, what: str = "") -> JournalWriteError:
    """A plain message for a failed write; ``what`` names a step other than saving itself."""
    reason = plain_reason(exc)
    if what:
        return JournalWriteError(path, f"could not be saved: {what} failed because {reason}. "
                                 "The journal file is unchanged.")
    return JournalWriteError(path, f"could not be saved: {reason}. The journal file is "
                             "unchanged.")


# --- locking -------------------------------------------------------------------------------
def lock_path(journal_file: Path) -> Path:
    return journal_file.with_name(f".{journal_file.name}.lock")


def file_lock(journal_file: Path,
              timeout: float = LOCK_TIMEOUT) -> contextlib.AbstractContextManager[None]:
    """Hold the journal's write lock, waiting up to ``timeout`` seconds for it.

    Where the system has ``flock`` (Linux, macOS, the BSDs) it is taken directly: the
    ``filelock`` library takes the same lock there, but importing it (with ``logging`` and
    ``secrets``) would cost every ``journal log`` more than the rest of its start-up. Elsewhere
    (Windows) the library's lock is used. Both lock the same file, so they exclude each other.
    """
    if LIBRARY_LOCK:
        return _library_lock(journal_file, timeout)
    return _flock(journal_file, timeout)


#: Use the ``filelock`` library for the write lock: where there is no ``flock``, or in tests.
LIBRARY_LOCK = os.name != "posix"


def _timed_out(journal_file: Path, timeout: float) -> LockTimeoutError:
    return LockTimeoutError(
        journal_file, f"is being written by another process and stayed locked "
        f"for {timeout:g} seconds. Nothing was saved; try again.")


@contextlib.contextmanager
def _flock(journal_file: Path, timeout: float) -> Iterator[None]:
    import fcntl  # POSIX only; imported here so that reading a journal works everywhere

    try:
        fd = os.open(lock_path(journal_file), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        raise write_error(journal_file, exc, what="taking the write lock") from exc
    if os.geteuid() == 0:  # root must not leave a lock file its owner cannot open
        try:
            owner = owner_for(journal_file)
            if (os.fstat(fd).st_uid, os.fstat(fd).st_gid) != owner:
                os.fchown(fd, *owner)
        except OSError as exc:
            os.close(fd)
            raise write_error(journal_file, exc, what="taking the write lock") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _timed_out(journal_file, timeout) from None
                time.sleep(LOCK_POLL)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _library_lock(journal_file: Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    # The same guarantees as flock: a lock the system drops with its process (no fallback to
    # a lock file whose mere presence locks), and the lock file kept, as flock keeps it.
    lock = FileLock(lock_path(journal_file), mode=0o600, thread_local=False,
                    fallback_to_soft=False, preserve_lock_file=True)
    try:
        lock.acquire(timeout=timeout, poll_interval=LOCK_POLL)
    except Timeout:
        raise _timed_out(journal_file, timeout) from None
    except OSError as exc:
        raise write_error(journal_file, exc, what="taking the write lock") from exc
    try:
        yield
    finally:
        lock.release()
