import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { openStore } from '../../electron/store/index.js';
import { tmpHome, runConfig } from './helpers.js';

describe('runs left live at open', () => {
  it("become 'interrupted' when their process is gone, keeping their metrics", () => {
    const home = tmpHome();
    const a = openStore(home);
    a.runs.insert({ id: 'running', name: 'r', config: runConfig(), designName: 'd' });
    a.runs.markStarted('running', { backend: 'wasm', device: 'cpu', versions: {} });
    a.runs.insert({ id: 'queued', name: 'q', config: runConfig(), designName: 'd' });
    a.runs.insert({ id: 'done', name: 'c', config: runConfig(), designName: 'd' });
    a.runs.finish('done', 'completed');
    a.metrics.insert([{ runId: 'running', epoch: 0, step: 5, split: 'validation', task: 't', metric: 'accuracy', value: 0.9 }]);
    // pretend the owner was a process that has exited
    a.db.prepare('UPDATE runs SET owner_pid = 999999999').run();
    a.close();

    const b = openStore(home);
    expect(b.interruptedAtOpen.sort()).toEqual(['queued', 'running']);
    expect(b.runs.get('running')!.status).toBe('interrupted');
    expect(b.runs.get('queued')!.status).toBe('interrupted');
    expect(b.runs.get('done')!.status).toBe('completed');
    expect(b.metrics.list('running')).toHaveLength(1);
    expect(b.runs.get('running')!.summary).toMatchObject({ selected: { split: 'validation' }, tasks: { t: { accuracy: { value: 0.9 } } } });
    // an interrupted run is over: a late event cannot revive it
    expect(b.runs.markStarted('running', { backend: 'x', device: 'y', versions: {} })).toBe(false);
    b.close();
  });

  it('leave alone runs owned by a live process (the CLI beside the app)', async () => {
    const home = tmpHome();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const a = openStore(home);
      a.runs.insert({ id: 'theirs', name: 'r', config: runConfig(), designName: 'd' });
      a.db.prepare('UPDATE runs SET owner_pid = ?, owner_session = ?').run(sleeper.pid, 'other-process');
      a.close();
      const b = openStore(home);
      expect(b.interruptedAtOpen).toEqual([]);
      expect(b.runs.get('theirs')!.status).toBe('queued');
      b.close();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('a second store in the same process does not interrupt the first one’s runs', () => {
    const home = tmpHome();
    const a = openStore(home);
    a.runs.insert({ id: 'mine', name: 'r', config: runConfig(), designName: 'd' });
    const b = openStore(home);
    expect(b.interruptedAtOpen).toEqual([]);
    b.close();
    a.close();
    // once its store is closed, a run of this pid with no live session is an orphan (a restarted container reuses pids)
    const c = openStore(home);
    expect(c.interruptedAtOpen).toEqual(['mine']);
    c.close();
  });
});
