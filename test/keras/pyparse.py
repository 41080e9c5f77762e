# Reads Python source on stdin; prints JSON: syntax errors, classes, calls assigned to names, undefined names.
import ast, builtins, json, sys

src = sys.stdin.read()
try:
    tree = ast.parse(src)
except SyntaxError as e:
    print(json.dumps({"error": f"{e.msg} at line {e.lineno}: {e.text}"}))
    sys.exit(0)

def value(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return {"expr": ast.unparse(node)}

assigns = []
for node in ast.walk(tree):
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        call = node.value
        assigns.append({
            "target": node.targets[0].id,
            "func": ast.unparse(call.func),
            "args": [value(a) for a in call.args],
            "kwargs": {k.arg: value(k.value) for k in call.keywords if k.arg},
            "source": ast.unparse(node),
        })

# Names read in each function before any assignment in it (a static check of the generated build function).
module_names = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
for n in tree.body:
    if isinstance(n, (ast.Import, ast.ImportFrom)):
        for a in n.names:
            module_names.add((a.asname or a.name).split(".")[0])
undefined = []
for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
    defined = set()
    for stmt in fn.body:
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                if sub.id not in defined and sub.id not in module_names and not hasattr(builtins, sub.id):
                    undefined.append(sub.id)
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                defined.add(sub.id)

print(json.dumps({
    "classes": [n.name for n in tree.body if isinstance(n, ast.ClassDef)],
    "functions": [n.name for n in tree.body if isinstance(n, ast.FunctionDef)],
    "assigns": assigns,
    "undefined": sorted(set(undefined)),
}))
