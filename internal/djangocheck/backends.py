"""The database check.py runs a scenario's Django side on, from the
scenario's `backend`: an in-memory SQLite database, or a fresh database on
the PostgreSQL or MariaDB server that internal/record/testdata/servers.sh
started (`make test-django` runs check.py inside it).

servers.sh says where the servers are the way `dbquirks record` reads it:
DBQUIRKS_POSTGRES is a pgx URL, DBQUIRKS_MARIADB a go-sql-driver DSN. A
scenario about a server that is not there fails; it is never skipped.

The drivers are Debian's pure-Python packages, pinned in django-*.pins:
psycopg 3 for PostgreSQL, and PyMySQL for MariaDB, installed as MySQLdb,
the only way Django's MySQL backend takes it. Not mysqlclient, Django's
recommended driver: Debian ships mysqlclient 1.4.6 alone (bookworm's built
for Python 3.11, sid's for 3.14), and Django 6.1 refuses anything before
2.2.1. What that changes: nothing in the SQL, which Django's backend writes
(the driver only puts the parameters in, on the client, as mysqlclient
does); the driver's exceptions are PyMySQL's, which Django's wrapper maps to
django.db's by the same DB-API names (IntegrityError, OperationalError…).
"""

import re
import urllib.parse

# The environment variable that says where each server backend's server is.
SERVER_VARIABLES = {"postgresql": "DBQUIRKS_POSTGRES", "mysql": "DBQUIRKS_MARIADB"}

# Every scenario database's encoding and collation, the ones `dbquirks
# record` creates its databases with (PostgresLocale and MariaDBCollation
# in internal/record), so the Django side meets the recorded behaviour.
POSTGRES_LOCALE = "C.UTF-8"
MARIADB_COLLATION = "utf8mb4_general_ci"

# PostgreSQL cuts identifiers at 63 bytes, MariaDB refuses names past 64.
MAX_NAME = 63


class Unavailable(Exception):
    """The scenario's backend cannot be reached: a failure, not a skip."""


def database_name(file):
    """The database a scenario gets on a server: named for its file, so a
    scenario left behind by a crash is recognisable, and fresh each run."""
    stem = re.sub(r"\.md$", "", file.replace("\\", "/").rsplit("/", 1)[-1])
    return ("djangocheck_" + re.sub(r"[^a-z0-9]+", "_", stem.lower()))[:MAX_NAME]


def runs_on(backend):
    """The database a scenario about backend runs on: its own server for
    postgresql and mysql; SQLite for sqlite and for the backends no server
    is started for (oracle, singlestore, turso…), whose scenarios are played
    on SQLite too and say so (scenarios/README.md)."""
    return backend if backend in SERVER_VARIABLES else "sqlite"


def database_settings(backend, name, environ, sqlite_file=None):
    """The DATABASES["default"] entry a scenario about backend runs on.
    On SQLite that is an in-memory database, which only the connection that
    opened it sees, or the file sqlite_file when the scenario asks for one
    (`django.database: file`), which every connection opens: each thread's
    own, for ORM code that runs two connections at once."""
    if runs_on(backend) == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite_file or ":memory:"}
    if sqlite_file:
        raise Unavailable(
            f"backend {backend}: django.database: file asks for an SQLite file, "
            f"and a scenario about {backend} runs on its server"
        )
    variable = SERVER_VARIABLES[backend]
    where = environ.get(variable)
    if not where:
        raise Unavailable(
            f"backend {backend}: {variable} is not set; run check.py under "
            "internal/record/testdata/servers.sh, as make test-django does"
        )
    if backend == "postgresql":
        return dict(postgres_server(where), ENGINE="django.db.backends.postgresql", NAME=name)
    return dict(mariadb_server(where), ENGINE="django.db.backends.mysql", NAME=name)


def postgres_server(url):
    """HOST, PORT, USER and PASSWORD from a pgx URL such as
    postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable."""
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("postgres", "postgresql") or not u.hostname:
        raise Unavailable(f"DBQUIRKS_POSTGRES is not a postgres:// URL with a host: {url!r}")
    return {
        "HOST": u.hostname,
        "PORT": str(u.port or 5432),
        "USER": urllib.parse.unquote(u.username or "postgres"),
        "PASSWORD": urllib.parse.unquote(u.password or ""),
    }


# go-sql-driver's DSN: [user[:password]@][tcp(host:port)]/[dbname][?params].
MARIADB_DSN = re.compile(r"^(?:(?P<user>[^:@]*)(?::(?P<password>[^@]*))?@)?tcp\((?P<host>[^:)]+)(?::(?P<port>\d+))?\)/")


def mariadb_server(dsn):
    """HOST, PORT, USER and PASSWORD from a go-sql-driver DSN such as
    root@tcp(127.0.0.1:3306)/."""
    m = MARIADB_DSN.match(dsn)
    if not m:
        raise Unavailable(f"DBQUIRKS_MARIADB is not a DSN of the form user@tcp(host:port)/: {dsn!r}")
    return {
        "HOST": m["host"],
        "PORT": m["port"] or "3306",
        "USER": m["user"] or "root",
        "PASSWORD": m["password"] or "",
    }


def use_pymysql():
    """Make `import MySQLdb` PyMySQL, before Django's MySQL backend imports
    it. PyMySQL states the mysqlclient release it stands in for (2.2.8 in
    PyMySQL 1.2.0), which passes Django's version check."""
    import pymysql

    pymysql.install_as_MySQLdb()


def create_database(backend, entry):
    """A fresh, empty database for entry["NAME"] on backend's server,
    dropping one left by an earlier run. Nothing for SQLite."""
    if backend == "postgresql":
        with _postgres_admin(entry) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{entry["NAME"]}" WITH (FORCE)')
            admin.execute(
                f'CREATE DATABASE "{entry["NAME"]}" TEMPLATE template0 '
                f"ENCODING 'UTF8' LOCALE '{POSTGRES_LOCALE}'"
            )
    elif backend == "mysql":
        with _mariadb_admin(entry) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS `{entry['NAME']}`")
            admin.execute(f"CREATE DATABASE `{entry['NAME']}` CHARACTER SET utf8mb4 COLLATE {MARIADB_COLLATION}")


def drop_database(backend, entry):
    """Drop what create_database created, once Django's connections are
    closed (WITH (FORCE) ends any a scenario's threads left open)."""
    if backend == "postgresql":
        with _postgres_admin(entry) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{entry["NAME"]}" WITH (FORCE)')
    elif backend == "mysql":
        with _mariadb_admin(entry) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS `{entry['NAME']}`")


def _postgres_admin(entry):
    import psycopg

    return psycopg.connect(
        host=entry["HOST"],
        port=entry["PORT"],
        user=entry["USER"],
        password=entry["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )


class _mariadb_admin:
    """A cursor on the MariaDB server, outside any database."""

    def __init__(self, entry):
        import pymysql

        self.conn = pymysql.connect(
            host=entry["HOST"], port=int(entry["PORT"]), user=entry["USER"], password=entry["PASSWORD"]
        )

    def __enter__(self):
        return self.conn.cursor()

    def __exit__(self, *exc):
        self.conn.close()
