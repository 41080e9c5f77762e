// `designs list|export`.
import type { Command } from 'commander';
import { withWorkbench, type CommonOptions } from '../context.js';
import { printJson, printTable, out } from '../output.js';

export function designsCommand(program: Command): void {
  const designs = program.command('designs').description('saved designs');

  designs
    .command('list')
    .description('list saved designs')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (opts: CommonOptions) => {
      await withWorkbench(opts, async (wb) => {
        const list = await wb.api.listDesigns();
        if (opts.json) return printJson(list);
        if (list.length === 0) return void out('no designs\n');
        printTable(list, [
          ['id', (d) => d.id],
          ['name', (d) => d.name],
          ['nodes', (d) => d.design.nodes.length],
          ['heads', (d) => d.design.nodes.filter((n) => n.kind === 'TaskHead').length],
          ['updated', (d) => d.updatedAt.replace('T', ' ').slice(0, 19)],
        ]);
      });
    });

  designs
    .command('export <id>')
    .description('print a saved design as JSON, or as Keras (Python) code with --keras')
    .option('--keras', 'Keras functional-API code instead of JSON')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON (with --keras: { code })')
    .action(async (id: string, opts: CommonOptions & { keras?: boolean }) => {
      await withWorkbench(opts, async (wb) => {
        const stored = await wb.api.getDesign(id);
        if (!opts.keras) return printJson(stored);
        const code = await wb.api.exportDesignKeras(stored.design);
        if (opts.json) printJson({ id, name: stored.name, code });
        else out(code.endsWith('\n') ? code : code + '\n');
      });
    });
}
