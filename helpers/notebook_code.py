"""Code that lives elsewhere, loaded as it is written there: a notebook's functions, the lecture's code.

`make bench` and the appendix notebook time the code a student reads, never a copy of it:

- `notebook_functions` runs a notebook's imports cell and the definitions in the cells
  that define the functions or classes asked for, and returns them;
- `lecture_code` imports ``bench/lecture_code.py``, the original lecture's code kept verbatim
  (mistakes included) as the benchmark's baseline. It stays in ``bench/`` rather than here because
  it is an exhibit, not course code: nothing a student imports from ``helpers`` should be the
  lecture's buggy loop.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
LECTURE_CODE = REPO_ROOT / "bench" / "lecture_code.py"
SET_UP = "helpers.hosted.prepare()"  # what marks a notebook's first code cell as its set-up cell


def notebook_path(notebook: str | Path) -> Path:
    """Return a notebook's path, given as a path or as a name in notebooks/ (the suffix may be left out)."""
    path = Path(notebook)
    if not path.suffix:
        path = path.with_suffix(".ipynb")
    if not path.is_absolute() and not path.is_file():
        path = NOTEBOOKS_DIR / path.name
    if not path.is_file():
        raise FileNotFoundError(f"no notebook {path}")
    return path


def code_cells(notebook: str | Path) -> list[str]:
    """Return the source of every code cell of a notebook, in order."""
    cells = json.loads(notebook_path(notebook).read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def _defines(source: str, name: str) -> bool:
    return re.search(rf"^(def|class) {re.escape(name)}\b", source, re.MULTILINE) is not None


def _without_magics(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _is_definition(node: ast.stmt) -> bool:
    """True for imports, functions, classes and constants: what a cell defines, not what it does."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        try:
            ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False
        return True
    return False


def _definitions_tree(source: str, filename: str) -> ast.Module:
    """Return a cell's definitions as a syntax tree, without the statements that run work (see above)."""
    tree = ast.parse(_without_magics(source), filename)
    tree.body = [node for node in tree.body if _is_definition(node)]
    return tree


def _read_when_defined(node: ast.AST) -> set[str]:
    """Return the names a definition reads as it runs, not when it is called later.

    A ``def`` evaluates its default arguments, decorators and annotations (such as
    ``activation_backward=relu_backward``), but not its body; a ``class`` runs its whole body, in
    which a method is again a ``def``; a ``lambda`` evaluates its defaults only.
    """
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        arguments = node.args
        read = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
        if not isinstance(node, ast.Lambda):
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                     arguments.vararg, arguments.kwarg]
            read += [*node.decorator_list, *(a.annotation for a in every if a is not None and a.annotation)]
            read += [node.returns] if node.returns is not None else []
        return set().union(set(), *(_read_when_defined(part) for part in read))
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    return set().union(set(), *(_read_when_defined(child) for child in ast.iter_child_nodes(node)))


def _names_used(obj: Any) -> set[str]:
    """Return the global names a function's code (or a class's methods') refers to."""
    code = getattr(obj, "__code__", None)
    if code is None:
        return set().union(set(), *(_names_used(v) for v in vars(obj).values() if callable(v)))
    names, stack = set(), [code]
    while stack:
        code = stack.pop()
        names |= set(code.co_names)
        stack += [const for const in code.co_consts if hasattr(const, "co_names")]
    return names


def notebook_functions(notebook: str | Path, names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Return the named functions (or classes) of a notebook, executed from its own cells.

    The notebook's imports cell (its first code cell after the set-up cell, with its constants) runs
    first, without its IPython magics. Then, in notebook order, the first cell that defines each
    name, and the cells that define the notebook's functions those call or read as they are defined
    (a default argument such as ``activation_backward=relu_backward``, a decorator, a base class):
    their imports, functions, classes and constants, exactly as a student reads them, but none of
    their other statements, which do the notebook's work on its data. Everything runs in one fresh namespace,
    with what it prints swallowed.
    Whatever the imports cell does runs too (seeding, say): seed again afterwards.
    """
    path = notebook_path(notebook)
    cells = code_cells(path)
    if not cells:
        raise LookupError(f"{path.name} has no code cells")

    def defining_cell(name: str) -> int | None:
        return next((i for i, source in enumerate(cells) if _defines(source, name)), None)

    namespace: dict[str, Any] = {"__name__": f"notebook_{path.stem}"}
    # The set-up cell finds helpers/ for a kernel in notebooks/; the caller already has them.
    imports = _without_magics(cells[1] if SET_UP in cells[0] and len(cells) > 1 else cells[0])
    done: set[int] = set()
    wanted, reached = list(names), set(names)

    def load(index: int, loading: tuple[int, ...] = ()) -> None:
        # Run a cell's definitions, after the cells defining what they read as they are defined.
        if index in done or index in loading:
            return
        tree = _definitions_tree(cells[index], f"{path.name}:cell {index}")
        for name in sorted(set().union(set(), *(_read_when_defined(node) for node in tree.body))):
            source = defining_cell(name)
            if name not in namespace and source is not None and source != index:
                reached.add(name)
                load(source, (*loading, index))
        exec(compile(tree, f"{path.name}:cell {index}", "exec"), namespace)  # noqa: S102 - our own notebook
        done.add(index)

    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(imports, f"{path.name}:imports cell", "exec"), namespace)  # noqa: S102 - our own notebook
        while wanted:
            missing = [name for name in wanted if defining_cell(name) is None]
            if missing:
                raise LookupError(f"{path.name} has no cell defining {', '.join(missing)}")
            for index in sorted({defining_cell(name) for name in wanted} - done):
                load(index)
            # The notebook's own functions that the loaded ones call, and are not defined yet.
            used = set().union(set(), *(_names_used(namespace[n]) for n in reached if n in namespace))
            wanted = sorted(name for name in used - namespace.keys() if defining_cell(name) is not None)
            reached.update(wanted)
    not_defined = [name for name in names if name not in namespace]
    if not_defined:
        raise LookupError(f"{path.name}: its cells did not define {', '.join(not_defined)}")
    return {name: namespace[name] for name in names}


def lecture_code() -> ModuleType:
    """Return bench/lecture_code.py imported as the module `lecture_code`, once per process.

    The module keeps the lecture's global state (its `train_data`, `learning_rate`, ...): set
    `lecture_code().train_data` to the batches its `custom_train` should iterate.
    """
    module = sys.modules.get("lecture_code")
    if module is not None and Path(getattr(module, "__file__", "")).resolve() == LECTURE_CODE:
        return module
    spec = importlib.util.spec_from_file_location("lecture_code", LECTURE_CODE)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{LECTURE_CODE} is missing: the lecture's code lives there")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lecture_code"] = module
    spec.loader.exec_module(module)
    return module
