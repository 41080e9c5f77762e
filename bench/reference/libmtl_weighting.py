"""LibMTL's weighting classes on given task gradients (the LibMTL side of bench/libmtl-compare.ts).

Each case's losses are L_i(theta) = g_i . theta + L_i at theta = 0 for one shared parameter vector theta,
so LibMTL's own backward() leaves its combined update in theta.grad. LibMTL's files are loaded from the
checkout given with --libmtl. Two stand-ins where this machine lacks a package: `torch.symeig` (removed from
newer torch) maps to torch.linalg.eigh, and UPGrad's `qpsolvers.solve_qp` is an exact active-set enumeration
(the QP is tiny: K variables, bound constraints only)."""
import argparse, importlib.util, itertools, json, random, sys, types
import numpy as np
import torch

ap = argparse.ArgumentParser()
ap.add_argument('--libmtl', required=True)
ap.add_argument('--cases', required=True)
args = ap.parse_args()
torch.set_default_dtype(torch.float64)


def solve_qp(P, q, G, h, solver=None):
    """min 1/2 x'Px + q'x s.t. Gx <= h with G = -I (x >= -h): enumerate the free set, keep the best feasible."""
    lo = -np.asarray(h, dtype=np.float64)
    k = len(lo)
    best, best_x = np.inf, None
    for r in range(k + 1):
        for free in itertools.combinations(range(k), r):
            x = lo.copy()
            fixed = [i for i in range(k) if i not in free]
            if free:
                f = list(free)
                rhs = -q[f] - P[np.ix_(f, fixed)] @ lo[fixed] if fixed else -q[f]
                try:
                    x[f] = np.linalg.solve(P[np.ix_(f, f)], rhs)
                except np.linalg.LinAlgError:
                    continue
                if np.any(x[f] < lo[f] - 1e-12):
                    continue
            val = 0.5 * x @ P @ x + q @ x
            if val < best:
                best, best_x = val, x
    return best_x


sys.modules['qpsolvers'] = types.SimpleNamespace(solve_qp=solve_qp)
if not hasattr(torch, 'symeig'):
    torch.symeig = lambda m, eigenvectors=True: torch.linalg.eigh(m)
random.shuffle = lambda x: None  # visit the other tasks in ascending order, as the TS side does


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


for pkg in ['LibMTL', 'LibMTL.weighting']:
    sys.modules[pkg] = types.ModuleType(pkg)
load('LibMTL.weighting.abstract_weighting', f'{args.libmtl}/LibMTL/weighting/abstract_weighting.py')


def harness(cls, k, p):
    class H(cls):
        def __init__(self):
            super().__init__()
            self.task_num, self.device, self.rep_grad, self.epoch = k, 'cpu', False, 0
            self.theta = torch.nn.Parameter(torch.zeros(p))
            self.init_param()

        def get_share_params(self):
            return [self.theta]

        def zero_grad_share_params(self):
            if self.theta.grad is not None:
                self.theta.grad.zero_()
    return H()


out = []
for case in json.load(open(args.cases)):
    k = case['k']
    try:
        cls = getattr(load(f"LibMTL.weighting.{case['libmtl']}", f"{args.libmtl}/LibMTL/weighting/{case['libmtl']}.py"), case['libmtl'])
        h = harness(cls, k, len(case['steps'][0]['G'][0]))
        worst = 0.0
        for step in case['steps']:
            G = torch.tensor(step['G'])
            h.epoch = step.get('epoch', 0)
            h.theta.grad = None
            losses = G @ h.theta + torch.tensor(step['losses'])
            h.backward(losses, **case['kwargs'])
            d = h.theta.grad.detach().numpy().astype(np.float64)
            if 'after' in step:
                h.update_w(torch.tensor(step['after']))
            worst = max(worst, float(np.linalg.norm(np.array(step['ours']) - d) / np.linalg.norm(d)))
        out.append({'method': case['method'], 'k': k, 'maxRelDiff': worst})
    except Exception as e:  # report, keep going
        out.append({'method': case['method'], 'k': k, 'maxRelDiff': float('nan'), 'error': f'{type(e).__name__}: {e}'})
print(json.dumps(out))
