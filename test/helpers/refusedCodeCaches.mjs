// Prints each script of dist/ whose V8 code cache a fresh start of bin/ticketty would refuse (its
// flags: --no-memory-reducer), and a line when vendor-tui.cjs has none. Run in its own process.
// `--forget FILE` deletes that script's cache instead, so that the next run writes one.
// `--mailgate` does either for the caches of mailgate's runs (their flags and names: bin/ticketty).
import { setFlagsFromString } from 'node:v8';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const args = process.argv.slice(2);
const mailgate = args.includes('--mailgate');
const forget = args.includes('--forget') ? args[args.indexOf('--forget') + 1] : undefined;
setFlagsFromString('--no-memory-reducer'); // before any cache is checked against the flags
if (mailgate) setFlagsFromString('--semi-space-growth-factor=1');
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const cacheOf = (file, source) => {
  const build = /^\/\/ ticketty-build ([0-9a-f]+)\n/.exec(source)?.[1];
  return join(dist, `${file.slice(0, -4)}-${build}${mailgate ? '-mailgate' : ''}-node${process.version}-${process.arch}.v8cache`);
};

if (forget) {
  rmSync(cacheOf(forget, readFileSync(join(dist, forget), 'latin1')), { force: true });
} else {
  const cached = [];
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.cjs'))) {
    const source = readFileSync(join(dist, file), 'latin1');
    let cachedData;
    try {
      cachedData = readFileSync(cacheOf(file, source));
    } catch {
      continue;
    }
    cached.push(file);
    if (new Script(source, { filename: join(dist, file), cachedData }).cachedDataRejected) console.log(`refused ${file}`);
  }
  if (mailgate) console.log(`cached: ${cached.sort().join(' ')}`);
  else if (!cached.includes('vendor-tui.cjs')) console.log('no cache for vendor-tui.cjs');
}
