// What the validator and the catalog say, as keys and values: the English of every key, and the one
// function that words a key with its values. Problem.message is worded here; the renderer words the same
// key and args in the user's language (renderer/i18n/locales/<lang>/problems.ts).
//
// Keys are dot paths into PROBLEM_TEXT. A Problem's key is its code, or `<code>.<variant>` where one code
// has several sentences (args.variant). Placeholders are {name}; an arg named `$name` holds the key of a
// nested phrase (a shape error, a param's allowed range...), worded with the same args and put in {name}.
// Texts avoid the characters vue-i18n reads as syntax (@ | { } other than placeholders).

export type MsgArgs = Record<string, string | number>;

/** A phrase as a key and its values. */
export interface Msg {
  key: string;
  args: MsgArgs;
}

export const PROBLEM_TEXT = {
  // ---- problems, by code ({node} = "Dense 'fc1'") --------------------------------------------------------
  'not-a-design': {
    object: 'This is not a design: it needs a "nodes" list and an "edges" list',
    value: 'This is not a design (got {got}): a design is an object with "nodes" and "edges" lists',
    list: 'This is not a design (got a list): a design is an object with "nodes" and "edges" lists',
    version: 'Design version {version} is not supported: this workbench reads version 1',
  },
  'bad-node': 'Node #{index} has no id: every node needs a unique text id',
  'duplicate-id': {
    node: "Two nodes have the id '{id}': give each node its own id",
    edge: "Two edges have the id '{id}': give each edge its own id",
  },
  'unknown-kind': "Node '{id}' has kind {kind}, which the layer catalog lacks: replace it with a layer from the palette",
  'bad-param': {
    params: '{node} has params that are not an object: reset its parameters',
    param: '{node}: {detail}',
    binding: '{node} {detail}',
  },
  'bad-edge': 'Edge #{index} is malformed: an edge needs text id, source, sourcePort, target and targetPort',
  'edge-missing-node': {
    source: "Edge '{edge}' comes from node '{missing}', which does not exist: delete the edge",
    target: "Edge '{edge}' goes to node '{missing}', which does not exist: delete the edge",
  },
  'edge-missing-port': {
    output: "Edge '{edge}' leaves {node} at output '{port}', which it lacks (it has {ports}): reconnect the edge",
    'output-none': "Edge '{edge}' leaves {node} at output '{port}', which it lacks (it has no outputs): reconnect the edge",
    input: "Edge '{edge}' enters {node} at input '{port}', which it lacks (it has {ports}): reconnect the edge",
    'input-none': "Edge '{edge}' enters {node} at input '{port}', which it lacks (it has no inputs): reconnect the edge",
  },
  'duplicate-edge': "Edge '{edge}' repeats a connection from {source} to {target}: delete one of them",
  cycle: {
    self: '{node} feeds itself: delete the edge from its output to its input',
    loop: 'Nodes {path} form a cycle: delete one of these edges (data must flow from inputs to heads)',
  },
  'no-heads': 'The design has no task head: add a TaskHead for each task to train',
  'over-budget':
    'Training this design needs about {total} of memory (batch {batch}), more than the budget of {budget}; {node} needs the most ({nodeBytes}: {params} parameters, {activations} values per sample): make it smaller or lower the batch size (the budget is MTLW_MEMORY_BUDGET)',
  'head-no-dataset': '{node} {detail}',
  'head-unknown-dataset': '{node} {detail}',
  'head-no-task': '{node} {detail}',
  'head-unknown-task': '{node} {detail}',
  'duplicate-task': "{node} predicts task '{task}' of '{dataset}', as head '{other}' does: bind it to another task or delete it",
  'input-no-feature': '{node} {detail}',
  'input-unknown-dataset': '{node} {detail}',
  'input-unknown-feature': '{node} {detail}',
  'input-shape-conflict': '{node} {detail}',
  'unconnected-port': {
    layer: "{node} has nothing connected to its input '{port}': connect a layer to it",
    head: "{node} has nothing connected to its input '{port}': connect a layer (the shared trunk's output) to it",
  },
  'shape-mismatch': '{node} {detail}',
  'head-two-routes':
    "{node} (dataset '{dataset}') has {count} routes into {at} input '{port}' (from {fromAnd}): a dataset must reach a layer through exactly one branch; bind those branches' inputs to different datasets, or if they should be combined, join them with a Concatenate or Add",
  'head-no-route':
    "{node} (dataset '{dataset}') cannot be fed: {where}. Add an input branch for '{dataset}', or bind the input to '{dataset}' (or to any dataset, '')",
  'dead-end': '{node} leads nowhere: connect its output towards a task head, or delete it',
  'unused-output': "{node} output '{port}' is not connected: connect it to its task's head, or lower numTasks",
  internal: {
    validator: 'The validator failed: {error}',
    infer: '{node} could not be inferred: {error}',
    cost: '{node} could not be costed: {error}',
  },

  // ---- where a head's dataset cannot reach it ({at} = a node) ----------------------------------------------
  route: {
    unconnected: '{at} is not connected',
    bound: "{at} is bound to dataset '{bound}'",
    lacks: "{at} takes feature '{feature}', which '{dataset}' lacks",
    none: "none of the branches into {at} input '{port}' (from {from}) starts at inputs of '{dataset}'",
  },

  // ---- what a head or an Input is bound to (continuing "<Kind> '<id>'") -------------------------------------
  binding: {
    'head-no-dataset': 'is bound to no dataset: choose the dataset of its task in the inspector',
    'head-unknown-dataset': "is bound to dataset '{dataset}', which is not among the chosen datasets: choose it or rebind the head",
    'head-no-task': 'is bound to no task: choose one of {tasks}',
    'head-unknown-task': "is bound to task '{task}', which dataset '{dataset}' lacks (it has {tasks}): choose another task",
    'head-unknown-task-none': "is bound to task '{task}', which dataset '{dataset}' lacks (it has no tasks): choose another task",
    loss: "has loss '{loss}', which does not fit {taskKind} task '{task}': use {lossesOr}",
    metric: "has metric '{metric}', which does not fit {taskKind} task '{task}': use {metrics}",
    'input-unknown-dataset': "is bound to dataset '{dataset}', which is not among the chosen datasets: choose it or rebind the input",
    'input-no-feature': 'is bound to no feature: choose a dataset feature in the inspector',
    'input-unknown-feature': "is bound to feature '{feature}', which dataset '{dataset}' lacks (it has {features}): choose another feature",
    'input-unknown-feature-none': "is bound to feature '{feature}', which dataset '{dataset}' lacks: choose another feature",
    'input-any-feature':
      "takes feature '{feature}' from any dataset, but none of {datasets} has it: choose another feature, or bind the input to the dataset that has it",
    'input-any-no-dataset': "takes feature '{feature}' from any dataset, but no dataset is chosen: choose a dataset",
    'input-shape-conflict':
      "feeds feature '{feature}' from datasets '{dataset1}' ({kind1} {shape1}) and '{dataset2}' ({kind2} {shape2}), which differ: give each dataset its own Input",
  },

  // ---- shape errors (continuing "<Kind> '<id>'") --------------------------------------------------------------
  infer: {
    'no-input': 'has no input: connect a layer to its input port',
    rank: 'needs {what} but gets {got}: {fix}',
    scalar: 'gets a scalar: it needs at least one axis',
    'unknown-dim': 'gets {got} with an unknown dimension: fix the size before it',
    'bad-param': 'has a bad parameter: {param}',
    'add-one': 'adds {n} input: connect at least two',
    'add-few': 'adds {n} inputs: connect at least two',
    'add-differ': 'gets {shapes}, which differ: all operands must have the same shape',
    'concat-one': 'joins {n} input: connect at least two',
    'concat-few': 'joins {n} inputs: connect at least two',
    'concat-ranks': 'gets inputs of different ranks ({shapes}): Flatten or Reshape them alike first',
    'concat-axis': 'has axis {axis}, outside inputs of rank {rank}: choose an axis from {lo} to {hi}',
    'concat-differ': 'gets {shapes}, which differ outside axis {axis}: make them match (e.g. Flatten each first)',
    'conv1d-short': "gets {got}, shorter than its kernel of {kernel}: use padding 'same' or a smaller kernel",
    'conv2d-small':
      "gets {got}, too small for a {kernel}×{kernel} kernel with 'valid' padding: use padding 'same', a smaller kernel, or less pooling before it",
    'pool-small': "gets {got}, smaller than its {pool}×{pool} window: use a smaller pool size or padding 'same'",
    'stitch-missing': 'has nothing on input in{column}: connect task column {column} to it',
    'stitch-differ': 'gets columns of different shapes ({shapes}): each column must have the same shape',
    'embedding-auto': 'has inputDim 0 (automatic) but is not fed by a categorical or text input: connect one, or set inputDim',
    'embedding-small': 'has inputDim {inputDim} but its feature has {ids} ids: set inputDim to 0 (automatic) or at least {ids}',
    'reshape-multiple': 'cannot reshape {got} ({size} values) to {target}: {size} is not a multiple of {known}',
    'reshape-size': 'cannot reshape {got} ({size} values) to {target} ({known} values): make the sizes match',
    'head-unbound': 'is bound to no task of a chosen dataset: choose its dataset and task',
    routes:
      "gets different shapes on the routes into '{port}' ({list}): every dataset's branch must end in the same shape here (e.g. a Dense of the same units)",
    'ids-numbers':
      "needs integer ids but gets numbers from '{from}': feed it a categorical or text Input (directly, or through a Reshape or Flatten)",
    'ids-into': "gets integer ids from '{from}' ({featureKind} feature '{feature}'), which it cannot compute on: put an Embedding between them",
    /** A shape error of a kind that gives no key: its English as it is. */
    other: '{error}',
  },
  /** What a layer needs ({what} in infer.rank). */
  what: {
    flat: 'a flat input',
    image: 'an image [height, width, channels]',
    sequence: 'a sequence [length, channels]',
    'sequence-features': 'a sequence [length, features]',
    ids: 'a sequence of ids [length]',
  },
  /** What to do about it ({fix} in infer.rank). */
  fix: {
    flatten: 'add a Flatten before it',
    vector: 'feed it a vector',
    'image-input': 'feed it an image input or a Reshape',
    'after-conv2d': 'put it after a Conv2D or an image input',
    'embedding-or-reshape': 'put an Embedding (for ids) or a Reshape before it',
    'after-sequence': 'put it after a Conv1D, an Embedding or a recurrent layer returning sequences',
    'ids-input': 'feed it a categorical or text input',
  },

  // ---- a param's value against its spec ({param} = the param's name) --------------------------------------
  param: {
    missing: '{param} is missing',
    null: '{param} is null: give a value, or leave it out to get the default ({default})',
    int: '{param} must be a whole number (got {got})',
    range: '{param} must be {range} (got {got})',
    number: '{param} must be a number (got {got})',
    bool: '{param} must be true or false (got {got})',
    'enum-list': '{param} must be a list of {options} (got {got})',
    'enum-item': '{param} may only hold {options} (got {got})',
    enum: '{param} must be one of {options} (got {got})',
    ints: '{param} must be a list of whole numbers (got {got})',
    'ints-min-one': '{param} needs at least {minLength} number (got {length})',
    'ints-min': '{param} needs at least {minLength} numbers (got {length})',
    'ints-max': '{param} takes at most {maxLength} numbers (got {length})',
    'ints-range': 'each of {param} must be {range} (got {got})',
    text: '{param} must be text (got {got})',
    experts: 'sharedExperts + taskExperts must be at least 1 (each task needs an expert)',
    'reshape-zero': 'targetShape may not contain 0',
    'reshape-minus-one': 'targetShape may contain -1 only once',
  },
  /** A param's allowed range ({range} in param.range). */
  range: {
    between: 'between {min} and {max}',
    'at-least': 'at least {min}',
    above: 'above {min}',
    'at-most': 'at most {max}',
    below: 'below {max}',
    'at-least-below': 'at least {min} and below {max}',
    'above-at-most': 'above {min} and at most {max}',
    'above-below': 'above {min} and below {max}',
  },
  taskKind: { multiclass: 'multiclass', binary: 'binary', regression: 'regression' },
  featureKind: { image: 'image', vector: 'vector', categorical: 'categorical', text: 'text' },
};

/** Translates one key with plain values; undefined when the language lacks the key. */
export type Translate = (key: string, named: MsgArgs) => string | undefined;

/**
 * Words a key with its args: each `$name` arg is worded first (with the same args, less itself) and
 * passed as `name`. Undefined when any key is missing.
 */
export function formatMsg(key: string, args: MsgArgs, translate: Translate): string | undefined {
  const named: MsgArgs = {};
  for (const [k, v] of Object.entries(args)) if (!k.startsWith('$')) named[k] = v;
  for (const [k, v] of Object.entries(args)) {
    if (!k.startsWith('$')) continue;
    const rest = { ...args };
    delete rest[k];
    const sub = formatMsg(String(v), rest, translate);
    if (sub === undefined) return undefined;
    named[k.slice(1)] = sub;
  }
  return translate(key, named);
}

function lookup(key: string): string | undefined {
  let cur: unknown = PROBLEM_TEXT;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' ? cur : undefined;
}

/** The English of a key. */
export const english: Translate = (key, named) => {
  const text = lookup(key);
  if (text === undefined) return undefined;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (Object.prototype.hasOwnProperty.call(named, name) ? String(named[name]) : m));
};

/** The English of a phrase (the key itself if it is unknown, which the tests rule out). */
export function en(key: string, args: MsgArgs = {}): string {
  return formatMsg(key, args, english) ?? key;
}

export function msg(key: string, args: MsgArgs = {}): Msg {
  return { key, args };
}

/** The key of a problem: its code, or `<code>.<variant>`. */
export function problemKey(p: { code: string; args?: MsgArgs }): string {
  const v = p.args?.variant;
  return v === undefined || v === '' ? p.code : `${p.code}.${v}`;
}

/** Args to nest a phrase in another as {detail} (or another name): its args, and `$detail` = its key. */
export function nest(m: Msg, as = 'detail'): MsgArgs {
  return { ...m.args, [`$${as}`]: m.key };
}

/** A failed shape inference: the English error and its phrase. */
export function failure(key: string, args: MsgArgs = {}): { error: string; msg: Msg } {
  return { error: en(key, args), msg: { key, args } };
}
