"""The journal file: the only code that touches TinyDB.

Guarantees, each tested (``tests/test_store.py``, ``test_crash.py``, ``test_io_faults.py``,
``test_concurrency.py``, ``test_fuzz.py``):

* Writes are atomic and durable: the whole journal goes to a temp file in the same folder,
  which is fsynced, renamed over the journal with ``os.replace``, and the folder is fsynced.
  A crash leaves either the old file or the new one, never a mix; temp files a killed writer
  left behind are removed by the next open. (Stock TinyDB rewrites the file in place, so a kill
  mid-write can corrupt it.) A write that fails (disk full, I/O error) raises
  :class:`JournalWriteError`, leaves the file as it was and the in-memory journal equal to it.
* The file is created 0600 and the folders we create 0700, whatever the umask.
* A file that is not valid journal JSON, or that a newer version wrote, is refused with a
  message naming the file and the problem (and, for a damaged file, the newest backup that
  opens and the command that restores it), and is never overwritten.
* One writer at a time, per write: a process holds a lock on a separate lock file only while it
  writes (``flock``, so a killed process never leaves a stale lock). Under the lock it checks
  whether the file changed since it last read it and, if so, re-reads before applying its own
  change, so the app and ``journal log`` in a shell never overwrite each other.
* The file is read once on open and kept in memory; a write serialises from memory once and
  does not re-read the file unless another process changed it.
* One copy of the data: TinyDB holds the documents (changed only through its public API, in
  :meth:`Store._put`), and :attr:`Store.journal` is derived from them after each change
  (:meth:`Store._derive` decodes the documents written; the rest are reused as decoded).
* Before the first write of each day the file is copied to the backups folder (``backups.py``);
  the store remembers the day it did so, so later writes pay nothing for it.

Reading, checking, writing and locking the file itself live in :mod:`journal.journal_file`.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from datetime import date
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage

from journal.clock import Clock, SystemClock
from journal.domain import codec
from journal.domain.clinical import BlockMeasures
from journal.domain.errors import ValidationError
from journal.domain.merge import ChangedElsewhere
from journal.domain.models import (
    Amendment,
    Block,
    DayEntry,
    Journal,
    Plan,
    Session,
    SideEffect,
    plan_changes,
)
from journal.journal_file import (
    LOCK_TIMEOUT,
    CorruptJournalError,
    JournalFileError,
    JournalWriteError,
    LockTimeoutError,
    NewerFormatError,
    Signature,
    Snapshot,
    _Handle,
    atomic_write_bytes,
    collector_paused,
    current_signature,
    encode,
    file_lock,
    leftover_temp_files,
    lock_path,
    not_a_file,
    read_snapshot,
    signature_of,
    write_error,
)
from journal.paths import backups_dir, ensure_private_dir, through_link

__all__ = [
    "LOCK_TIMEOUT",
    "ChangedElsewhere",
    "CorruptJournalError",
    "JournalFileError",
    "JournalWriteError",
    "LockTimeoutError",
    "NewerFormatError",
    "Store",
    "atomic_write_bytes",
]


def _check_expected(entry: DayEntry | None, expect: Mapping[str, Any]) -> None:
    from journal.domain.merge import entry_values

    stored = entry_values(entry)
    moved = tuple(k for k, v in expect.items() if stored.get(k) != v)
    if moved:
        raise ChangedElsewhere(moved)


def _replaced_by(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that makes a document exactly ``doc`` (a plain update would keep
    keys ``doc`` leaves out, such as a medicine dose that was cleared)."""
    def replace(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(doc)
    return replace


def _named(field: str, key: str) -> QueryLike:
    """The TinyDB condition for the document whose ``field`` is ``key``.

    Any hashable callable is a condition to TinyDB (its ``QueryLike``); a plain function
    costs a fraction of ``where(field) == key`` per document, and a save tests every
    stored day (bench figure K1).
    """
    def named(value: Mapping[str, Any]) -> bool:
        return value.get(field) == key
    return named


class _BackupFailed(Exception):
    """The daily backup could not be written (wraps the OSError)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _MemoryAtomicStorage(Storage):
    """TinyDB storage that keeps the documents in memory and writes the file atomically.

    ``read`` never touches the disk: the :class:`Store` loads (and validates) the file and
    hands the documents over. Between :meth:`begin` and :meth:`commit`, TinyDB's writes only
    change memory and :meth:`commit` writes the file once, so a multi-step change (an
    import) is all or nothing; :meth:`abandon` ends a transaction without writing.
    """

    def __init__(self, data: dict[str, Any], save: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.data = data
        self._save = save
        self._in_transaction = False
        self._changed = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self._changed = True
        if not self._in_transaction:
            self.commit()

    @property
    def changed(self) -> bool:
        """Whether the documents changed since the transaction began (not written yet)."""
        return self._changed

    def mark_changed(self) -> None:
        """Have the next commit write the file even if TinyDB reported no write."""
        self._changed = True

    def begin(self) -> None:
        self._in_transaction = True
        self._changed = False

    def abandon(self) -> None:
        """End the transaction without writing (the store then reloads the file)."""
        self._in_transaction = False
        self._changed = False

    def commit(self) -> None:
        self._in_transaction = False
        if not self._changed:
            return
        self._save(self.data)
        self._changed = False

    def close(self) -> None:
        pass


def backup_hint(journal_file: Path) -> str:
    """Where the newest backup that opens is, and the command that puts it back."""
    import shlex

    from journal import backups, paths

    folder = backups_dir(journal_file)
    try:
        good = backups.newest_good_backup(journal_file)
    except OSError:
        good = None
    if good is None:
        return f"No backup that opens was found in {folder}."
    command = "journal"
    with contextlib.suppress(Exception):
        if paths.data_file(None) != journal_file.absolute():
            command += f" --data {shlex.quote(str(journal_file))}"
    label = backups.describe(journal_file, good)
    return (f"The newest backup that opens, from {label}, is at {good}; restore it with: "
            f"{command} restore {shlex.quote(str(good))}")


def new_id() -> str:
    """A random 12-hex-digit id for a block or side effect (48 random bits; ids are only
    compared within one journal)."""
    return os.urandom(6).hex()


class Store:
    """Read and change one journal file. See the module docstring for the guarantees."""

    def __init__(
        self,
        path: Path | str,
        clock: Clock | None = None,
        *,
        lock_timeout: float = LOCK_TIMEOUT,
        backups: bool = True,
    ) -> None:
        self.path = Path(through_link(os.fspath(path)))
        self.clock: Clock = clock or SystemClock()
        self.lock_timeout = lock_timeout
        self.backups_enabled = backups
        self._signature: Signature | None = None
        self._handle: _Handle | None = None
        self._db: TinyDB | None = None
        self._storage: _MemoryAtomicStorage | None = None
        self._touched: dict[tuple[str, str], int | None] = {}
        self._revision = 0
        self._backed_up_on: date | None = None
        self._stale = False
        self.journal = Journal()
        with contextlib.suppress(OSError):
            mode = os.stat(self.path).st_mode
            if not stat.S_ISREG(mode):
                raise not_a_file(self.path, mode)
        self._load()
        self._clean_leftovers()

    @property
    def revision(self) -> int:
        """A number that changes whenever :attr:`journal` is read again or changed (screens
        compare it to know whether to redraw)."""
        return self._revision

    @property
    def lock_path(self) -> Path:
        return lock_path(self.path)

    def close(self) -> None:
        """Let go of the file (optional: dropping the store does the same)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    # --- loading -----------------------------------------------------------------------
    def _read(self) -> Snapshot:
        """Read the file; a damaged one is refused with the way back from a backup."""
        try:
            snapshot = read_snapshot(self.path)
        except CorruptJournalError as exc:
            raise CorruptJournalError(
                self.path, f"{exc.problem} {backup_hint(self.path)}") from None
        if snapshot.blank:
            from journal import backups

            if backups.list_backups(self.path):
                if snapshot.handle is not None:
                    snapshot.handle.close()
                raise CorruptJournalError(
                    self.path, "is empty, but backups of it exist, so it was probably damaged. "
                    "It has not been changed (if you emptied it on purpose, delete it to start "
                    f"a new journal). {backup_hint(self.path)}")
        return snapshot

    def _load(self) -> None:
        snapshot = self._read()
        data = snapshot.data
        self._storage = _MemoryAtomicStorage(data, self._save)
        storage = self._storage
        self._db = TinyDB(storage=lambda: storage)
        self.journal = snapshot.journal
        self._signature = snapshot.signature
        self._stale = False
        self._revision += 1
        self._hold(snapshot.handle)

    def _hold(self, handle: _Handle | None) -> None:
        """Keep the file we last saw open, so its inode cannot be reused by a newer file."""
        old, self._handle = self._handle, handle
        if old is not None:
            old.close()

    def refresh(self) -> bool:
        """Re-read the file if another process changed it. True when something was reloaded."""
        if not self._stale and current_signature(self.path) == self._signature:
            return False
        self._load()
        return True

    def _clean_leftovers(self) -> None:
        """Remove temp files a killed writer left behind (only while nobody writes)."""
        from journal import backups

        folder = self.path.parent
        if not folder.is_dir():
            return
        try:
            with file_lock(self.path, timeout=0):
                name = self.path.name
                found = leftover_temp_files(folder, lambda core: core == name)
                found += leftover_temp_files(
                    backups_dir(self.path),
                    lambda core: backups.owns_temp_name(self.path, core))
                for leftover in found:
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        except JournalFileError:
            pass

    # --- writing -----------------------------------------------------------------------
    def _locked(self, timeout: float | None = None) -> contextlib.AbstractContextManager[None]:
        return file_lock(self.path, self.lock_timeout if timeout is None else timeout)

    def _save(self, data: dict[str, Any]) -> None:
        """Serialise once, write atomically, and remember which file we wrote."""
        size = self._signature[2] if self._signature else 0  # about the size written now
        with collector_paused():  # encoding makes many objects and no garbage
            payload = encode(data, size)
        fd = atomic_write_bytes(self.path, payload, keep_open=True)
        assert fd is not None
        handle = _Handle(fd)
        self._signature = signature_of(os.fstat(fd))
        self._hold(handle)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Journal]:
        """Lock, catch up with other writers, apply changes in memory, write once.

        Yields the up-to-date journal. Any exception inside discards every change of the
        transaction (memory is reloaded from the untouched file) and propagates; an
        ``OSError`` becomes a :class:`JournalWriteError` with a plain message.
        """
        try:
            ensure_private_dir(self.path.parent)
        except OSError as exc:
            raise write_error(self.path, exc, what="creating its folder") from exc
        with self._locked():
            if self._stale or current_signature(self.path) != self._signature:
                self._load()
            assert self._storage is not None
            self._storage.begin()
            self._touched = {}
            try:
                yield self.journal
                if self._storage.changed:
                    derived = self._derive(self.journal)
                    self._ensure_meta()
                    if self.backups_enabled:
                        self._before_first_write_of_day()
                    self._storage.commit()
                    self.journal = derived
                    self._revision += 1
            except BaseException as exc:
                self._storage.abandon()
                self._discard_changes()
                if isinstance(exc, _BackupFailed):
                    raise write_error(self.path, exc.cause,
                                      what="today's backup copy") from exc.cause
                if isinstance(exc, OSError):
                    raise write_error(self.path, exc) from exc
                raise

    def _stored_block(self, block_id: str) -> Block:
        block = self.journal.block_by_id(block_id)
        assert block is not None
        return block

    def _stored_effect(self, effect_id: str) -> SideEffect:
        return next(s for s in self.journal.side_effects if s.id == effect_id)

    def _discard_changes(self) -> None:
        """Forget a failed transaction's changes to the tables by reading the file again.

        ``self.journal`` is only updated after a successful write, so it still matches the
        file. If the file cannot be read right now either (the disk that failed the write may
        fail reads too), the store stays marked stale and reads it before its next write.
        """
        self._stale = True
        with contextlib.suppress(JournalFileError):
            self._load()

    def _ensure_meta(self) -> None:
        assert self._db is not None
        meta = self._db.table("meta")
        mark = {"format": "trial-journal", "version": codec.FORMAT_VERSION}
        if not len(meta):
            meta.insert(mark)
        elif meta.all()[0].get("version") != codec.FORMAT_VERSION:
            meta.update(mark)  # an older file is marked with the version now written

    def _before_first_write_of_day(self) -> None:
        """Copy the journal aside before the first write of each day (see backups.py)."""
        from journal import backups

        today = self.clock.today()
        if self._backed_up_on == today:
            return
        existed = self.path.exists()
        try:
            backups.daily_backup(self.path, today)
        except OSError as exc:
            raise _BackupFailed(exc) from exc
        # A journal created by this write had nothing to copy: the next write of the day
        # (in the app, the second save) makes the copy, as a new ``journal log`` would.
        if existed:
            self._backed_up_on = today

    def _put(self, table: str, key: str, doc: dict[str, Any] | None) -> None:
        """Replace the document named ``key`` in ``table`` by ``doc`` (None removes it).

        Only TinyDB's documents change here; the journal is derived from them when the
        transaction ends (:meth:`_derive`).
        """
        assert self._db is not None
        tbl = self._db.table(table)
        named = _named(codec.RECORD_KEYS[table], key)
        if doc is None:
            tbl.remove(named)
            self._touched[table, key] = None
            return
        ids = tbl.update(_replaced_by(doc), named) or [tbl.insert(doc)]
        self._touched[table, key] = ids[0]

    def _derive(self, before: Journal) -> Journal:
        """The journal TinyDB's documents now hold.

        Each document written in this transaction is decoded again from the table; every
        other record is taken from ``before``, which was decoded from the same, unchanged
        documents (the per-document cache that keeps a save from decoding the whole file).
        Days not built as entries yet stay unbuilt, with the saved ones as changes.
        """
        assert self._db is not None
        changes: dict[str, dict[Any, Any]] = {}
        for (table, key), doc_id in self._touched.items():
            name = date.fromisoformat(key) if table in ("days", "sessions") else key
            doc = None if doc_id is None else self._db.table(table).get(doc_id=doc_id)
            changes.setdefault(table, {})[name] = (
                None if doc is None else codec.DECODERS[table](dict(doc)))

        def changed(view: dict[Any, Any], table: str) -> dict[Any, Any]:
            if table not in changes:
                return view
            view = dict(view)
            for name, record in changes[table].items():
                if record is None:
                    view.pop(name, None)
                else:
                    view[name] = record
            return view

        blocks = changed({b.id: b for b in before.blocks}, "blocks")
        effects = changed({s.id: s for s in before.side_effects}, "side_effects")
        days = before.unbuilt_days
        journal = Journal(list(blocks.values()),
                          changed(before.entries, "days") if days is None else None,
                          changed(before.sessions, "sessions"),
                          sorted(effects.values(), key=lambda s: (s.day, s.id)),
                          days=None if days is None else days.changed(changes.get("days", {})))
        journal.invalid = [item for item in before.invalid
                           if (item.table, item.key) not in self._touched]
        return journal

    # --- blocks ------------------------------------------------------------------------
    def add_block(self, plan: Plan) -> Block:
        """Save a new block. Names are unique, blocks may not overlap, thresholds are above 0."""
        assert plan.rule is not None
        plan.rule.check_positive()
        with self.transaction() as journal:
            self._check_block(journal, plan, None)
            block = Block(new_id(), plan, (), self.clock.now())
            self._put("blocks", block.id, codec.encode_block(block))
        return self._stored_block(block.id)

    def update_block(self, block_id: str, plan: Plan, reason: str | None = None) -> Block:
        """Change a block's plan.

        Until the first day inside the block is logged the plan is simply replaced (see
        :meth:`Block.is_frozen`). Afterwards the change is kept as a dated amendment with a
        required reason, and the original plan stays. A pain-scale change of a block that holds
        logged pain is refused (:meth:`Block.check_change`), and nothing is written.
        """
        with self.transaction() as journal:
            block = journal.block_by_id(block_id)
            if block is None:
                raise ValidationError("block", "no longer exists")
            self._check_block(journal, plan, block_id)
            block.check_change(plan, journal)
            changes = plan_changes(block.current, plan)
            if not changes:
                return block
            today = self.clock.today()
            if block.is_frozen(journal):
                if not reason or not reason.strip():
                    raise ValidationError(
                        "reason for the change",
                        "is required: days inside this block are logged, so this change is "
                        "kept as a dated amendment beside the original plan")
                amendment = Amendment(today, reason, changes, self.clock.now())
                new = Block(block.id, block.plan, (*block.amendments, amendment),
                            block.created_at, block.measures)
            else:
                new = Block(block.id, plan, (), block.created_at, block.measures)
            self._put("blocks", block.id, codec.encode_block(new))
        return self._stored_block(block_id)

    def update_measures(self, block_id: str,
                        change: Callable[[Block], BlockMeasures]) -> Block:
        """Save the clinician measures ``change`` makes from the up-to-date block (PEG-3,
        impression, expectation, medicine name, care notes: see domain/clinical.py)."""
        with self.transaction() as journal:
            block = journal.block_by_id(block_id)
            if block is None:
                raise ValidationError("block", "no longer exists")
            new = Block(block.id, block.plan, block.amendments, block.created_at, change(block))
            self._put("blocks", block.id, codec.encode_block(new))
        return self._stored_block(block_id)

    def delete_block(self, block_id: str) -> None:
        """Remove a block (its day entries stay: they belong to the person, not the plan)."""
        with self.transaction():
            self._put("blocks", block_id, None)

    def _check_block(self, journal: Journal, plan: Plan, block_id: str | None) -> None:
        for other in journal.blocks:
            if other.id == block_id:
                continue
            if other.name.casefold() == plan.name.casefold():
                raise ValidationError("name", f"is already used by another block ({other.name})")
            o = other.current
            if plan.overlaps(o):
                raise ValidationError(
                    "first session date",
                    f"overlaps block {other.name!r} ({o.baseline_start.isoformat()} to "
                    f"{o.block_end.isoformat()}, baseline included)")

    # --- days --------------------------------------------------------------------------
    def _check_not_future(self, day: date) -> None:
        today = self.clock.today()
        if day > today:
            raise ValidationError("date", f"cannot be in the future (today is {today.isoformat()})")

    def log_day(self, day: date, *, expect: Mapping[str, Any] | None = None,
                **fields: Any) -> tuple[DayEntry, bool]:
        """Record ``fields`` for ``day``, merging into an existing entry.

        Returns the saved entry and whether it was new ("logged") rather than an update.
        ``expect`` (field -> value) guards a screen's save: if, under the write lock, a field
        holds something else (another process changed it), nothing is written and
        :class:`ChangedElsewhere` names the fields.
        """
        self._check_not_future(day)
        with self.transaction() as journal:
            existing = journal.entry(day)
            if expect:
                _check_expected(existing, expect)
            now = self.clock.now()
            if existing is None:
                entry = DayEntry(day, **fields, recorded_at=now)
            else:
                entry = existing.replace(**fields, edited_at=now)
            entry.check_scale(journal.pain_scale_for(day))
            self._put("days", day.isoformat(), codec.encode_entry(entry))
        saved = self.journal.entry(day)
        assert saved is not None
        return saved, existing is None

    def put_entry(self, entry: DayEntry | None, day: date, *,
                  expect: DayEntry | bool | None = True) -> None:
        """Put back an exact entry (or remove the day when ``entry`` is None). Used by undo.

        With ``expect`` given (an entry or None), the day must hold exactly that under the
        write lock, else nothing is written and :class:`ChangedElsewhere` is raised.
        """
        with self.transaction() as journal:
            if expect is not True and journal.entry(day) != expect:
                raise ChangedElsewhere(("entry",))
            self._put("days", day.isoformat(), None if entry is None
                      else codec.encode_entry(entry))

    # --- sessions and side effects ---------------------------------------------------
    def save_session(self, session: Session) -> tuple[Session, bool]:
        """Record the session delivered on its date (one per date; a second save updates)."""
        self._check_not_future(session.day)
        with self.transaction() as journal:
            existing = journal.sessions.get(session.day)
            if session.block_id is None:
                block = journal.block_for(session.day)
                session = session.replace(block_id=block.id if block else None)
            if session.recorded_at is None:
                session = session.replace(
                    recorded_at=existing.recorded_at if existing and existing.recorded_at
                    else self.clock.now())
            self._put("sessions", session.day.isoformat(), codec.encode_session(session))
        return self.journal.sessions[session.day], existing is None

    def put_session(self, session: Session | None, day: date) -> None:
        """Put back an exact session (or remove it when None). Used by undo."""
        with self.transaction():
            self._put("sessions", day.isoformat(), None if session is None
                      else codec.encode_session(session))

    def add_side_effect(self, day: date, kind: str, severity: int,
                        settled: bool | None = None, note: str = "") -> SideEffect:
        self._check_not_future(day)
        effect = SideEffect(new_id(), day, kind, severity, settled, note,
                            self.clock.now())
        with self.transaction():
            self._put("side_effects", effect.id, codec.encode_side_effect(effect))
        return self._stored_effect(effect.id)

    def add_side_effects(self, day: date, items: list[tuple[str, int]]) -> list[SideEffect]:
        """Record several side effects of one day in one write: all of them or none."""
        self._check_not_future(day)
        now = self.clock.now()
        effects = [SideEffect(new_id(), day, kind, severity, None, "", now)
                   for kind, severity in items]
        with self.transaction():
            for effect in effects:
                self._put("side_effects", effect.id, codec.encode_side_effect(effect))
        return [self._stored_effect(effect.id) for effect in effects]

    def set_settled(self, effect_id: str, settled: bool | None) -> SideEffect:
        with self.transaction() as journal:
            effect = next((s for s in journal.side_effects if s.id == effect_id), None)
            if effect is None:
                raise ValidationError("side effect", "no longer exists")
            effect = effect.replace(settled=settled)
            self._put("side_effects", effect.id, codec.encode_side_effect(effect))
        return self._stored_effect(effect_id)

    def delete_side_effect(self, effect_id: str) -> None:
        with self.transaction():
            self._put("side_effects", effect_id, None)

    # --- bulk ------------------------------------------------------------------------------
    def replace_all(self, journal: Journal) -> None:
        """Write a whole journal in one atomic step (restore of the demo, benchmarks)."""
        self.rebuild(lambda _current: journal)

    def rebuild(self, build: Callable[[Journal], Journal]) -> Journal:
        """Compute a new whole journal from the up-to-date one and write it, under one lock.

        ``build`` sees the journal as it is on disk at this moment (another process's
        latest save included) and may raise to abandon the change: nothing is written then.
        Used by imports, so a merge can never overwrite a save made while it was parsing.
        """
        with self.transaction() as current:
            journal = build(current)
            assert self._db is not None
            for name in codec.TABLES:
                self._db.drop_table(name)
            export = codec.journal_to_export(journal)
            for name in codec.TABLES:
                if export[name]:
                    self._db.table(name).insert_multiple(export[name])
            self._keep_set_aside(current, export)
            # The new journal may equal no change TinyDB reported: write it all the same.
            assert self._storage is not None
            self._storage.mark_changed()
        self._load()
        return self.journal

    def _keep_set_aside(self, current: Journal, export: dict[str, Any]) -> None:
        """Records set aside as out of range stay in the file as they were, unless the new
        journal now holds a valid record with the same date or id."""
        assert self._db is not None
        for item in current.invalid:
            key = "id" if item.table in ("blocks", "side_effects") else "date"
            if item.key is None or item.key not in {d.get(key) for d in export[item.table]}:
                self._db.table(item.table).insert(item.doc)

    def export(self) -> dict[str, Any]:
        return codec.journal_to_export(self.journal)

