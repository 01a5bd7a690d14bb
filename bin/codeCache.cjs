// The build's scripts (bin/build.mjs: writeScript) compiled with a V8 code cache kept next to
// each: Node 20 has no module.enableCompileCache, and compiling a bundle was a third of a command's
// start-up. bin/ticketty runs the CLI so, and the PostgreSQL store's worker thread its script
// (src/store/postgres/bridge.ts: a PostgreSQL command starts both).
'use strict';
const { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { basename, dirname, join } = require('node:path');
const vm = require('node:vm');

/**
 * Runs a script of the build and returns its exports. Its `require` hands the build's other
 * scripts (`./vendor-zod.cjs`, …) to this function too. A cache that is missing or stale is written
 * by `save`, which `onStale` schedules: by default at the process's exit, so that the cache holds
 * the functions the run compiled too.
 */
function runWithCodeCache(file, onStale = (save) => process.once('exit', save)) {
  const source = readFileSync(file, 'latin1'); // the build writes it in ASCII
  // Named per build and per Node: V8 checks only the source length and its own version and flags.
  const build = /^\/\/ ticketty-build ([0-9a-f]+)\n/.exec(source)?.[1];
  // A process with V8 flags of its own (bin/ticketty: mailgate's) names its caches apart.
  const flavor = /^[a-z]+$/.test(process.env.TICKETTY_CODE_CACHE_FLAVOR ?? '') ? `-${process.env.TICKETTY_CODE_CACHE_FLAVOR}` : '';
  const cacheFile =
    build && process.env.TICKETTY_CODE_CACHE !== '0'
      ? join(dirname(file), `${basename(file, '.cjs')}-${build}${flavor}-node${process.version}-${process.arch}.v8cache`)
      : undefined;
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes one.
  }
  // The build wraps it in the CommonJS function wrapper: compiling it gives that function.
  const script = new vm.Script(source, { filename: file, cachedData });
  // Written when missing, or when rejected by a run without extra flags (a run with --cpu-prof or
  // --inspect would reject any cache made for the usual runs, and must not replace it).
  const stale = cachedData === undefined || (script.cachedDataRejected === true && process.execArgv.length === 0);
  if (cacheFile && stale && writable(dirname(file))) onStale(() => writeCodeCache(script, cacheFile));
  const nodeRequire = createRequire(file);
  const scripts = new Map();
  const require = Object.assign((id) => {
    if (!/^\.\/vendor-[\w-]+\.cjs$/.test(id)) return nodeRequire(id);
    if (!scripts.has(id)) scripts.set(id, runWithCodeCache(join(dirname(file), id), onStale));
    return scripts.get(id);
  }, nodeRequire);
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, dirname(file));
  return module.exports;
}

/**
 * Runs a script of the build as a worker thread's program. A terminated thread runs no exit
 * handlers, so a first run's cache is written when the script calls
 * `globalThis.ticketty_saveCodeCache` (the PostgreSQL worker: at its `close`).
 */
function runWorkerScript(file) {
  const saves = [];
  globalThis.ticketty_saveCodeCache = () => {
    for (const save of saves.splice(0)) save();
  };
  runWithCodeCache(file, (save) => saves.push(save));
}

function writable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false; // a read-only installation runs without a cache
  }
}

/** After the run, so the cache holds the functions it compiled too; atomic for concurrent runs. */
function writeCodeCache(script, cacheFile) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    rmSync(temp, { force: true }); // a full disk: no cache this time
  }
}

module.exports = { runWithCodeCache, runWorkerScript };
