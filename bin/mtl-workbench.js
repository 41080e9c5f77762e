#!/usr/bin/env node
// The `mtl-workbench` command: registers tsx (the Node side runs from TypeScript, no build step) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
