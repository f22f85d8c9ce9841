"""verdict.py: what a scenario states about Django against what Django did.

Every line of `django.sql` must have been sent by the ORM code on the
connection the line is for, in the order written: the main thread's lines,
all of them, in the order its connection sent them; after a "-- Thread:"
line, up to the next "-- Thread:" or "-- Main thread:", in the order one
thread's connection sent them. Other statements may come between them
(white space runs made one space, savepoint names compared without the
thread id Django puts in them, the string literals of an IN list compared
in sorted order, because Django writes some such lists from a set, whose
order changes with every process's hash seed; a CREATE statement may also
be one of the models' tables, sent before the ORM code ran; lines after
"-- Django 6.1:" only on that release series), and the ORM code must raise
`django.raises` at its last statement, or nothing at all when the scenario
gives no `raises`.
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
# or, after a "-- Thread" line, one thread's (each thread has its own,
# check.py names them "thread 1", "thread 2"...). Each "-- Thread" line
# starts a section of its own, THREAD + its number: one thread's statements.
MAIN, THREAD = "main", "thread"


def expected_sql(sql, series):
    """The statements of a scenario's sql that Django series sends, each
    with the connection section it must come from: (MAIN or "thread N",
    line), in the order written. Two kinds of comment line start a section,
    each kind independent of the other: "-- Django 6.1: ..." starts the
    statements of that release series alone, up to the next such line (the
    lines before the first are every release's); "-- Thread: ..." starts
    the statements of one thread's connection, the Nth such line "thread N",
    and "-- Main thread: ..." goes back to the main thread's, which every
    line before the first "-- Thread" is on. Other "--" lines are
    comments."""
    only, on, threads, out = None, MAIN, 0, []
    for line in sql.splitlines():
        line = normalise(line)
        if line.startswith("--"):
            m = re.match(r"--\s*Django (\d+\.\d+)\b", line)
            if m:
                only = m.group(1)
            elif re.match(r"--\s*Thread\b", line):
                threads += 1
                on = f"{THREAD} {threads}"
            elif re.match(r"--\s*Main thread\b", line):
                on = MAIN
        elif line and only in (None, series):
            out.append((on, line))
    return out


def in_order(wants, statements):
    """Where each of wants (line, lowest index it may match) is matched in
    statements, in order: the index of each, or None for a line that is not
    found after the line matched before it. The earliest match is taken
    every time, which leaves the most statements to the lines after it: if
    any in-order assignment exists, this one is found. A line not found
    leaves the position where it was."""
    at, found = 0, []
    for want, lowest in wants:
        i = next((i for i in range(max(at, lowest), len(statements)) if statements[i] == want), None)
        found.append(i)
        if i is not None:
            at = i + 1
    return found


def problems(dj, result, series):
    """What is wrong with a scenario's django side (dj) given what its ORM
    code sent and raised (result, from check.py's runner), as lines.

    The main thread's lines, all of them, must come in the order written in
    what the main thread's connection sent, with other statements between
    them or not; the tables are created on it before the ORM code runs, so
    a CREATE line may be one of those, as long as no line above it was sent
    after it. Each "-- Thread" section's lines must come in the order
    written in what one thread's connection sent: a thread's statements are
    in order on its connection, but two connections' have no order between
    them."""
    setup = [normalise(s["sql"]) for s in result["setup"]]
    sent = [(s["connection"], normalise(s["sql"])) for s in result["sent"]]
    by = {MAIN: setup + [sql for conn, sql in sent if conn == MAIN]}
    for conn, sql in sent:
        if conn != MAIN:
            by.setdefault(conn, []).append(sql)
    sections = {}
    for on, want in expected_sql(dj.get("sql", ""), series):
        sections.setdefault(on, []).append(want)
    problems = []
    for on, wants in sections.items():
        if on == MAIN:
            problems += section_problems(wants, MAIN, by, sent, len(setup))
        else:
            problems += thread_section_problems(wants, by, sent)
    if problems:
        problems.append("sent to create the tables:\n" + "\n".join("    " + s for s in setup))
        problems.append("sent by the ORM code:\n" + "\n".join(f"    {conn}: {sql}" for conn, sql in sent))
    problems += outcome_problems(dj.get("raises", ""), result)
    return problems


def thread_section_problems(wants, by, sent):
    """A "-- Thread" section's problems: none if one thread's connection
    sent its lines in order, else those of the connection that comes
    closest (the fewest lines amiss; the first thread of those)."""
    threads = sorted((conn for conn in by if conn != MAIN), key=lambda conn: int(conn.split()[-1]))
    if not threads:
        return [not_sent(want, THREAD, [], sent) for want in wants]
    tried = [section_problems(wants, conn, by, sent, 0) for conn in threads]
    return min(tried, key=len)


def section_problems(wants, conn, by, sent, tables):
    """The problems of wants, lines of one connection section, matched in
    order against what conn sent (by[conn]); on the main thread's
    connection, its first tables statements created the tables, which only
    a CREATE line may be."""
    statements = by[conn]
    lowest = [0 if conn == MAIN and want.startswith("CREATE ") else tables for want in wants]
    found = in_order(list(zip(wants, lowest)), statements)
    problems = []
    for k, (want, i) in enumerate(zip(wants, found)):
        if i is not None:
            continue
        sent_here = [j for j in range(lowest[k], len(statements)) if statements[j] == want]
        unmatched = [j for j in sent_here if j not in found]
        if unmatched:  # sent, but only ahead of the line matched before it
            previous = next(j for j in reversed(found[:k]) if j is not None)
            problems.append(out_of_order(want, wants[found.index(previous)], conn, statements, unmatched[-1], previous, tables))
        elif sent_here:  # every time it was sent is another line's
            problems.append(
                f"not sent again: {want}\n({connection_name(conn)} sent it {times(len(sent_here))}, "
                "each matched by an earlier line of the sql, which lists it more often)"
            )
        else:
            problems.append(not_sent(want, conn, statements[lowest[k]:], sent))
    return problems


def times(n):
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def out_of_order(want, previous_want, conn, statements, i, previous, tables):
    """A line its connection sent only before previous_want, the line
    matched ahead of it: statement i, and previous, with what came around
    them."""
    head = (
        f"out of order: {want}\n"
        f"{connection_name(conn)} sent it only before {previous_want}, which the sql lists ahead of it:"
    )
    rows = around(i, previous, len(statements))
    marks = {i: ">", previous: "^"}
    lines = []
    for j in rows:
        if j is None:
            lines.append("    …")
            continue
        label = "tables" if j < tables else f"{j - tables + 1:>6}"
        lines.append(f"  {marks.get(j, ' ')} {label}: {statements[j]}")
    return head + "\n" + "\n".join(lines) + "\n(> the line out of order, ^ the line matched ahead of it: put them in the order sent)"


def around(i, j, n, context=1, gap=3):
    """The indexes to show of n statements around i and j (i < j), one
    statement either side; None for a stretch of more than gap left out."""
    show = sorted({k for m in (i, j) for k in range(m - context, m + context + 1) if 0 <= k < n})
    rows = show[:1]
    for last, k in zip(show, show[1:]):
        rows += [None] if k - last > gap else range(last + 1, k)
        rows.append(k)
    return rows


def not_sent(want, conn, statements, sent):
    """A line its connection (or, for THREAD, no thread's) never sent:
    the closest statement it did send, and where the line was sent if it
    was sent on another connection."""
    if conn == MAIN:
        head = "not sent"
    elif conn == THREAD or not any(c != MAIN and sql == want for c, sql in sent):
        head, conn = "not sent by a thread", THREAD
        statements = [sql for c, sql in sent if c != MAIN]
    else:
        head = f"not sent by {conn} with the rest of its section"
    close = difflib.get_close_matches(want, statements, n=1, cutoff=0.5)
    problem = f"{head}: {want}\nclosest:  {close[0] if close else '(none)'}"
    if conn not in (MAIN, THREAD):  # another thread sent it
        other = next(c for c, sql in sent if sql == want and c != MAIN)
        return problem + f"\n(sent on {connection_name(other)}: {ONE_THREAD})"
    elsewhere = [c for c, sql in sent if sql == want and (c == MAIN) != (conn == MAIN)]
    if elsewhere:
        problem += f"\n(sent on {connection_name(elsewhere[0])}: {MOVE_IT[conn]})"
    return problem


def connection_name(conn):
    """check.py's name of a connection, as a report says it."""
    return "the main thread's connection" if conn == MAIN else f"{conn}'s connection"


MOVE_IT = {
    MAIN: 'a line sent by a thread goes after a "-- Thread:" line',
    THREAD: 'a line the main thread sends goes before any "-- Thread:" line or after "-- Main thread:"',
}
ONE_THREAD = 'a "-- Thread:" section is one thread\'s statements: give each thread a section of its own'


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
