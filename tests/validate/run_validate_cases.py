#!/usr/bin/env python3
"""Runs `aquaplume validate` on every broken case in cases/ and on every valid
case in cases/ of the project, and checks that mistakes are reported cleanly.

    ${PYTHON:-/usr/bin/python3} tests/validate/run_validate_cases.py [-v] [CASE_NAME ...]

Environment: AQUAPLUME (the executable; default /work/main/build/aquaplume),
SOURCE_DIR (the project; default two folders up from this script),
VALIDATE_MEMORY_LIMIT_MB (address-space limit per run, default 4096; 0 = none),
VALIDATE_JOBS (runs at once, default 4).

A broken case must make `aquaplume validate` exit with code 2 (never 0, never
1, never a signal), print no crash text (traceback, abort, std::bad_alloc ...),
and print every problem as `file:line: key: message`. What each case must
report is written in its leading comment lines:

    # expect: line=12 key=properties.k text="expected a value > 0"
        a reported problem at that line of the case file, with that key path,
        whose message contains the text (each field may be left out: no line,
        no key or no text means "any")
    # expect: problems=1        exactly that many problems are reported
    # expect: absent="..."      that text does not appear on stderr
    # expect: exit=2            the exit code (2 unless a line says otherwise)
    # known-bug: ... note="..." the same checks for behaviour that aquaplume
        gets wrong today: a failing known-bug is listed but does not fail the
        run; one that passes is listed as fixed, to be turned into `expect:`
    # make-f64: NAME 150*5.0 52.5 ...   a raw float64 file written at run time
    # make-h5: NAME /dataset 200*5.0    an HDF5 file (needs h5py)

The cases are copied to a temporary directory (with the generated files) and
run from there as `aquaplume validate cases/NAME.yaml`, so that messages name
`cases/NAME.yaml`. The valid project cases (SOURCE_DIR/cases/*/case.yaml) must
validate with exit code 0. The last line is the summary
`validate cases=N passed=N known_bugs=K failed=F`; the exit code is 1 when any
case failed.
"""

import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BROKEN_CASES = HERE / "cases"
SOURCE_DIR = Path(os.environ.get("SOURCE_DIR") or HERE.parents[1])
AQUAPLUME = os.environ.get("AQUAPLUME") or "/work/main/build/aquaplume"
TIMEOUT_SECONDS = 20
# A hostile grid size must be refused before anything is allocated; the limit
# turns "allocates 16 GB" into a quick std::bad_alloc instead of swapping.
MEMORY_LIMIT_MB = int(os.environ.get("VALIDATE_MEMORY_LIMIT_MB", "4096"))
WORKERS = int(os.environ.get("VALIDATE_JOBS", "4"))

# Text that means a crash or an unhandled error rather than a clean report.
CRASH_TEXT = [
    "Traceback", "terminate called", "Aborted", "Segmentation fault", "core dumped",
    "MPI_ABORT", "unexpected failure", "std::bad_alloc", "what():", "Assertion",
    "PETSC ERROR", "HDF5-DIAG", "AddressSanitizer", "LeakSanitizer", "runtime error:",
]
HEADER = re.compile(r"^aquaplume: (\d+) problem\(s\) in the case:$")
DIRECTIVE = re.compile(r"^#\s*(expect|known-bug|make-f64|make-h5)\s*:\s*(.*)$")
LOOKS_LIKE_DIRECTIVE = re.compile(r"^#\s*(expect\w*|known[-_ ]?bugs?|make[-_]\w+)\s*:", re.IGNORECASE)
CHECK_FIELDS = {"line", "key", "text", "problems", "absent", "exit", "note"}


@dataclass
class Check:
    kind: str  # "expect" or "known-bug"
    fields: dict
    source: str  # the directive as written (or a description of an implicit check)

    def what(self):
        if "exit" in self.fields:
            return "exit"
        if "problems" in self.fields:
            return "problems"
        if "absent" in self.fields:
            return "absent"
        return "diagnostic"


@dataclass
class Outcome:
    name: str
    failures: list = field(default_factory=list)  # (check source, detail)
    known: list = field(default_factory=list)  # (check, detail)
    fixed: list = field(default_factory=list)  # known-bug checks that now pass
    output: str = ""


def parse_case_header(path):
    """Directives from the leading comment lines: (checks, files to make, errors)."""
    checks, makes, errors = [], [], []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        if not line.startswith("#"):
            break
        m = DIRECTIVE.match(line)
        if not m:
            if LOOKS_LIKE_DIRECTIVE.match(line):
                errors.append(f"line {number}: misspelt directive: {line}")
            continue
        kind, rest = m.groups()
        if kind.startswith("make-"):
            makes.append((kind, rest.split(), number))
            continue
        try:
            tokens = shlex.split(rest)
        except ValueError as e:
            errors.append(f"line {number}: {e}: {line}")
            continue
        fields = {}
        for token in tokens:
            name, eq, value = token.partition("=")
            if not eq or name not in CHECK_FIELDS:
                errors.append(f"line {number}: expected name=value with a name from {sorted(CHECK_FIELDS)}, got '{token}'")
                continue
            fields[name] = value
        kinds = [k for k in ("exit", "problems", "absent") if k in fields]
        if any(k in fields for k in ("line", "key", "text")):
            kinds.append("diagnostic")
        if len(kinds) != 1:
            errors.append(f"line {number}: one check per line (line/key/text, problems, absent or exit): {line}")
            continue
        for k in ("line", "problems", "exit"):
            if k in fields and not fields[k].isdigit():
                errors.append(f"line {number}: {k} must be a whole number: {line}")
        checks.append(Check(kind, fields, line[1:].strip()))
    return checks, makes, errors


def expand_values(tokens):
    """'3*40.0 52.5' -> [40.0, 40.0, 40.0, 52.5]"""
    values = []
    for token in tokens:
        count, star, value = token.partition("*")
        values += [float(value)] * int(count) if star else [float(token)]
    return values


def make_file(kind, args, directory):
    if kind == "make-f64":
        name, values = args[0], expand_values(args[1:])
        (directory / name).write_bytes(struct.pack(f"<{len(values)}d", *values))
    else:
        import h5py  # only the HDF5 cases need it

        name, dataset, values = args[0], args[1], expand_values(args[2:])
        with h5py.File(directory / name, "w") as f:
            f.create_dataset(dataset, data=values, dtype="<f8")


def run_validate(case_path, cwd):
    """(exit code or None on timeout, stdout + stderr, stderr)."""
    command = [AQUAPLUME, "validate", str(case_path)]
    if MEMORY_LIMIT_MB > 0:  # through the shell: preexec_fn is unsafe with threads
        command = ["/bin/sh", "-c", f'ulimit -v {MEMORY_LIMIT_MB * 1024} && exec "$0" "$@"'] + command
    try:
        p = subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace",
                           timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return None, err, err
    return p.returncode, p.stdout + p.stderr, p.stderr


def describe_exit(code):
    if code is None:
        return f"timed out after {TIMEOUT_SECONDS} s"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"


def crash_text(text):
    return [t for t in CRASH_TEXT if t in text]


def evaluate(check, code, stderr, shown_path):
    """None when the check holds, else what went wrong."""
    f = check.fields
    what = check.what()
    if what == "exit":
        want = int(f["exit"])
        problems = []
        if code != want:
            problems.append(f"{describe_exit(code)}, expected exit code {want}")
        if crash := crash_text(stderr):
            problems.append("crash text on stderr: " + ", ".join(crash))
        return "; ".join(problems) or None
    header = [int(m.group(1)) for m in map(HEADER.match, stderr.splitlines()) if m]
    located = re.compile(rf"^{re.escape(shown_path)}:(\d+): (.*)$")
    diagnostics = [m for m in map(located.match, stderr.splitlines()) if m]
    if what == "problems":
        want = int(f["problems"])
        if header != [want] or len(diagnostics) != want:
            return f"expected {want} problem(s), the report says {header or 'nothing'} and lists {len(diagnostics)}"
        return None
    if what == "absent":
        if not header:
            return "no problem report to look at"
        return f"stderr contains '{f['absent']}'" if f["absent"] in stderr else None
    for m in diagnostics:
        if "line" in f and int(m.group(1)) != int(f["line"]):
            continue
        rest = m.group(2)
        if "key" in f:
            if not rest.startswith(f["key"] + ": "):
                continue
            rest = rest[len(f["key"]) + 2:]
        if f.get("text", "") in rest:
            return None
    want = f"{shown_path}:{f.get('line', '*')}: " + (f"{f['key']}: " if "key" in f else "") + f"...{f.get('text', '')}..."
    return f"no problem reported as '{want}'"


def every_problem_located(stderr, shown_path):
    """Problems listed after the header must each name the case file and a line."""
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if HEADER.match(line):
            bad = [l for l in lines[i + 1:] if l.strip() and not re.match(rf"^{re.escape(shown_path)}:[1-9]\d*: ", l)]
            return f"problems without '{shown_path}:LINE: ': {bad}" if bad else None
    return None


def prepare_broken_case(name, work):
    """Reads the directives of a case and writes its generated files (serially:
    two cases may share a generated file)."""
    outcome = Outcome(name)
    case_file = work / "cases" / f"{name}.yaml"
    checks, makes, errors = parse_case_header(case_file)
    for e in errors:
        outcome.failures.append(("case file header", e))
    if not any(c.what() == "diagnostic" for c in checks):
        outcome.failures.append(("case file header", "no '# expect:' or '# known-bug:' line names a problem to report"))
    for kind, args, number in makes:
        try:
            make_file(kind, args, case_file.parent)
        except Exception as e:  # a bad directive is a failure of this case, not of the run
            outcome.failures.append((f"line {number}: {kind}", f"cannot make the file: {e!r}"))
    if not any(c.what() == "exit" for c in checks):
        checks.insert(0, Check("expect", {"exit": "2"}, "exit code 2 and no crash text (always checked)"))
    return outcome, checks


def check_broken_case(outcome, checks, work):
    shown_path = f"cases/{outcome.name}.yaml"
    code, output, stderr = run_validate(shown_path, work)
    outcome.output = output
    if code == 2 and (problem := every_problem_located(stderr, shown_path)):
        outcome.failures.append(("every problem names file and line (always checked)", problem))
    for check in checks:
        problem = evaluate(check, code, stderr, shown_path)
        if check.kind == "expect" and problem:
            outcome.failures.append((check.source, problem))
        elif check.kind == "known-bug":
            if problem:
                outcome.known.append((check, problem))
            else:
                outcome.fixed.append(check)
    return outcome


def check_valid_case(path):
    shown = path.relative_to(SOURCE_DIR)
    outcome = Outcome(str(shown))
    code, output, stderr = run_validate(shown, SOURCE_DIR)
    outcome.output = output
    if code != 0:
        outcome.failures.append(("a valid case validates", f"{describe_exit(code)}, expected 0"))
    if crash := crash_text(output):
        outcome.failures.append(("a valid case validates", "crash text: " + ", ".join(crash)))
    return outcome


def main(argv):
    verbose = "-v" in argv
    only = [a for a in argv if a != "-v"]
    try:
        subprocess.run([AQUAPLUME, "--version"], capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"validate: cannot run {AQUAPLUME} --version (set AQUAPLUME): {e}")
        return 1
    names = sorted(p.stem for p in BROKEN_CASES.glob("*.yaml"))
    valid = sorted((SOURCE_DIR / "cases").glob("*/case.yaml"))
    if only:
        names = [n for n in names if n in only]
        valid = [p for p in valid if p.parent.name in only]
    # Each run spends most of its time starting MPI and PETSc; run a few at once.
    with tempfile.TemporaryDirectory(prefix="aquaplume-validate-") as tmp, \
            ThreadPoolExecutor(max_workers=WORKERS) as pool:
        work = Path(tmp)
        shutil.copytree(BROKEN_CASES, work / "cases")
        prepared = [prepare_broken_case(name, work) for name in names]
        runs = [pool.submit(check_broken_case, outcome, checks, work) for outcome, checks in prepared]
        runs += [pool.submit(check_valid_case, path) for path in valid]
        outcomes = [r.result() for r in runs]

    failed = [o for o in outcomes if o.failures]
    known_bugs = sum(len(o.known) for o in outcomes)
    for o in outcomes:
        if verbose or o.failures:
            print(f"{'FAIL' if o.failures else 'ok  '} {o.name}")
            for source, problem in o.failures:
                print(f"    {source}\n      -> {problem}")
            print("    output of aquaplume validate:")
            print("".join(f"      | {l}\n" for l in o.output.splitlines()) or "      | (nothing)")
    for o in outcomes:
        for check, problem in o.known:
            note = check.fields.get("note", "")
            print(f"KNOWN-BUG {o.name}: {note or check.source}\n      -> {problem}")
        for check in o.fixed:
            print(f"FIXED?    {o.name}: known-bug now holds, make it '# expect:': {check.source}")
    print(f"validate cases={len(outcomes)} passed={len(outcomes) - len(failed)} "
          f"known_bugs={known_bugs} failed={len(failed)}")
    if failed:
        print("failed: " + " ".join(o.name for o in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
