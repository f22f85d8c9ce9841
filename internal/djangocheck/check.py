"""check.py CASES.json: run every scenario's Django side on real Django and
the database the scenario is about (SQLite, PostgreSQL or MariaDB), and say
where the scenario is wrong.

`make test-django` runs it. CASES.json is what `dbquirks django --out` writes:
each scenario's file and its parsed `django` front matter, so this side reads
no YAML and cannot read a scenario differently from the Go parser. A scenario
with `django.models` is checked on the Django running this script when its
`django.versions` names that release series ("5.2, 6.1"); the others are
listed as not checked.

Each scenario runs in a fresh Python process (settings.configure can run once
per process, and a scenario must not see another's models or rows), on the
database of its `backend` (backends.py):

- sqlite, and a backend no server is started for (oracle, singlestore…,
  whose steps are played on SQLite too): an in-memory SQLite database, seen
  by the connection that opened it alone; or, with `django.database: file`,
  the file db.sqlite3 in the scenario's temporary folder, which every
  connection opens, for ORM code that runs two connections in threads;
- postgresql and mysql: a database created for it on the PostgreSQL 15 or
  MariaDB 10.11 server that servers.sh started (`make test-django` runs this
  script inside internal/record/testdata/servers.sh) and dropped after it,
  with psycopg 3 and PyMySQL as drivers (backends.py says why PyMySQL). A
  server scenario without its server fails.

On every database:

- settings as `startproject` writes them: USE_TZ = True (Django's default),
  TIME_ZONE = "UTC", DEFAULT_AUTO_FIELD = BigAutoField; one app whose label is
  `django.app` ("shop" when not given), so tables are named `shop_person`;
- the models (`django.models`) are defined in that app's models module and
  their tables created with the schema editor, as a migration would;
- the ORM code (`django.orm`) runs one top-level statement at a time in the
  same namespace. A statement that is only an expression whose value is a
  QuerySet is evaluated with list(), as the code that uses it would (a lazy
  QuerySet sends nothing; the shell's repr would add LIMIT 21);
- every statement Django sends through a cursor is captured with
  connection.execute_wrapper (the SQL as Django writes it, with %s
  placeholders), and COMMIT and ROLLBACK, which Django sends through the
  driver's commit() and rollback(), where Django names them for its query log.
  That is on every connection Django opens: the main thread's, and the
  one of each thread the ORM code starts (another worker), which gets the
  same wrapper when Django creates it; each statement is kept with the name
  of its connection ("main", "thread 1"…), so that a scenario's line is
  compared with the statements of the connection it is for (verdict.py).
  Not captured: what Django sends on the driver's connection while it
  connects (PostgreSQL's SET ROLE and time zone), and a statement Django
  refuses in a broken atomic block.

The ORM code may state a value it relies on with assert: a failed assert is
an exception the scenario did not state, reported with its statement.

Then verdict.py compares what the scenario states with what Django sent
and raised.

The names the models and ORM code may use without importing them are in
NAMESPACE below. Standard library, Django and the two drivers only.
"""

import ast
import contextlib
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

import backends
import verdict

NAMESPACE = """
import decimal, sys
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from django.core.exceptions import FieldError, MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import connection, migrations, models, transaction
from django.db.transaction import TransactionManagementError
from django.db.migrations.state import ProjectState
from django.db import DatabaseError, DataError, IntegrityError, InternalError, NotSupportedError, OperationalError, ProgrammingError
from django.db.models import *
from django.db.models.functions import *
from django.utils import timezone
"""

# A scenario whose code loops forever (sqlite-iterator-isolation shows one)
# must fail, not hang the build. Arbitrary; a scenario takes about a second,
# sqlite-iterator-isolation's 3,000 saves a few on a busy machine.
CASE_TIMEOUT_SECONDS = 60


def main(argv):
    if len(argv) == 2 and argv[1] == "--case":
        # What the ORM code prints must not mix with the result.
        with contextlib.redirect_stdout(io.StringIO()):
            result = run_case(json.load(sys.stdin))
        print(json.dumps(result))
        return 0
    if len(argv) != 2:
        print("usage: check.py CASES.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    import django

    version = django.get_version()
    series = ".".join(version.split(".")[:2])
    checked, failed, unchecked, other = 0, 0, [], []
    for case in cases:
        if not case["django"].get("models"):
            unchecked.append(case["file"])
            continue
        # A scenario is checked on the releases it names: "5.2, 6.1".
        if series not in [v.strip() for v in case["django"].get("versions", "").split(",")]:
            other.append(f"{case['file']} (versions: {case['django'].get('versions') or 'none'})")
            continue
        checked += 1
        problems = check_case(case, series)
        if problems:
            failed += 1
            print("FAIL", case["file"], runs_on(case))
            for p in problems:
                print("    " + p.replace("\n", "\n    "))
        else:
            print("ok  ", case["file"], runs_on(case))
    for title, files in [
        ("not checked (no django.models)", unchecked),
        (f"not checked on Django {series} (not in their django.versions)", other),
    ]:
        if files:
            print(f"{title}: {len(files)} scenarios")
            for file in files:
                print("    " + file)
    if checked == 0:
        print(f"no scenario with django.models names Django {series}: nothing was checked")
        return 1
    if failed:
        print(f"{failed} of {checked} checked scenarios differ from Django {version}")
        return 1
    print(f"all {checked} checked scenarios hold on Django {version}")
    return 0


def runs_on(case):
    """What the report says a scenario ran on: "(postgresql)", "(sqlite)",
    or "(oracle, on sqlite)" for a backend without a server here."""
    backend = case.get("backend") or "sqlite"
    database = backends.runs_on(backend)
    return f"({backend})" if database == backend else f"({backend}, on {database})"


def check_case(case, series):
    """The differences between a scenario and what Django did, as lines."""
    try:
        done = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--case"],
            input=json.dumps(case),
            capture_output=True,
            text=True,
            timeout=CASE_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return [f"the ORM code did not finish in {CASE_TIMEOUT_SECONDS} s"]
    if done.returncode != 0:
        return ["the runner failed:\n" + done.stderr.strip()]
    result = json.loads(done.stdout)
    if result.get("database_error"):
        return [f"no {backends.runs_on(case.get('backend', ''))} database to run on:\n" + result["database_error"]]
    if result.get("setup_error"):
        return ["the models could not be set up:\n" + result["setup_error"]]
    return verdict.problems(case["django"], result, series)


def run_case(case):
    """Run one scenario in this process, on the database its backend names;
    what Django sent and raised."""
    # The app's package, and the SQLite file when the scenario asks for one.
    root = tempfile.mkdtemp(prefix="djangocheck-")
    try:
        return run_case_in(root, case)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_case_in(root, case):
    dj = case["django"]
    app = dj.get("app") or "shop"
    backend = case.get("backend", "")
    sqlite_file = os.path.join(root, "db.sqlite3") if dj.get("database") == "file" else None
    try:
        database = backends.database_settings(backend, backends.database_name(case["file"]), os.environ, sqlite_file)
        if backend == "mysql":
            backends.use_pymysql()
        backends.create_database(backend, database)
    except backends.Unavailable as e:
        return {"database_error": str(e)}
    except Exception:
        return {"database_error": traceback.format_exc(limit=-3)}
    try:
        sent = []
        try:
            ns = setup(root, app, database, dj["models"], case["file"], sent)
        except Exception:
            return {"setup": sent, "setup_error": traceback.format_exc(limit=-3)}
        setup_sent = sent[:]
        sent.clear()
        raised = run_orm(dj.get("orm", ""), case["file"], ns)
        return {"setup": setup_sent, "sent": sent, "raised": raised}
    finally:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        backends.drop_database(backend, database)


def setup(root, app, database, models_code, file, sent):
    """Configure Django with one app, in the folder root, on database (a
    DATABASES entry), define the models in it, create their tables; from
    here on, everything sent is appended to sent."""
    import django
    from django.conf import settings

    os.mkdir(os.path.join(root, app))
    for name in ("__init__.py", "models.py"):  # the models come from the scenario
        open(os.path.join(root, app, name), "w").close()
    sys.path.insert(0, root)
    settings.configure(
        DATABASES={"default": database},
        INSTALLED_APPS=[app],
        TIME_ZONE="UTC",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()
    from django.apps import apps
    from django.db import connection

    capture(connection, sent)
    ns = {"__name__": f"{app}.models"}
    exec(NAMESPACE, ns)
    exec(compile(models_code, f"{file}: django.models", "exec"), ns)
    with connection.schema_editor() as editor:
        for model in apps.get_app_config(app).get_models():
            editor.create_model(model)
    return ns


def capture(connection, sent):
    """Append to sent every statement Django sends on connection and on
    every connection it creates from now on (Django gives each thread one
    of its own), as {"connection": its name, "sql": the statement}. The
    names say which connection: "main" for this one (the main thread's, also
    after connection.close(), which reconnects the same object), "thread 1",
    "thread 2"… for the others, in the order Django created them. That is
    every statement through a cursor, and COMMIT and ROLLBACK; all
    connections' statements in one list, in the order they finished."""
    from django.db import connections
    from django.db.transaction import TransactionManagementError

    def wrapper(execute, sql, params, many, context):
        refused = False
        try:
            return execute(sql, params, many, context)
        except TransactionManagementError:
            # Django refused the statement before the driver saw it: a
            # query inside an atomic block marked for rollback
            # (validate_no_broken_transaction). It was not sent.
            refused = True
            raise
        finally:
            # After it ran, not before: a statement that waits for another
            # thread's lock is recorded when it is done, and a refused one
            # is never appended (popping it could take another thread's).
            if not refused:
                sent.append({"connection": context["connection"].djangocheck_name, "sql": sql})

    def watch(conn, name):
        conn.djangocheck_name = name
        conn.execute_wrappers.append(wrapper)

    # A thread's connection is made by the connection handler the first time
    # the thread uses `connection`. Watched from there, before it connects,
    # rather than on the connection_created signal, which comes after
    # init_connection_state has sent its first statements (MariaDB's SET
    # SESSION TRANSACTION ISOLATION LEVEL).
    create = connections.create_connection
    threads = itertools.count(1)

    def create_watched(alias):
        conn = create(alias)
        watch(conn, f"thread {next(threads)}")
        return conn

    watch(connections[connection.alias], "main")  # the object behind the proxy
    connections.create_connection = create_watched

    # COMMIT and ROLLBACK go through the driver's commit() and rollback(),
    # not a cursor; Django names them to debug_transaction(), which its query
    # log uses. Recording them there leaves Django's debug cursor off: it
    # would change what runs (it formats every query for the log).
    from django.db.backends.base import base

    logged = base.debug_transaction

    @contextlib.contextmanager
    def recorded(connection, sql):
        # Those of a connection whose statements are captured, no other's:
        # with the wrapper on every connection, each thread's too.
        try:
            with logged(connection, sql):
                yield
        finally:  # once done, as the wrapper does
            if wrapper in connection.execute_wrappers:
                sent.append({"connection": connection.djangocheck_name, "sql": sql})

    base.debug_transaction = recorded


def run_orm(code, file, ns):
    """Run code one top-level statement at a time; the exception it raised,
    if any, and whether it came from the last statement."""
    from django.db.models.query import QuerySet

    tree = ast.parse(code, f"{file}: django.orm")
    for i, stmt in enumerate(tree.body):
        last = i == len(tree.body) - 1
        try:
            if isinstance(stmt, ast.Expr):
                value = eval(compile(ast.Expression(stmt.value), f"{file}: django.orm", "eval"), ns)
                if isinstance(value, QuerySet):
                    list(value)
            else:
                exec(compile(ast.Module([stmt], type_ignores=[]), f"{file}: django.orm", "exec"), ns)
        except Exception as e:
            cls = type(e)
            return {
                "class": cls.__name__,
                "names": [cls.__name__, cls.__qualname__, f"{cls.__module__}.{cls.__qualname__}"],
                "message": str(e),
                "line": stmt.lineno,
                "statement": shorten(ast.get_source_segment(code, stmt)),
                "last": last,
                "traceback": "".join(traceback.format_exception(e, limit=-2)).strip(),
            }
    return None


def shorten(statement, width=100):
    """A statement on one line, cut at width: an assert names what failed."""
    one = " ".join(statement.split())
    return one if len(one) <= width else one[: width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
