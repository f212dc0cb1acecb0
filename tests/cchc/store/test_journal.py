"""The audit log as a hash chain: every write is sealed after its commit, and an edit, a deletion or an
insertion made outside the app breaks the chain where it happened."""
from cchc import auth
from cchc.store import db, journal
from tests.cchc.test_auth import PASSWORD

ADMIN = auth.User("snv", auth.ADMIN, None, None)


def test_writes_are_sealed_and_the_chain_holds(conn, sent):
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, ADMIN)
    auth.set_password(conn, "lanhdao", PASSWORD + "2", ADMIN)
    found = journal.verify(conn)
    total = db.query_rows(conn, "SELECT count(*) FROM audit_log")[0][0]
    assert (found.checked, found.waiting, found.breaks) == (total, 0, [])
    seqs = [r[0] for r in db.query_rows(conn, "SELECT chain_seq FROM audit_log ORDER BY chain_seq")]
    assert seqs == list(range(1, total + 1))


def test_an_edit_outside_the_app_shows(conn, sent):
    target = db.query_rows(conn, "SELECT id, chain_seq FROM audit_log WHERE action = 'ingest_rejected' "
                                 "ORDER BY id LIMIT 1")[0]
    with db.transaction(conn) as cur:
        cur.execute("UPDATE audit_log SET actor = 'nguoi-khac' WHERE id = ?", [target[0]])
    breaks = journal.verify(conn).breaks
    assert breaks == [f"Mục nhật ký số {target[0]} (vị trí {target[1]} trong chuỗi): nội dung không khớp mã băm "
                      "(đã bị sửa ngoài ứng dụng)."]


def test_a_deleted_entry_shows_and_a_forged_one_too(conn, sent):
    last = db.query_rows(conn, "SELECT max(chain_seq) FROM audit_log")[0][0]
    with db.transaction(conn) as cur:
        cur.execute("DELETE FROM audit_log WHERE chain_seq = 2")
    breaks = journal.verify(conn).breaks
    assert any("Thiếu mục ở vị trí 2–2" in b for b in breaks) and any("không nối với mục trước" in b for b in breaks)
    with db.transaction(conn) as cur:       # a forged entry with a made-up place and hash
        cur.execute("INSERT INTO audit_log (actor, action, chain_seq, prev_hash, entry_hash) "
                    "VALUES ('ke-gian', 'user_add', ?, 'x', 'y')", [last + 1])
    assert sum("không khớp mã băm" in b for b in journal.verify(conn).breaks) == 1


def test_the_chain_is_read_a_batch_at_a_time_and_checked_across_batches(conn, sent, monkeypatch):
    monkeypatch.setattr(journal, "_BATCH", 2)       # a log of years, in small pieces: each link across pieces holds
    total = db.query_rows(conn, "SELECT count(*) FROM audit_log")[0][0]
    assert total > 4 and journal.verify(conn).checked == total and not journal.verify(conn).breaks
    with db.transaction(conn) as cur:               # the first entry of the third batch
        cur.execute("DELETE FROM audit_log WHERE chain_seq = 5")
    assert [b.split(" (")[0] for b in journal.verify(conn).breaks] == ["Thiếu mục ở vị trí 5–5 của chuỗi nhật ký",
                                                                      f"Mục nhật ký số {_id_at(conn, 6)}"]


def _id_at(conn: db.Connection, seq: int) -> int:
    return db.query_rows(conn, "SELECT id FROM audit_log WHERE chain_seq = ?", [seq])[0][0]


def test_entries_left_unsealed_by_a_crash_are_sealed_by_the_next_write(conn):
    with db.transaction(conn) as cur:      # as if the process died between the commit and the seal
        cur.execute("INSERT INTO audit_log (actor, action) VALUES ('x', 'sign_in')")
    assert journal.verify(conn).waiting == 1
    auth.add_user(conn, "lanhdao", PASSWORD, auth.VIEWER, ADMIN)
    found = journal.verify(conn)
    assert (found.waiting, found.breaks) == (0, [])
