"""Tests of check.py through the whole pipeline: a copy of a real scenario,
edited as a person might, read by `dbquirks django` and checked on Django.

`make test-django` runs them (run.sh) with the environment's Python,
DBQUIRKS set to a built dbquirks command, and inside servers.sh, whose
MariaDB the server scenario's test needs:

    internal/record/testdata/servers.sh env DBQUIRKS=bin/dbquirks \
        python -m unittest discover -s internal/djangocheck
"""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import backends  # noqa: E402 (after the path that finds it)
import verdict  # noqa: E402

SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "sqlite-like-ascii-case.md")
# A scenario about MariaDB, checked on the server servers.sh starts.
SERVER_SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "mariadb-pad-space.md")
SQL = '''WHERE "shop_person"."name" LIKE %s ESCAPE'''
ORM_START = "  orm: |\n"


class CheckTest(unittest.TestCase):
    def check(self, edit=lambda src: src, scenario=SCENARIO, environ=None):
        """check.py's exit code and output for an edited copy of scenario,
        with environ as its environment (this process's by default)."""
        with open(scenario, encoding="utf-8") as f:
            src = f.read()
        edited = edit(src)
        with tempfile.TemporaryDirectory() as dir:
            with open(os.path.join(dir, "copy.md"), "w", encoding="utf-8") as f:
                f.write(edited)
            cases = os.path.join(dir, "cases.json")
            subprocess.run([os.environ["DBQUIRKS"], "django", "--out", cases, dir], check=True, capture_output=True)
            done = subprocess.run(
                [sys.executable, os.path.join(HERE, "check.py"), cases],
                capture_output=True,
                text=True,
                env=environ,
            )
        return done.returncode, done.stdout + done.stderr

    def test_the_scenario_as_written_holds(self):
        code, out = self.check()
        self.assertEqual(code, 0, out)
        self.assertIn("ok   ", out)
        self.assertIn("all 1 checked scenarios hold on Django", out)

    def test_an_identifier_edited_in_sql_fails(self):
        def edit(src):
            self.assertEqual(src.count(SQL), 1, "the edit must touch the front matter's sql, once")
            return src.replace(SQL, SQL.replace('"name"', '"nom"'))

        code, out = self.check(edit)
        self.assertEqual(code, 1, out)
        self.assertIn("FAIL", out)
        self.assertIn('not sent: SELECT "shop_person"."id", "shop_person"."name" FROM "shop_person" WHERE "shop_person"."nom" LIKE', out)
        self.assertIn('closest:  SELECT "shop_person"."id", "shop_person"."name" FROM "shop_person" WHERE "shop_person"."name" LIKE', out)
        self.assertIn("1 of 1 checked scenarios differ from Django", out)

    def test_an_identifier_edited_in_a_server_scenarios_sql_fails(self):
        # Needs the MariaDB that servers.sh starts (make test-django runs
        # these tests inside it): without it, this fails, as check.py does.
        sql = "WHERE `shop_tag`.`name` = %s LIMIT 21"

        def edit(src):
            self.assertEqual(src.count(sql), 1, "the edit must touch the front matter's sql, once")
            return src.replace(sql, sql.replace("`name`", "`nom`"))

        code, out = self.check(edit, SERVER_SCENARIO)
        self.assertEqual(code, 1, out)
        self.assertIn("(mysql)", out)
        self.assertIn("not sent: SELECT `shop_tag`.`id`, `shop_tag`.`name` FROM `shop_tag` WHERE `shop_tag`.`nom` = %s", out)
        self.assertIn("closest:  SELECT `shop_tag`.`id`, `shop_tag`.`name` FROM `shop_tag` WHERE `shop_tag`.`name` = %s", out)

    def test_a_threads_connection_is_captured_from_its_first_statement(self):
        # Django's MySQL backend sets the session's isolation level as it
        # connects, before the connection_created signal: a thread's
        # connection must be watched from the moment Django creates it.
        thread = (
            "    import threading\n"
            "    thread = threading.Thread(target=lambda: (Tag.objects.count(), connection.close()))\n"
            "    thread.start()\n"
            "    thread.join()\n"
        )
        sql = "    -- Thread: its own connection\n    SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED\n"

        def edit(src):
            src = src.replace("  sql: |\n", thread + "  sql: |\n", 1)
            return src.replace("  note: |\n", sql + "  note: |\n", 1)

        code, out = self.check(edit, SERVER_SCENARIO)
        self.assertEqual(code, 0, out)

    def test_a_server_scenario_without_its_server_fails(self):
        environ = {k: v for k, v in os.environ.items() if k not in backends.SERVER_VARIABLES.values()}
        code, out = self.check(scenario=SERVER_SCENARIO, environ=environ)
        self.assertEqual(code, 1, out)
        self.assertIn("FAIL", out)
        self.assertIn("no mysql database to run on:\n    backend mysql: DBQUIRKS_MARIADB is not set", out)
        self.assertIn("1 of 1 checked scenarios differ from Django", out)

    def test_a_stated_exception_must_happen(self):
        code, out = self.check(lambda src: src.replace(ORM_START, "  raises: IntegrityError\n" + ORM_START, 1))
        self.assertEqual(code, 1, out)
        self.assertIn("expected IntegrityError, and nothing was raised", out)

    def test_an_exception_not_stated_fails(self):
        code, out = self.check(lambda src: src.replace(ORM_START, ORM_START + '    Person.objects.get(name="aabb")\n', 1))
        self.assertEqual(code, 1, out)
        self.assertIn(
            "raised DoesNotExist: Person matching query does not exist. at line 1 of django.orm "
            '(Person.objects.get(name="aabb")), and the scenario states no raises',
            out,
        )

    def test_a_failed_assert_names_its_statement(self):
        wrong = '    assert Person.objects.filter(name__contains="aa").count() == 0\n'
        code, out = self.check(lambda src: src.replace("  sql: |\n", wrong + "  sql: |\n", 1))
        self.assertEqual(code, 1, out)
        self.assertIn(
            'raised AssertionError at line 6 of django.orm (assert Person.objects.filter(name__contains="aa").count() == 0)',
            out,
        )

    def test_the_exception_of_the_last_statement(self):
        last = '    Person.objects.get(name="aabb")  # = keeps case\n'

        def edit(src, raises):
            src = src.replace(ORM_START, f"  raises: {raises}\n" + ORM_START, 1)
            return src.replace("  sql: |\n", last + "  sql: |\n", 1)

        code, out = self.check(lambda src: edit(src, '"Person.DoesNotExist: does not exist"'))
        self.assertEqual(code, 0, out)
        code, out = self.check(lambda src: edit(src, "MultipleObjectsReturned"))
        self.assertEqual(code, 1, out)
        self.assertIn("expected MultipleObjectsReturned, got DoesNotExist", out)


    # Another worker, in a thread: its own connection, its own transaction.
    THREAD = (
        "    import threading\n"
        "    def worker():\n"
        "        with transaction.atomic():\n"
        '            Person.objects.create(name="Ccdd")\n'
        "    thread = threading.Thread(target=worker)\n"
        "    thread.start()\n"
        "    thread.join()\n"
        "    assert Person.objects.count() == 2\n"
    )

    def with_thread(self, src, database, thread_section="    -- Thread: the worker\n"):
        """sqlite-like-ascii-case with a thread's atomic() in its ORM code,
        whose BEGIN and COMMIT the main thread never sends, at the end of
        its sql after thread_section."""
        src = src.replace(ORM_START, database + ORM_START, 1)
        sql = src.index("  sql: |\n")
        end = src.index("  note: |\n", sql)
        src = src[:end] + thread_section + "    BEGIN\n    COMMIT\n" + src[end:]
        return src.replace("  sql: |\n", self.THREAD + "  sql: |\n", 1)

    def test_a_threads_statements_and_commit_are_captured_on_a_file(self):
        code, out = self.check(lambda src: self.with_thread(src, "  database: file\n"))
        self.assertEqual(code, 0, out)
        self.assertIn("all 1 checked scenarios hold on Django", out)

    def test_a_threads_statements_do_not_match_the_main_threads_lines(self):
        # The same BEGIN and COMMIT without "-- Thread:" are the main
        # thread's, which sends neither.
        code, out = self.check(lambda src: self.with_thread(src, "  database: file\n", thread_section=""))
        self.assertEqual(code, 1, out)
        self.assertIn("not sent: BEGIN", out)
        self.assertIn("(sent on thread 1's connection: a line sent by a thread goes after", out)
        self.assertIn("    thread 1: COMMIT", out)

    def test_a_threads_lines_in_another_order_fail(self):
        # Its connection sent BEGIN, then COMMIT: listed the other way
        # round, the set rule let them through.
        def edit(src):
            src = self.with_thread(src, "  database: file\n")
            return src.replace("    BEGIN\n    COMMIT\n", "    COMMIT\n    BEGIN\n", 1)

        code, out = self.check(edit)
        self.assertEqual(code, 1, out)
        self.assertIn("out of order: BEGIN\n    thread 1's connection sent it only before COMMIT, which the sql lists ahead of it:", out)
        self.assertIn("  >      1: BEGIN\n", out)
        self.assertIn("  ^      3: COMMIT\n", out)

    def test_without_a_file_a_thread_has_a_database_of_its_own(self):
        # The thread's in-memory database is another, without the table:
        # its insert fails there, atomic() rolls back, and the main thread
        # counts one person.
        code, out = self.check(lambda src: self.with_thread(src, ""))
        self.assertEqual(code, 1, out)
        self.assertIn("not sent by a thread: COMMIT", out)
        self.assertIn("raised AssertionError at line 13 of django.orm (assert Person.objects.count() == 2)", out)


class ExpectedSQLTest(unittest.TestCase):
    def test_sections_by_release(self):
        sql = "CREATE TABLE t (a)\n-- Django 5.2:\nSELECT  a\n-- Django 6.1 (both):\nSELECT a = %s\n-- a note\nDELETE"
        main = verdict.MAIN
        self.assertEqual(verdict.expected_sql(sql, "5.2"), [(main, "CREATE TABLE t (a)"), (main, "SELECT a")])
        self.assertEqual(verdict.expected_sql(sql, "6.1"), [(main, "CREATE TABLE t (a)"), (main, "SELECT a = %s"), (main, "DELETE")])
        self.assertEqual(verdict.expected_sql(sql, "6.0"), [(main, "CREATE TABLE t (a)")])

    def test_sections_by_connection_and_release_are_independent(self):
        sql = "BEGIN\n-- Thread: another request\nUPDATE t\n-- Django 6.1:\nUPDATE u\n-- Main thread:\nCOMMIT\n-- a thread note\nDELETE"
        main, thread = verdict.MAIN, "thread 1"
        self.assertEqual(verdict.expected_sql(sql, "5.2"), [(main, "BEGIN"), (thread, "UPDATE t")])
        self.assertEqual(
            verdict.expected_sql(sql, "6.1"),
            [(main, "BEGIN"), (thread, "UPDATE t"), (thread, "UPDATE u"), (main, "COMMIT"), (main, "DELETE")],
        )

    def test_each_thread_line_starts_a_section_of_its_own(self):
        sql = "-- Thread: one\nUPDATE t\n-- Thread: another\nUPDATE u\n-- Main thread:\nSELECT 1\n-- Thread:\nDELETE"
        self.assertEqual(
            verdict.expected_sql(sql, "5.2"),
            [("thread 1", "UPDATE t"), ("thread 2", "UPDATE u"), (verdict.MAIN, "SELECT 1"), ("thread 3", "DELETE")],
        )


class ConnectionTest(unittest.TestCase):
    """A line of sql matches only statements of the connection it is for:
    the main thread's, or after "-- Thread:" a thread's."""

    SETUP = 'CREATE TABLE "t" ("a" integer)'

    def problems(self, sql, sent, series="5.2"):
        result = {
            "setup": [{"connection": "main", "sql": self.SETUP}],
            "sent": [{"connection": conn, "sql": s} for conn, s in sent],
            "raised": None,
        }
        return "\n".join(verdict.problems({"sql": sql}, result, series))

    def expect(self, cases):
        """Each case is (name, sql, sent, want): sql's problems after sent
        hold every part of want, or are none when want is empty."""
        for name, sql, sent, want in cases:
            with self.subTest(name):
                got = self.problems(sql, sent)
                if not want:
                    self.assertEqual(got, "")
                for part in want:
                    self.assertIn(part, got)

    def test_each_line_matches_its_own_connections_statements(self):
        self.expect([
            ("main's line, sent by main", "BEGIN\nCOMMIT", [("main", "BEGIN"), ("main", "COMMIT")], []),
            ("main's line, sent by a thread only", "SELECT 1\nBEGIN",
             [("main", "SELECT 1"), ("thread 1", "BEGIN")],
             ["not sent: BEGIN", "(sent on thread 1's connection: a line sent by a thread goes after", "    thread 1: BEGIN"]),
            ("a thread's line, sent by the second thread", "-- Thread: the job\nBEGIN",
             [("thread 1", "SELECT 1"), ("thread 2", "BEGIN")], []),
            ("a thread's line, sent by main only", "-- Thread: the job\nBEGIN", [("main", "BEGIN")],
             ["not sent by a thread: BEGIN", "(sent on the main thread's connection: a line the main thread sends goes before"]),
            ("back on main", "-- Thread:\nBEGIN\n-- Main thread:\nSELECT 1",
             [("thread 1", "BEGIN"), ("main", "SELECT 1")], []),
            ("back on main, sent by a thread", "-- Thread:\nBEGIN\n-- Main thread:\nSELECT 1",
             [("thread 1", "BEGIN"), ("thread 1", "SELECT 1")], ["not sent: SELECT 1"]),
            ("the tables' CREATE, on main", self.SETUP, [], []),
            ("the tables' CREATE, said to be a thread's", "-- Thread:\n" + self.SETUP, [],
             ["not sent by a thread: " + self.SETUP]),
            ("a thread's line sent by nobody", "-- Thread:\nUPDATE t", [("thread 1", "UPDATE u")],
             ["not sent by a thread: UPDATE t\nclosest:  UPDATE u"]),
        ])

    def test_a_release_section_inside_a_thread_section(self):
        sql = "-- Thread:\n-- Django 6.1:\nUPDATE t"
        self.assertEqual(self.problems(sql, [], "5.2"), "")
        self.assertEqual(self.problems(sql, [("thread 1", "UPDATE t")], "6.1"), "")
        self.assertIn("not sent by a thread: UPDATE t", self.problems(sql, [("main", "UPDATE t")], "6.1"))


class OrderTest(ConnectionTest):
    """The lines of one connection section must have been sent in the order
    written: the main thread's all together, each "-- Thread:" section's by
    one thread's connection. Under the rule before, a set, every case here
    that expects a problem had none."""

    def test_main_lines_in_the_order_sent(self):
        self.expect([
            ("in order", "BEGIN\nCOMMIT", [("main", "BEGIN"), ("main", "COMMIT")], []),
            ("others between", "BEGIN\nCOMMIT", [("main", "BEGIN"), ("main", "SELECT 1"), ("main", "COMMIT")], []),
            ("two lines swapped", "COMMIT\nBEGIN", [("main", "BEGIN"), ("main", "COMMIT")],
             ["out of order: BEGIN\nthe main thread's connection sent it only before COMMIT, which the sql lists ahead of it:",
              "  >      1: BEGIN\n  ^      2: COMMIT\n"]),
            # sqlite-database-locked as it was: the retry listed after the
            # BEGIN that failed.
            ("the retry after the failure", "SELECT 1\nBEGIN\nBEGIN IMMEDIATE",
             [("main", "SELECT 1"), ("main", "BEGIN IMMEDIATE"), ("main", "BEGIN")],
             ["out of order: BEGIN IMMEDIATE\nthe main thread's connection sent it only before BEGIN,",
              "         1: SELECT 1\n  >      2: BEGIN IMMEDIATE\n  ^      3: BEGIN\n(> the line out of order"]),
            ("far apart", "COMMIT\nBEGIN", [("main", "BEGIN")] + [("main", f"SELECT {n}") for n in range(1, 7)] + [("main", "COMMIT")],
             ["  >      1: BEGIN\n         2: SELECT 1\n    …\n         7: SELECT 6\n  ^      8: COMMIT\n"]),
            # Across a thread's section the main thread's lines are still
            # one connection's, in one order.
            ("main lines around a thread's section", "BEGIN\n-- Thread:\nUPDATE t\n-- Main thread:\nCOMMIT",
             [("main", "COMMIT"), ("thread 1", "UPDATE t"), ("main", "BEGIN")],
             ["out of order: COMMIT\nthe main thread's connection sent it only before BEGIN"]),
            # The connections' statements interleave in any way.
            ("a thread's section between main's lines", "BEGIN\n-- Thread:\nUPDATE t\n-- Main thread:\nCOMMIT",
             [("thread 1", "UPDATE t"), ("main", "BEGIN"), ("main", "COMMIT")], []),
        ])

    def test_repeated_lines(self):
        self.expect([
            ("each time in its place", "SELECT 1\nBEGIN\nSELECT 1",
             [("main", "SELECT 1"), ("main", "BEGIN"), ("main", "SELECT 1")], []),
            ("one statement for two lines", "SELECT 1\nSELECT 1", [("main", "SELECT 1")],
             ["not sent again: SELECT 1\n(the main thread's connection sent it once, each matched by an earlier line"]),
            # Greedy: the first SELECT 1 takes the first one sent, so the
            # second must come after it, and before BEGIN it does not.
            ("twice before, sent once before", "SELECT 1\nSELECT 1\nBEGIN",
             [("main", "SELECT 1"), ("main", "BEGIN"), ("main", "SELECT 1")],
             ["out of order: BEGIN\nthe main thread's connection sent it only before SELECT 1,"]),
        ])

    def test_the_tables_create_lines(self):
        create = 'CREATE TABLE "u" ("b" integer)'
        self.expect([
            ("the tables' CREATE first", self.SETUP + "\nSELECT 1", [("main", "SELECT 1")], []),
            # It was sent before any statement of the ORM code.
            ("the tables' CREATE after the ORM code's line", "SELECT 1\n" + self.SETUP, [("main", "SELECT 1")],
             ["out of order: " + self.SETUP + "\nthe main thread's connection sent it only before SELECT 1",
              "  > tables: " + self.SETUP + "\n  ^      1: SELECT 1\n"]),
            # A CREATE the ORM code sends (a migration) has its place there.
            ("the ORM code's CREATE", "SELECT 1\n" + create, [("main", "SELECT 1"), ("main", create)], []),
            ("the ORM code's CREATE, out of order", create + "\nSELECT 1", [("main", "SELECT 1"), ("main", create)],
             ["out of order: SELECT 1"]),
        ])

    def test_a_threads_section_on_one_threads_connection(self):
        self.expect([
            ("in order", "-- Thread:\nBEGIN\nCOMMIT", [("thread 1", "BEGIN"), ("thread 1", "COMMIT")], []),
            ("the second thread", "-- Thread:\nBEGIN\nCOMMIT",
             [("thread 1", "COMMIT"), ("thread 2", "BEGIN"), ("thread 1", "BEGIN"), ("thread 2", "COMMIT")], []),
            ("swapped", "-- Thread:\nCOMMIT\nBEGIN", [("thread 1", "BEGIN"), ("thread 1", "COMMIT")],
             ["out of order: BEGIN\nthread 1's connection sent it only before COMMIT"]),
            ("two threads' lines in one section", "-- Thread:\nBEGIN\nUPDATE t",
             [("thread 1", "BEGIN"), ("thread 2", "UPDATE t")],
             ["not sent by thread 1 with the rest of its section: UPDATE t",
              "(sent on thread 2's connection: a \"-- Thread:\" section is one thread's statements"]),
            ("two threads, a section each", "-- Thread:\nBEGIN\n-- Thread:\nUPDATE t",
             [("thread 1", "BEGIN"), ("thread 2", "UPDATE t")], []),
            # No order between two threads' connections, nor between a
            # thread's sections.
            ("two sections, in the other order", "-- Thread:\nUPDATE t\n-- Thread:\nBEGIN",
             [("thread 1", "BEGIN"), ("thread 1", "UPDATE t")], []),
        ])


class NormaliseTest(unittest.TestCase):
    def test_white_space_and_savepoint_names(self):
        for sql, want in [
            ("SELECT  a\n  FROM t", "SELECT a FROM t"),
            ('SAVEPOINT "s140245_x1"', 'SAVEPOINT "s<thread>_x1"'),
            ('SAVEPOINT "s139871234567_x12"', 'SAVEPOINT "s<thread>_x12"'),
            ("ROLLBACK TO SAVEPOINT `s1_x3`", "ROLLBACK TO SAVEPOINT `s<thread>_x3`"),
            ('RELEASE SAVEPOINT "s5_x2"; RELEASE SAVEPOINT "s5_x1"', 'RELEASE SAVEPOINT "s<thread>_x2"; RELEASE SAVEPOINT "s<thread>_x1"'),
            # Not a savepoint name: a column that looks like one, inside a word.
            ('SELECT "users5_x1" FROM t', 'SELECT "users5_x1" FROM t'),
            ('SAVEPOINT "sp_x1"', 'SAVEPOINT "sp_x1"'),
        ]:
            with self.subTest(sql=sql):
                self.assertEqual(verdict.normalise(sql), want)

    def test_two_thread_ids_compare_equal_and_two_counters_do_not(self):
        self.assertEqual(verdict.normalise('SAVEPOINT "s140245_x1"'), verdict.normalise('SAVEPOINT "s9_x1"'))
        self.assertNotEqual(verdict.normalise('SAVEPOINT "s140245_x1"'), verdict.normalise('SAVEPOINT "s140245_x2"'))


    def test_in_lists_of_string_literals_compare_in_any_order(self):
        # sqlite-json1: Django joins the IN list from a frozenset, so its
        # order follows the process's hash seed.
        json_type = """JSON_TYPE("attrs", %s) IN ('true','false','null') THEN"""
        for want, sent, same in [
            (json_type, json_type.replace("'true','false','null'", "'null','true','false'"), True),
            (json_type, json_type.replace("'true','false','null'", "'false','null','true'"), True),
            ("x NOT IN ('b', 'it''s', 'a')", "x NOT IN ('it''s', 'a', 'b')", True),
            # Other literals, or one fewer, are another statement.
            (json_type, json_type.replace("'true','false','null'", "'true','false','none'"), False),
            (json_type, json_type.replace("'true','false','null'", "'true','false'"), False),
            # The separators stay as written.
            ("x IN ('a','b')", "x IN ('b', 'a')", False),
            # Only lists made of string literals: a parameter or a number
            # keeps its place.
            ("x IN ('a', %s)", "x IN (%s, 'a')", False),
            ("x IN (1, 2)", "x IN (2, 1)", False),
        ]:
            with self.subTest(want=want, sent=sent):
                if same:
                    self.assertEqual(verdict.normalise(want), verdict.normalise(sent))
                else:
                    self.assertNotEqual(verdict.normalise(want), verdict.normalise(sent))


class DatabaseSettingsTest(unittest.TestCase):
    SERVERS = {
        "DBQUIRKS_POSTGRES": "postgres://postgres@127.0.0.1:21073/postgres?sslmode=disable",
        "DBQUIRKS_MARIADB": "root@tcp(127.0.0.1:50108)/",
    }

    def test_each_backend_gets_its_engine_and_server(self):
        sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
        for backend, environ, want in [
            ("sqlite", {}, sqlite),
            ("", {}, sqlite),
            ("sqlite", self.SERVERS, sqlite),
            # No server for these: their scenarios are played on SQLite.
            ("oracle", self.SERVERS, sqlite),
            ("singlestore", {}, sqlite),
            ("postgresql", self.SERVERS, {"ENGINE": "django.db.backends.postgresql", "NAME": "db",
                                          "HOST": "127.0.0.1", "PORT": "21073", "USER": "postgres", "PASSWORD": ""}),
            ("postgresql", {"DBQUIRKS_POSTGRES": "postgresql://ann:s%40cret@db.example:6543/x"},
             {"ENGINE": "django.db.backends.postgresql", "NAME": "db",
              "HOST": "db.example", "PORT": "6543", "USER": "ann", "PASSWORD": "s@cret"}),
            ("mysql", self.SERVERS, {"ENGINE": "django.db.backends.mysql", "NAME": "db",
                                     "HOST": "127.0.0.1", "PORT": "50108", "USER": "root", "PASSWORD": ""}),
            ("mysql", {"DBQUIRKS_MARIADB": "bob:pw@tcp(10.0.0.2)/shop?parseTime=true"},
             {"ENGINE": "django.db.backends.mysql", "NAME": "db",
              "HOST": "10.0.0.2", "PORT": "3306", "USER": "bob", "PASSWORD": "pw"}),
        ]:
            with self.subTest(backend=backend, environ=environ):
                self.assertEqual(backends.database_settings(backend, "db", environ), want)

    def test_django_database_file_is_an_sqlite_file(self):
        file = "/tmp/djangocheck-x/db.sqlite3"
        for backend in ["sqlite", "", "oracle", "turso"]:
            with self.subTest(backend=backend):
                self.assertEqual(backends.database_settings(backend, "db", self.SERVERS, file),
                                 {"ENGINE": "django.db.backends.sqlite3", "NAME": file})
        for backend in ["postgresql", "mysql"]:
            with self.subTest(backend=backend):
                with self.assertRaisesRegex(backends.Unavailable, f"backend {backend}: django.database: file asks for an SQLite file"):
                    backends.database_settings(backend, "db", self.SERVERS, file)

    def test_a_missing_or_malformed_server_is_an_error_not_a_skip(self):
        for backend, environ, message in [
            ("postgresql", {}, "DBQUIRKS_POSTGRES is not set"),
            ("mysql", {"DBQUIRKS_POSTGRES": self.SERVERS["DBQUIRKS_POSTGRES"]}, "DBQUIRKS_MARIADB is not set"),
            ("postgresql", {"DBQUIRKS_POSTGRES": "mysql://x"}, "not a postgres:// URL"),
            ("mysql", {"DBQUIRKS_MARIADB": "root@unix(/run/mysqld.sock)/"}, "not a DSN"),
        ]:
            with self.subTest(backend=backend, environ=environ):
                with self.assertRaisesRegex(backends.Unavailable, message):
                    backends.database_settings(backend, "db", environ)

    def test_database_names(self):
        for file, want in [
            ("scenarios/postgres-aborted-transaction.md", "djangocheck_postgres_aborted_transaction"),
            ("C:\\scenarios\\mariadb-pad-space.md", "djangocheck_mariadb_pad_space"),
            ("x/" + "a" * 80 + ".md", "djangocheck_" + "a" * 51),
        ]:
            with self.subTest(file=file):
                self.assertEqual(backends.database_name(file), want)


if __name__ == "__main__":
    unittest.main()
