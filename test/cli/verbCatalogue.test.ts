// The verb catalogue (src/domain/verbs.ts) is the one list of ticket verbs: every list derived from
// it must agree with it — the CLI's command tree (read from yargs, as built), `bulk`'s options, the
// TUI's key map and action table, the batch menu, macros, notifications and the README's key table.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { commands } from '../../src/cli/cli.js';
import { ACTIONS } from '../../src/domain/workflow.js';
import {
  BATCH_MENU_VERBS,
  BULK_VERBS,
  CLI_VERBS,
  cliName,
  commandIdOf,
  MACRO_VERBS,
  VERB_BINDINGS,
  VERBS,
  verbRecord,
} from '../../src/domain/verbs.js';
import { NOTIFYING_ACTIONS } from '../../src/domain/notifications.js';
import { COMMANDS } from '../../src/tui/keymap/commands.js';
import { buildKeymap, keyClashes } from '../../src/tui/keymap/keymap.js';
import { ACTION_SPECS } from '../../src/tui/screens/ticket/actionTable.js';
import { withKeyTable } from '../../src/tui/keymap/keyTable.js';
import { MACRO_ACTIONS } from '../../src/app/tickets/macroNames.js';
import { addMacro, macroSchema } from '../../src/app/tickets/macros.js';
import { selectionSpec, type SelectionChange } from '../../src/app/batch/batchSelection.js';
import { seedPeople, testWorld } from '../helpers/app.js';

interface Handler {
  original: string;
  description: string;
  builder: (y: Argv) => Argv;
}
/** The subcommands a command module registers, as yargs holds them once its builder ran. */
function subcommands(module: CommandModule): Record<string, Handler> {
  const y = yargs([]);
  (module.builder as (y: Argv) => unknown)(y);
  return (y as unknown as { getInternalMethods(): { getCommandInstance(): { getCommandHandlers(): Record<string, Handler> } } })
    .getInternalMethods()
    .getCommandInstance()
    .getCommandHandlers();
}
/** The options a builder declares. */
function optionsOf(builder: (y: Argv) => unknown): string[] {
  const y = yargs([]);
  builder(y);
  return Object.keys((y as unknown as { getOptions(): { key: Record<string, boolean> } }).getOptions().key);
}
const commandNamed = (name: string) => commands.find((c) => String(c.command).split(' ')[0] === name)!;

describe('the verb catalogue', () => {
  it('has one record per action of the workflow table, and nothing else', () => {
    expect(Object.keys(VERBS)).toEqual(ACTIONS);
  });

  it('is the list of `ticket` subcommands, each with its argument, text option, help and example (yargs, as built)', () => {
    const registered = subcommands(commandNamed('ticket') as CommandModule);
    const verbs = Object.keys(registered).filter((name) => !['create', 'list', 'show'].includes(name));
    expect(verbs).toEqual(CLI_VERBS.map(cliName));
    for (const verb of CLI_VERBS) {
      const handler = registered[cliName(verb)]!;
      const record = verbRecord(verb);
      expect(handler.description, verb).toBe(record.cli!.describe);
      if (record.argument) expect(handler.original, verb).toContain(record.argument.name);
      const options = optionsOf(handler.builder);
      expect(options, verb).toContain('if-version');
      if (record.text) expect(options, verb).toContain(record.text.option);
      for (const other of ['text', 'reason', 'resolution'].filter((o) => o !== record.text?.option))
        expect(options, `${verb} --${other}`).not.toContain(other);
    }
  });

  it('gives `bulk` one option per bulk verb, besides the batch options', () => {
    const options = optionsOf(commandNamed('bulk').builder as (y: Argv) => unknown).filter(
      (o) => !['where', 'w', 'dry-run', 'yes', 'y', 'help', 'version'].includes(o),
    );
    expect(options).toEqual(BULK_VERBS.map(cliName));
    expect(new Set(BULK_VERBS.map((v) => verbRecord(v).bulk!.stage)).size).toBe(BULK_VERBS.length);
    for (const verb of BULK_VERBS)
      for (const other of verbRecord(verb).bulk!.excludes ?? []) expect(BULK_VERBS, `${verb} excludes ${other.verb}`).toContain(other.verb);
  });

  it('gives the TUI one action command per binding, keys unique where they are active together, every one bound', () => {
    const actionIds = COMMANDS.filter((c) => c.scope === 'action').map((c) => c.id);
    expect(actionIds).toEqual(VERB_BINDINGS.map((b) => b.command));
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    expect(keyClashes(buildKeymap())).toEqual([]);
    // Bound: by the action table, or (acting on oneself) by the ticket actions hook.
    const bound = [...ACTION_SPECS.map((s) => s.command), ...VERB_BINDINGS.filter((b) => b.ask.kind === 'self').map((b) => b.command)];
    expect(bound.sort()).toEqual([...actionIds].sort());
    for (const b of VERB_BINDINGS) expect(b.command.startsWith(commandIdOf(b.verb)), b.command).toBe(true);
  });

  it('offers every batch-menu verb as a change the selection engine takes', () => {
    const w = testWorld();
    seedPeople(w);
    addMacro(w.app, w.actor('admin'), 'fixed', { reply: 'Fixed.' });
    const sample: Record<string, string> = { priority: 'P2', assign: 'bob', macro: 'fixed' };
    for (const verb of BATCH_MENU_VERBS) {
      const value = verbRecord(verb).argument?.list ? ['x'] : (sample[verb] ?? 'because');
      expect(() => selectionSpec(w.app, w.actor('admin'), { [verb]: value } as SelectionChange, [1]), verb).not.toThrow();
    }
    w.close();
  });

  it('names the status actions a macro may take, each accepted by the macro schema', () => {
    expect(MACRO_ACTIONS).toEqual(MACRO_VERBS.map(cliName));
    for (const action of MACRO_ACTIONS) expect(macroSchema.safeParse({ action }).success, action).toBe(true);
    expect(macroSchema.safeParse({ action: 'accept' }).success).toBe(false);
  });

  it('decides which events notify', () => {
    for (const verb of ACTIONS) expect(NOTIFYING_ACTIONS.has(verb), verb).toBe(verbRecord(verb).notifies);
  });

  it('is what the README key table says (npm run docs:keys writes it)', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    expect(withKeyTable(readme) === readme, 'README.md key table is stale: run npm run docs:keys').toBe(true);
  });
});
