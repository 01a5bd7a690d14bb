// `npm run docs:keys`: writes the README's table of ticket-action keys from the verb catalogue
// (src/tui/keymap/keyTable.ts). `--check` changes nothing and exits 1 when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withKeyTable } from '../src/tui/keymap/keyTable.js';

const path = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(path, 'utf8');
const current = withKeyTable(readme);
if (current === readme) {
  process.stdout.write('README.md: the key table is current\n');
} else if (process.argv.includes('--check')) {
  process.stderr.write('README.md: the key table is stale; run npm run docs:keys\n');
  process.exitCode = 1;
} else {
  writeFileSync(path, current);
  process.stdout.write('README.md: key table written\n');
}
