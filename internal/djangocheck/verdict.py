"""verdict.py: what a scenario states about Django against what Django did.

Every line of `django.sql` must have been sent by the ORM code on the
connection the line is for: the main thread's, or after a "-- Thread:" line
any thread's, not the main one's (white space runs made one space,
savepoint names compared without the thread id Django puts in them, the
string literals of an IN list compared in sorted order, because Django
writes some such lists from a set, whose order changes with every
process's hash seed; a CREATE statement may also be one of the models'
tables; lines after "-- Django 6.1:" only on that release series), and the
ORM code must raise `django.raises` at its last statement, or nothing at
all when the scenario gives no `raises`.
"""

import difflib
import re


# Django names a savepoint s<thread id>_x<counter> (Atomic in
# django/db/transaction.py, via BaseDatabaseWrapper.savepoint): the thread id
# changes with every run, so both the scenario's lines and the SQL sent have
# it replaced by "<thread>"; the counter stays. A scenario may write any
# number there (s140245_x1).
SAVEPOINT_NAME = re.compile(r"\bs\d+_x(\d+)\b")


# Django writes some IN lists from a set: on SQLite a JSONField key lookup
# is CASE WHEN JSON_TYPE(...) IN ('true','false','null') ..., the names
# joined from the frozenset jsonfield_datatype_values (sqlite3/operations.py,
# KeyTransform in models/fields/json.py). A set's order follows the strings'
# hashes, which Python seeds anew in every process (PYTHONHASHSEED), so the
# list comes in another order from one run to the next. An IN list made only
# of string literals is therefore compared with its literals sorted, on both
# sides; the separators between them stay as written. A list with anything
# else in it (%s, a column, a number) is compared as it is.
STRING_LITERAL = r"'(?:[^']|'')*'"
STRING_IN_LIST = re.compile(rf"\bIN\s*\((\s*{STRING_LITERAL}(?:\s*,\s*{STRING_LITERAL})*\s*)\)", re.IGNORECASE)


def sorted_in_list(m):
    """An IN list of string literals, its literals in sorted order."""
    literals = re.findall(STRING_LITERAL, m.group(1))
    between = re.split(STRING_LITERAL, m.group(1))  # one more than literals
    body = between[0] + "".join(lit + sep for lit, sep in zip(sorted(literals), between[1:]))
    return m.group(0)[: m.start(1) - m.start(0)] + body + ")"


def normalise(sql):
    """A statement as compared: white space runs made one space, savepoint
    names without their thread id, the string literals of an IN list in
    sorted order."""
    sql = SAVEPOINT_NAME.sub(r"s<thread>_x\1", " ".join(sql.split()))
    return STRING_IN_LIST.sub(sorted_in_list, sql)


# The connection a line of a scenario's sql is sent on: the main thread's,
# or, after a "-- Thread" line, one of the threads' (each thread has its
# own, check.py names them "thread 1", "thread 2"...).
MAIN, THREAD = "main", "thread"


def expected_sql(sql, series):
    """The statements of a scenario's sql that Django series sends, each
    with the connection it must come from: (MAIN or THREAD, line). Two kinds
    of comment line start a section, each kind independent of the other:
    "-- Django 6.1: ..." starts the statements of that release series alone,
    up to the next such line (the lines before the first are every
    release's); "-- Thread: ..." starts statements sent on a thread's
    connection, and "-- Main thread: ..." goes back to the main thread's,
    which every line before the first "-- Thread" is on. Other "--" lines
    are comments."""
    only, on, out = None, MAIN, []
    for line in sql.splitlines():
        line = normalise(line)
        if line.startswith("--"):
            m = re.match(r"--\s*Django (\d+\.\d+)\b", line)
            if m:
                only = m.group(1)
            elif re.match(r"--\s*Thread\b", line):
                on = THREAD
            elif re.match(r"--\s*Main thread\b", line):
                on = MAIN
        elif line and only in (None, series):
            out.append((on, line))
    return out


def problems(dj, result, series):
    """What is wrong with a scenario's django side (dj) given what its ORM
    code sent and raised (result, from check.py's runner), as lines."""
    problems = []
    setup = [normalise(s["sql"]) for s in result["setup"]]
    sent = [(s["connection"], normalise(s["sql"])) for s in result["sent"]]
    by = {
        MAIN: [sql for conn, sql in sent if conn == MAIN],
        THREAD: [sql for conn, sql in sent if conn != MAIN],
    }
    for on, want in expected_sql(dj.get("sql", ""), series):
        # The tables are created before the ORM code runs, on the main
        # thread's connection: a CREATE there may be theirs.
        may_match = setup + by[MAIN] if on == MAIN and want.startswith("CREATE ") else by[on]
        if want in may_match:
            continue
        close = difflib.get_close_matches(want, may_match, n=1, cutoff=0.5)
        problem = f"{NOT_SENT[on]}: {want}\nclosest:  {close[0] if close else '(none)'}"
        elsewhere = [conn for conn, sql in sent if sql == want]
        if elsewhere:
            problem += f"\n(sent on {connection_name(elsewhere[0])}: {MOVE_IT[on]})"
        problems.append(problem)
    if problems:
        problems.append("sent to create the tables:\n" + "\n".join("    " + s for s in setup))
        problems.append("sent by the ORM code:\n" + "\n".join(f"    {conn}: {sql}" for conn, sql in sent))
    problems += outcome_problems(dj.get("raises", ""), result)
    return problems


def connection_name(conn):
    """check.py's name of a connection, as a report says it."""
    return "the main thread's connection" if conn == MAIN else f"{conn}'s connection"


NOT_SENT = {MAIN: "not sent", THREAD: "not sent by a thread"}
MOVE_IT = {
    MAIN: 'a line sent by a thread goes after a "-- Thread:" line',
    THREAD: 'a line the main thread sends goes before any "-- Thread:" line or after "-- Main thread:"',
}


def outcome_problems(want, result):
    raised = result.get("raised")
    if raised is None:
        return [f"expected {want}, and nothing was raised"] if want else []
    got = f"{raised['class']}: {raised['message']}" if raised["message"] else raised["class"]
    where = f"at line {raised['line']} of django.orm ({raised['statement']})"
    if not want:
        return [f"raised {got} {where}, and the scenario states no raises\n{raised['traceback']}"]
    if not raised["last"]:
        return [f"raised {got} {where}, before the last statement (expected {want} from the last)"]
    name, _, part = want.partition(": ")
    if name not in raised["names"] or part not in raised["message"]:
        return [f"expected {want}, got {got} {where}"]
    return []
