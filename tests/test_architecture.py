"""The layers of docs/architecture.md hold in the code: imports between the project's packages point
down, no two modules import each other (directly or round a loop), the pure packages import no
Django, and no module runs over 400 lines without saying why at its top.

The imports are read with ``ast`` from every module under ``src/bettercare`` (migrations aside),
including imports inside functions: a lazy import is still a dependency."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "bettercare"

# Floors, top first (docs/architecture.md, "Layers"). A module may import modules of its own
# package and of any lower floor; packages on one floor do not import each other.
FLOORS = [
    {"cli"},
    {"web"},
    {"api"},
    {"reports", "scenarios"},
    {"planbook"},
    {"delivery"},
    {"monitoring"},
    {"plans"},
    {"accounts"},
    {"reference"},
    {"upsert"},
    {"engine"},
    {"catalogue"},
    {"indicators"},
]
FLOOR = {package: height for height, floor in enumerate(reversed(FLOORS)) for package in floor}
PURE = {"indicators", "catalogue", "engine"}
LONG = 400


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def package_of(module: str) -> str:
    """The layer a module belongs to: its top package, except that every app's ``cli`` module and
    the root's shared helpers (``cli_support``) belong to the command line."""
    parts = module.split(".")
    if parts[-1] in ("cli", "cli_support"):
        return "cli"
    return parts[1] if len(parts) > 1 else parts[0]


def resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> list[tuple[str, int]]:
    """(imported project module, line) for every import in the module, lazy ones included."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("bettercare"):
                continue
            for alias in node.names:  # "from package import module" names a module
                target = resolve(f"{source}.{alias.name}") or resolve(source)
                if target and target != module:
                    found.append((target, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("bettercare"):
                    target = resolve(alias.name)
                    if target and target != module:
                        found.append((target, node.lineno))
    return found


def test_every_package_is_on_a_documented_floor():
    packages = {package_of(module) for module in MODULES if module != "bettercare"}
    assert packages <= set(FLOOR), f"not in docs/architecture.md's layers: {sorted(packages - set(FLOOR))}"


def test_imports_point_down_the_layers():
    upward = []
    for module in MODULES:
        source = package_of(module)
        for target, line in imports_of(module):
            destination = package_of(target)
            if destination == source or target == "bettercare":
                continue
            if FLOOR[destination] >= FLOOR[source]:
                upward.append(f"{MODULES[module].relative_to(SRC)}:{line} {source} -> {destination} ({target})")
    assert not upward, "imports that do not point down the layers:\n" + "\n".join(upward)


def test_no_module_imports_itself_round_a_loop():
    edges = defaultdict(set)
    for module in MODULES:
        for target, _ in imports_of(module):
            if MODULES[target].name == "__init__.py" and module.startswith(target + "."):
                continue  # a package's own __init__ re-exporting its modules is not a loop
            edges[module].add(target)
    loops = [sorted(component) for component in strongly_connected(edges) if len(component) > 1]
    assert not loops, f"modules that import each other: {loops}"


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative)."""
    index, low, on_stack, stack, components, counter = {}, {}, set(), [], [], 0
    for root in list(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


@pytest.mark.parametrize("package", sorted(PURE))
def test_the_pure_packages_import_no_django(package):
    django = []
    for module, path in MODULES.items():
        if package_of(module) != package:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            django += [f"{path.relative_to(SRC)}:{node.lineno}" for name in names if name.split(".")[0] == "django"]
    assert not django, f"{package} must stay usable without Django: {django}"


def test_a_long_module_says_why_at_its_top():
    unexplained = []
    for path in MODULES.values():
        lines = path.read_text().count("\n")
        if lines <= LONG:
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
        if "why it is long:" not in docstring.lower():
            unexplained.append(f"{path.relative_to(SRC)} ({lines} lines)")
    assert not unexplained, f"over {LONG} lines without 'Why it is long:' in the module docstring: {unexplained}"


def test_the_checks_can_fail():
    """The readers above see a real upward import and a real loop when there is one."""
    assert FLOOR["indicators"] < FLOOR["reference"] < FLOOR["plans"] < FLOOR["planbook"] < FLOOR["web"]
    assert "bettercare.reference.models" in {target for target, _ in imports_of("bettercare.plans.models")}
    assert [sorted(c) for c in strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) if len(c) > 1] == [["a", "b"]]
