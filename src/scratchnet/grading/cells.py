"""Compile a notebook cell so that a broken part costs only what it defines.

A cell that compiles runs statement by statement (`statements`): one that
raises does not stop the ones after it. A cell that does not compile is cut
at its top-level statements (`salvage`) and each part that compiles runs; a
function or method that does not compile becomes one that raises
`DidNotCompile` when called, so the question that grades it says why, and a
class keeps the methods that compile. Everything here parses; nothing runs.
"""
import ast
import re
import textwrap

# Lines that continue the statement above them rather than start one.
CONTINUES = re.compile(r"(else|elif|except|finally)\b|[)\]}]")
DEF = re.compile(r"\s*(?:async\s+)?def\s+(\w+)")
CLASS = re.compile(r"\s*class\s+(\w+)")
RAISE = ("raise __import__('scratchnet.grading.cells', fromlist=['_'])"
         ".DidNotCompile({message!r})")


class DidNotCompile(Exception):
    """Raised by a function whose code has a syntax error."""


def statements(source, filename):
    """The cell's top-level statements, each compiled on its own (line numbers kept).

    Raises SyntaxError when the cell does not compile. A cell with a
    ``from __future__`` import compiles as one piece, so the import applies.
    """
    tree = ast.parse(source, filename)
    whole = compile(tree, filename, "exec")  # the errors only the compiler finds
    if any(isinstance(node, ast.ImportFrom) and node.module == "__future__" for node in tree.body):
        return [whole]
    return [compile(ast.Module([node], []), filename, "exec") for node in tree.body]


def salvage(source, filename, where):
    """Code for the parts of a cell that does not compile, in order.

    Parameters
    ----------
    source : str
    filename : str
        As in tracebacks, e.g. ``"<cell 2>"``.
    where : str
        How messages name the cell, e.g. ``"code cell 2"``.
    """
    lines = source.splitlines(True)
    codes = []
    for start, piece in _pieces(lines, 0):
        text = "".join(piece)
        if not _parses(text):
            text = _repair(piece, start, where)
        if text is None:
            continue
        try:
            tree = ast.parse(text)
            ast.increment_lineno(tree, start)
            codes.append(compile(tree, filename, "exec"))
        except (SyntaxError, ValueError):
            continue
    return codes


def defined_names(source):
    """The names a cell's top-level statements bind (for a cell that does not compile, the
    functions and classes its lines start)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {m.group(1) for line in source.splitlines() if line[:1] not in " \t"
                for m in [DEF.match(line) or CLASS.match(line)] if m}
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            names.update(n.id for n in ast.walk(node)
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


def _repair(piece, start, where):
    """A broken top-level part as code that compiles, line numbers kept; None if none."""
    k = next((i for i, line in enumerate(piece) if DEF.match(line) or CLASS.match(line)), None)
    if k is None or (k > 0 and not _only_decorators(piece[:k])):
        return None
    named = DEF.match(piece[k])
    if named:
        return _stub(piece, named.group(1), start, where)
    named = CLASS.match(piece[k])
    body = piece[k + 1:]
    indents = [_indent(line) for line in body if line.strip() and not line.strip().startswith("#")]
    if not indents:
        return None
    out = piece[:k + 1]
    for offset, member in _pieces(body, indents[0]):
        text = "".join(member)
        if _parses(textwrap.dedent(text)):
            out += member
            continue
        method = DEF.match(member[0])
        if method:
            out += _stub(member, f"{named.group(1)}.{method.group(1)}", start + k + 1 + offset,
                         where, indent=" " * indents[0]).splitlines(True)
        else:
            out += ["\n"] * len(member)
    if all(not line.strip() for line in out[k + 1:]):
        out[k + 1] = " " * indents[0] + "pass\n"
    return "".join(out)


def _stub(piece, label, start, where, indent=""):
    """A one-line function raising `DidNotCompile`, padded to the piece's line count."""
    text = textwrap.dedent("".join(piece))
    try:
        ast.parse(text)
        reason = "it does not compile"
    except SyntaxError as error:
        line = f", line {start + error.lineno}" if error.lineno else ""
        reason = f"SyntaxError: {error.msg} ({where}{line})"
    except ValueError as error:
        reason = f"{type(error).__name__}: {error}"
    name = label.rsplit(".", 1)[-1]
    message = f"{label} did not compile: {reason}"
    stub = f"{indent}def {name}(*args, **kwargs): {RAISE.format(message=message)}\n"
    return stub + "\n" * (len(piece) - 1)


def _pieces(lines, indent):
    """Cut lines into statements that start at column ``indent``: (first index, lines)."""
    pieces = []
    for i, (line, quoted) in enumerate(zip(lines, _in_strings(lines))):
        stripped = line.strip()
        starts = (stripped and not quoted and not stripped.startswith("#")
                  and _indent(line) == indent and not CONTINUES.match(stripped))
        if starts and pieces and _only_decorators(pieces[-1][1]):
            starts = False
        if starts or not pieces:
            pieces.append((i, [line]))
        else:
            pieces[-1][1].append(line)
    return pieces


def _in_strings(lines):
    """For each line, whether it starts inside a triple-quoted string (a docstring's lines)."""
    inside, flags = None, []
    for line in lines:
        flags.append(inside is not None)
        i = 0
        while i < len(line):
            if inside is not None:
                end = line.find(inside, i)
                if end < 0:
                    break
                inside, i = None, end + 3
            elif line[i] == "#":
                break
            elif line.startswith(('"""', "'''"), i):
                inside, i = line[i:i + 3], i + 3
            elif line[i] in "\"'":
                end = i + 1
                while end < len(line) and line[end] != line[i]:
                    end += 2 if line[end] == "\\" else 1
                i = end + 1
            else:
                i += 1
    return flags


def _only_decorators(piece):
    code = [line.strip() for line in piece if line.strip() and not line.strip().startswith("#")]
    return bool(code) and all(line.startswith("@") for line in code)


def _indent(line):
    return len(line) - len(line.lstrip(" \t"))


def _parses(text):
    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError):
        return False
