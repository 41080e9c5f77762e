// Runs a command so that permission bits bind it, as they bind a user: as root, without the capabilities that
// override them (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so the child still reads a private
// (0700) clone that root owns. Only where setpriv is missing does it fall back to the `nobody` user.
import { spawnSync, type SpawnOptions } from 'node:child_process';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const hasSetpriv = isRoot && spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', 'true']).status === 0;

/** The command, arguments and spawn options to run `node ...args` bound by permission bits. */
export function unprivilegedNode(args: string[]): { command: string; args: string[]; options: SpawnOptions } {
  if (!isRoot) return { command: process.execPath, args, options: {} };
  if (hasSetpriv) return { command: 'setpriv', args: ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, ...args], options: {} };
  return { command: process.execPath, args, options: { uid: NOBODY, gid: NOBODY } };
}
