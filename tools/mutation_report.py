"""Write docs/MUTATION.md from what `make mutate` left in mutants/ (mutmut 3.8).

    python tools/mutation_report.py [--source TEXT] [--seconds N] [--budget-minutes N] [MODULE...]

For each mutated module: how many mutants the tests killed, every survivor (its line, the change
and the tests mutmut ran against it: those of the selection that call the mutated function), and
the functions mutmut leaves alone because they are decorated. Run from the checkout's root.
"""

import argparse
import ast
import datetime
import difflib
import json
import subprocess
from collections import Counter
from pathlib import Path

from mutmut.mutation.data import MutantLineSpans, SourceFileMutationData
from mutmut.mutation.diff_apply import generated_function_names
from mutmut.stats import status_by_exit_code
from mutmut.utils.format_utils import mangled_name_from_mutant_name, orig_function_and_class_names_from_key

MUTANTS = Path("mutants")
REPORT = Path("docs/MUTATION.md")
# Decorators mutmut still mutates through; it skips functions with any other.
MUTATED_THROUGH = {"staticmethod", "classmethod"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("modules", nargs="*", help="the modules (files or folders) a run was limited to")
    parser.add_argument("--source", help="the code the run mutated: a commit, and whether it had changes")
    parser.add_argument("--seconds", type=int, help="how long the run took")
    parser.add_argument("--budget-minutes", type=int, help="the run's time budget")
    options = parser.parse_args()
    stats = MUTANTS / "mutmut-stats.json"
    if not stats.exists():
        raise SystemExit(f"{stats} is missing: the run stopped before mutmut knew which tests to run")
    tests_by_function = json.loads(stats.read_text())["tests_by_mangled_function_name"]
    modules = [path for path in mutated_modules() if in_scope(path, options.modules)]
    sections = [module_section(path, tests_by_function) for path in modules]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join([header(options, modules), *filter(None, sections)]))
    print(f"wrote {REPORT}")


def mutated_modules():
    return sorted(meta.relative_to(MUTANTS).with_suffix("") for meta in MUTANTS.rglob("*.py.meta"))


def in_scope(path, modules):
    folders = [module.rstrip("/") + "/" for module in modules]
    return not modules or str(path) in modules or str(path).startswith(tuple(folders))


def header(options, modules):
    source = options.source or git("rev-parse", "--short", "HEAD")
    scope = ", ".join(options.modules) or "all domain modules"
    took = f" in {options.seconds // 60} min {options.seconds % 60} s" if options.seconds is not None else ""
    budget = f" (budget {options.budget_minutes} min)" if options.budget_minutes else ""
    return f"""# Mutation testing

Surviving mutants of the domain modules: changes to the code that no test noticed. Each one is a
behaviour the tests do not pin down, or code that makes no difference. Written by `make mutate`
(mutmut 3.8.1; see the Makefile and `[tool.mutmut]` in pyproject.toml); not part of `make test`.

Run {datetime.date.today()} on commit {source}{took}{budget}.
Scope: {scope}.

The unit is a module (`make mutate MODULE=...`): all of them take longer than 20 minutes on 2
cores, forum/markup most of it. The modules were being refactored while this ran, so these
figures are a baseline to improve on, not a verdict on the code as it is now.

How to read it: *line* is the module's line as it was during the run; *tests run* are the tests
mutmut ran against the mutant (those of the domain apps' tests that call the mutated function; all
passed). mutmut only mutates lines those tests run, and never a decorated function (other than
`@staticmethod`/`@classmethod`): those are listed per module. A transaction written as
`with transaction.atomic():` in the body, rather than `@transaction.atomic`, does get mutated.
*Not checked*: mutants the run's time budget left untested.
"""


def module_section(path, tests_by_function):
    data = SourceFileMutationData(path=path)
    data.load()
    statuses = {name: status_by_exit_code[code] for name, code in data.exit_code_by_key.items()}
    decorated = decorated_functions(path)
    if not statuses and not decorated:
        return ""
    counts = Counter(statuses.values())
    summary = ", ".join(f"{count} {status}" for status, count in counts.most_common())
    seconds = sum(data.durations_by_key.values())
    lines = [f"## {path}", "", f"{len(statuses)} mutants: {summary or 'none'} (tests ran {seconds:.0f} s).", ""]
    survivors = sorted(
        (survivor_row(path, name, tests_by_function) for name, status in statuses.items() if status == "survived"),
        key=lambda row: int(str(row[0]).rstrip("?")),
    )
    if survivors:
        lines += ["| line | function | mutation | tests run |", "|---:|---|---|---|"]
        lines += [f"| {line} | `{function}` | {change} | {tests} |" for line, function, change, tests in survivors]
        lines.append("")
    if decorated:
        lines += ["Not mutated (decorated): " + ", ".join(f"`{name}` ({line})" for name, line in decorated) + ".", ""]
    return "\n".join(lines)


def survivor_row(path, name, tests_by_function):
    function, class_name = orig_function_and_class_names_from_key(name)
    before, after = function_sources(name, path, function)
    first_change = next(op for op in difflib.SequenceMatcher(None, before, after).get_opcodes() if op[0] != "equal")
    _, i1, i2, j1, j2 = first_change
    def_index = next(i for i, text in enumerate(before) if text.lstrip().startswith(("def ", "async def ")))
    line = definition_line(path, class_name, function) + i1 - def_index
    if i1 < len(before) and line_of(path, line).strip() != before[i1].strip():
        line = f"{line}?"  # the file changed since the run: a guess
    change = f"{code_lines(before[i1:i2])} → {code_lines(after[j1:j2])}"
    qualified = f"{class_name}.{function}" if class_name else function
    return line, qualified, change, tests_summary(tests_by_function.get(mangled_name_from_mutant_name(name), []))


def function_sources(name, path, function):
    """The lines of the unmutated copy of the function and of the mutant, as mutmut wrote them."""
    original_name, mutant_name = generated_function_names(name)
    original, mutant = MutantLineSpans.load(path).read_function_sources([original_name, mutant_name])
    # Each copy has a name of its own: give both the function's, leaving only the mutation different.
    return original.replace(original_name, function).splitlines(), mutant.replace(mutant_name, function).splitlines()


def code_lines(texts):
    shown = [text.strip().replace("|", "\\|").replace("`", "'") for text in texts]
    return " / ".join(f"`{text}`" if text else "(blank line)" for text in shown) or "(nothing)"


def line_of(path, number):
    lines = path.read_text().splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def definition_line(path, class_name, function):
    tree = ast.parse(path.read_text())
    scope = next((node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name), tree)
    for node in scope.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            return node.lineno
    return 0  # gone from the file since the run


def tests_summary(tests):
    by_file = Counter(test.split("::")[0] for test in tests)
    return f"{len(tests)}: " + ", ".join(f"{file} ({count})" for file, count in by_file.most_common())


def decorated_functions(path):
    found = []
    tree = ast.parse(path.read_text())
    for scope in [tree, *(node for node in tree.body if isinstance(node, ast.ClassDef))]:
        prefix = f"{scope.name}." if isinstance(scope, ast.ClassDef) else ""
        for node in scope.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
                names = {ast.unparse(decorator) for decorator in node.decorator_list}
                if not (len(names) == 1 and names <= MUTATED_THROUGH):
                    found.append((prefix + node.name, node.lineno))
    return sorted(found, key=lambda item: item[1])


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
