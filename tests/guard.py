"""The guard's checker: which models are scoped, which modules may query them, and who does.

A model is *scoped* when a chain of foreign keys (any depth, through any model, many-to-many included) leads
from it to ``Org`` or ``Person``: a row of it belongs to an organisation, so reading it without the actor's
scope can leak across organisations. Only the modules that make up an app's one door (models, access,
selectors, services, receivers), migrations, management commands and the demo may name such a model's
manager; every other product module goes through them.

Found by reading the code (``ast``), not by matching text: an alias (``from .models import Exemplar as E``),
a module attribute (``models.Exemplar.objects``), ``_default_manager`` / ``_base_manager`` and
``apps.get_model(...)`` are all seen.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "lamtheobac"
ROOT_PACKAGE = "lamtheobac"
ANCHORS = ("organisation.Org", "organisation.Person")

# A module (or a package) of one of these names is part of an app's door to its data.
DOOR_NAMES = frozenset({"models", "access", "selectors", "services", "receivers", "migrations", "management"})
# Whole apps that may read anything: the demo builds the world it shows and is imported by nothing.
FREE_APPS = frozenset({"demo"})
# An empty queryset reads nothing: a form names its model with ``Model.objects.none()`` and the view fills it.
HARMLESS_CALLS = frozenset({"none"})


@dataclass(frozen=True)
class Finding:
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}"


@cache
def scoped_models() -> dict[str, frozenset[str]]:
    """Every model with a foreign-key path to Org or Person: class name → the modules that define it."""
    from django.apps import apps

    anchors = {apps.get_model(label) for label in ANCHORS}
    models = apps.get_models(include_auto_created=True)
    scoped = set(anchors)
    grew = True
    while grew:  # a fixed point: a model is scoped when one of its forward relations leads to a scoped one
        grew = False
        for model in models:
            if model in scoped:
                continue
            for field in model._meta.get_fields():
                if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
                    if not (field.is_relation and field.many_to_many and not field.auto_created):
                        continue
                if field.related_model in scoped:
                    scoped.add(model)
                    grew = True
                    break
    names: dict[str, set[str]] = {}
    for model in scoped:
        names.setdefault(model.__name__, set()).add(model.__module__)
    return {name: frozenset(modules) for name, modules in names.items()}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_door(name: str) -> bool:
    """Whether the module ``name`` (dotted, from the root package) may query scoped models."""
    parts = name.split(".")
    if parts[0] != ROOT_PACKAGE:
        return False
    inside = parts[1:]
    if inside and inside[0] in FREE_APPS:
        return True
    return any(part in DOOR_NAMES for part in inside[1:])


def product_modules(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def guarded_modules(root: Path = ROOT) -> list[Path]:
    return [p for p in product_modules(root) if not is_door(module_name(p, root))]


class _Checker:
    def __init__(self, module: str, scoped: dict[str, frozenset[str]], source: str) -> None:
        self.module = module
        self.scoped = scoped
        self.source = source
        self.findings: list[Finding] = []
        self.names: dict[str, str] = {}  # local name → "module.Class" of a scoped model
        self.modules: dict[str, str] = {}  # local name → dotted module it stands for

    # imports: who is who
    def _absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = self.module.split(".")
        base = base[: len(base) - node.level]  # only names what was imported, for the message
        return ".".join(base + ([node.module] if node.module else []))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.modules[alias.asname] = alias.name
            else:
                self.modules[alias.name.split(".")[0]] = alias.name.split(".")[0]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        source = self._absolute(node)
        for alias in node.names:
            local = alias.asname or alias.name
            if alias.name in self.scoped:
                self.names[local] = f"{source}.{alias.name}"
            else:
                self.modules[local] = f"{source}.{alias.name}"

    # uses
    def _model_of(self, node: ast.expr) -> str | None:
        """The scoped model an expression names, if it names one."""
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in self.scoped and node.id not in self.modules:
                return node.id  # a bare name we could not trace: assume the model (a guard errs that way)
            return None
        if isinstance(node, ast.Attribute) and node.attr in self.scoped:
            return node.attr  # models.Exemplar, lamtheobac.activities.models.Exemplar
        return None

    def _flag(self, node: ast.AST) -> None:
        text = ast.get_source_segment(self.source, node) or ast.dump(node)
        self.findings.append(Finding(node.lineno, " ".join(text.split())))

    def visit_use(self, node: ast.AST) -> None:
        if isinstance(node, ast.Attribute):
            if node.attr in ("_default_manager", "_base_manager"):
                self._flag(node)  # whatever it is reached from: a generic manager is a door of its own
            elif node.attr == "objects" and self._model_of(node.value) and not self._harmless(node):
                self._flag(node)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "get_model":
                self._flag(node)  # a model fetched by label escapes every import check

    def _harmless(self, node: ast.Attribute) -> bool:
        parent = getattr(node, "_parent", None)
        grand = getattr(parent, "_parent", None)
        return (
            isinstance(parent, ast.Attribute)
            and parent.attr in HARMLESS_CALLS
            and isinstance(grand, ast.Call)
            and grand.func is parent
        )


def check_source(source: str, module: str) -> list[Finding]:
    """Every place in ``source`` (the module ``module``) that queries a scoped model's manager."""
    tree = ast.parse(source)
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            child._parent = parent  # type: ignore[attr-defined]
    checker = _Checker(module, scoped_models(), source)
    # imports first, wherever they are (a function-level import binds the same names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            checker.visit_Import(node)
        elif isinstance(node, ast.ImportFrom):
            checker.visit_ImportFrom(node)
    for node in ast.walk(tree):
        checker.visit_use(node)
    return sorted(checker.findings, key=lambda f: f.line)


def check_path(path: Path, root: Path = ROOT) -> list[Finding]:
    return check_source(path.read_text(encoding="utf-8"), module_name(path, root))
