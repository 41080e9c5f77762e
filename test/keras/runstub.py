# Runs exported Keras code against the shape-checking stand-in in fakekeras/ (put it on PYTHONPATH):
# builds the model(s) and prints JSON with the weights counted over every layer built and each model's outputs.
import json, runpy, sys

ns = runpy.run_path(sys.argv[1])  # not as __main__: the summary block does not run
from tensorflow.keras.layers import BUILT  # noqa: E402

built = ns['build_models']() if 'build_models' in ns else {'': ns['build_model']()}
print(json.dumps({
    'params': sum(layer.own_params() for layer in BUILT),
    'layers': len(BUILT),
    'models': {k: {name: list(t.shape) for name, t in m.outputs.items()} for k, m in built.items()},
}))
