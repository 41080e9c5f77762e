// English catalog text comes from the catalog itself (shared/catalog); only the palette groups live here.
export default {
  groups: {
    inputs: 'Inputs',
    core: 'Core',
    convolution: 'Convolution',
    pooling: 'Pooling',
    normalisation: 'Normalisation',
    recurrent: 'Recurrent',
    attention: 'Attention',
    merge: 'Merge',
    'mtl-blocks': 'MTL blocks',
    heads: 'Task heads',
  },
  values: {
    crossentropy: 'cross-entropy',
    'binary-crossentropy': 'binary cross-entropy',
    accuracy: 'accuracy',
    f1: 'macro F1',
  },
};
