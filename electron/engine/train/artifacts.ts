// A run's trained weights on disk: <dataDir>/artifacts/<runId>/model.json + weights.bin, written through a
// tfjs IOHandler (the same artifact layout tf.io's file handlers use: a JSON manifest with weight specs
// beside one binary file). Every trainable and state variable of the built model is saved under its name,
// in the model's variable order, with the design it belongs to, so the weights can be restored into a model
// built again from that design.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Design } from '../../../shared/design.js';
import type { RunConfig } from '../../../shared/run.js';
import type { BuiltModel } from '../model/types.js';
import type { Tensor, Tf } from './tf.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/**
 * Whether a run keeps a checkpoint per epoch: its selection (validation Δm, the default where it trains
 * baselines) needs the baselines' values, which exist only after it ends; the store then keeps the selected
 * epoch's checkpoint as the run's weights (store/artifacts.ts settleWeights).
 */
export function keepsEpochCheckpoints(config: Pick<RunConfig, 'selection' | 'baselines'>): boolean {
  const kind = config.selection?.kind ?? 'default';
  return kind === 'delta-m' || (kind === 'default' && config.baselines === true);
}

/** Where epoch N's checkpoint goes (beside the run's weights). */
export function epochCheckpointDir(runDir: string, epoch: number): string {
  return path.join(runDir, 'epochs', String(epoch));
}

export function artifactsDir(dataDir: string, runId: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(runId)) throw new Error(`Not a run id usable as a folder name: ${JSON.stringify(runId)}`);
  return path.join(dataDir, 'artifacts', runId);
}

type IOHandler = import('@tensorflow/tfjs').io.IOHandler;
type ModelArtifacts = import('@tensorflow/tfjs').io.ModelArtifacts;

/** A tfjs IOHandler that writes model.json and weights.bin into `dir` (created if needed). */
export function fileSaveHandler(tf: Tf, dir: string): IOHandler {
  return {
    async save(artifacts: ModelArtifacts) {
      await fsp.mkdir(dir, { recursive: true });
      const data = artifacts.weightData;
      const buffer = data === undefined ? new ArrayBuffer(0) : Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
      const manifest = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await fsp.writeFile(path.join(dir, WEIGHTS_FILE), Buffer.from(buffer));
      await fsp.writeFile(path.join(dir, MODEL_FILE), JSON.stringify(manifest, null, 1));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: buffer.byteLength,
        },
      };
    },
  };
}

/** Saves every variable of the model (trainable, then batch-norm state) with the design it was built from. */
export async function saveModelWeights(tf: Tf, model: BuiltModel, design: Design, dir: string, meta: Record<string, unknown> = {}) {
  const vars = [...model.allVariables, ...model.stateVariables];
  const named = vars.map((v) => ({ name: v.name, tensor: v as Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return fileSaveHandler(tf, dir).save!({
    format: 'mtl-workbench-weights',
    generatedBy: `MTL Workbench (TensorFlow.js ${tf.version_core})`,
    modelTopology: { design, heads: model.heads.map((h) => ({ key: h.key, dataset: h.dataset, task: h.task })) } as unknown as object,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: meta as NonNullable<ModelArtifacts["userDefinedMetadata"]>,
  });
}

/** Reads saved weights back: name → tensor, in saved order (the caller disposes them). */
export async function loadSavedWeights(tf: Tf, dir: string): Promise<{ names: string[]; tensors: Record<string, Tensor>; manifest: any }> {
  const manifest = JSON.parse(await fsp.readFile(path.join(dir, MODEL_FILE), 'utf8'));
  const bytes = await fsp.readFile(path.join(dir, WEIGHTS_FILE));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const specs = manifest.weightsManifest[0].weights;
  const tensors = tf.io.decodeWeights(buffer, specs) as Record<string, Tensor>;
  return { names: specs.map((s: { name: string }) => s.name), tensors, manifest };
}

/**
 * Assigns saved weights to a model built from the same design. Matching is by position (tfjs may suffix
 * variable names when a design is built twice in one process), with every shape checked.
 */
export async function restoreModelWeights(tf: Tf, model: BuiltModel, dir: string): Promise<void> {
  const { names, tensors } = await loadSavedWeights(tf, dir);
  const vars = [...model.allVariables, ...model.stateVariables];
  try {
    if (names.length !== vars.length) throw new Error(`Saved weights hold ${names.length} variables; the model has ${vars.length}`);
    vars.forEach((v, i) => {
      const t = tensors[names[i]];
      if (t.shape.join('x') !== v.shape.join('x')) throw new Error(`Saved weight '${names[i]}' has shape [${t.shape}], the model's '${v.name}' has [${v.shape}]`);
    });
    vars.forEach((v, i) => v.assign(tensors[names[i]]));
  } finally {
    Object.values(tensors).forEach((t) => t.dispose());
  }
}
