// A kernel profiler that counts CPU time (process.cpuUsage), not wall time, so that it means
// something on a machine shared with other work: every registered kernel of a backend is
// wrapped to add its CPU time to a per-kernel total. tf.profile times kernels by the wall clock.
import * as tf from '@tensorflow/tfjs';

export interface KernelTimes { [kernel: string]: { ms: number; calls: number } }

export function instrumentKernels(backendName: string, withShapes = false): { times: KernelTimes; reset(): void; stop(): void } {
  const times: KernelTimes = {};
  const originals = tf.getKernelsForBackend(backendName);
  for (const config of originals) {
    const inner = config.kernelFunc;
    const name = config.kernelName;
    tf.unregisterKernel(name, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: ((args: any) => {
        const c0 = process.cpuUsage();
        const out = inner(args);
        const c = process.cpuUsage(c0);
        const key = withShapes
          ? `${name} ${Object.values(args.inputs as Record<string, tf.TensorInfo>).map((t) => JSON.stringify(t?.shape)).join(' ')}${args.attrs?.transposeA ? ' tA' : ''}${args.attrs?.transposeB ? ' tB' : ''}`
          : name;
        const t = (times[key] ??= { ms: 0, calls: 0 });
        t.ms += (c.user + c.system) / 1000;
        t.calls += 1;
        return out;
      }) as tf.KernelFunc,
    });
  }
  return {
    times,
    reset: () => { for (const k of Object.keys(times)) delete times[k]; },
    stop: () => {
      for (const config of originals) {
        tf.unregisterKernel(config.kernelName, backendName);
        tf.registerKernel(config);
      }
    },
  };
}
