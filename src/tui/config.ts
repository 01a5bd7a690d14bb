// The TUI's user config: key remaps and saved views, in one JSON file validated with zod.
// Location: $TICKETTY_CONFIG, else $XDG_CONFIG_HOME/ticketty/tui.json (~/.config/ticketty/tui.json).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { BadInput } from '../domain/errors.js';
import { checkFilter } from '../app/tickets/queuePage.js';
import type { SavedView } from '../app/tickets/queueTabs.js';
import type { App } from '../app/createApp.js';
import { COMMAND_IDS, type CommandId } from './keymap/commands.js';
import { isKeyName, KEY_NAME_HINT } from './keymap/keys.js';
import { buildKeymap, keyClashes, type KeyOverrides } from './keymap/keymap.js';
import { BELL_SETTINGS, type BellSetting } from '../domain/urgentArrivals.js';

export interface TuiConfig {
  keys: KeyOverrides;
  views: SavedView[];
  /** When the terminal bell rings for urgent arrivals in one's queues (default p1). */
  bell?: BellSetting;
  /** Where the config was read from (null: none, defaults in force). */
  path: string | null;
}

const keyName = z.string().refine(isKeyName, { message: `not a key: use ${KEY_NAME_HINT}` });

const schema = z
  .object({
    keys: z
      .record(z.string(), z.union([keyName, z.array(keyName).min(1, 'give at least one key')]))
      .superRefine((keys, ctx) => {
        for (const id of Object.keys(keys)) {
          if (!(COMMAND_IDS as readonly string[]).includes(id))
            ctx.addIssue({ code: 'custom', path: [id], message: `unknown command${suggest(id)}` });
        }
      })
      .optional(),
    views: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1, 'a view needs a name').max(30, 'at most 30 characters'),
          // Checked after the schema, with the database's status labels when there is one.
          filter: z.string(),
        }),
      )
      .optional(),
    bell: z.enum(BELL_SETTINGS).optional(),
  })
  .strict();

function suggest(id: string): string {
  const best = COMMAND_IDS.map((c) => ({ c, d: distance(c.toLowerCase(), id.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 3 ? ` (did you mean ${best.c}?)` : ' (press ? in the TUI for the commands)';
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TICKETTY_CONFIG) return env.TICKETTY_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ticketty', 'tui.json');
}

/** Parses config text (views' filters read with `app`'s status labels when given); every problem is a BadInput naming the file and the JSON path. */
export function parseTuiConfig(text: string, path: string, app?: App): TuiConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BadInput(`config ${path}: not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'top level';
    throw new BadInput(`config ${path}: ${where}: ${issue.message}`);
  }
  for (const [i, view] of (result.data.views ?? []).entries()) {
    const problem = checkFilter(view.filter, app);
    if (problem) throw new BadInput(`config ${path}: views.${i}.filter: ${problem.message}`);
  }
  const keys: KeyOverrides = {};
  for (const [id, value] of Object.entries(result.data.keys ?? {})) keys[id as CommandId] = typeof value === 'string' ? [value] : value;
  const clash = keyClashes(buildKeymap(keys))[0];
  if (clash) throw new BadInput(`config ${path}: keys: '${clash[0]}' is bound to both ${clash[1]} and ${clash[2]}`);
  return { keys, views: result.data.views ?? [], ...(result.data.bell ? { bell: result.data.bell } : {}), path };
}

export function loadTuiConfig(env: NodeJS.ProcessEnv = process.env, app?: App): TuiConfig {
  const path = configPath(env);
  if (!existsSync(path)) {
    if (env.TICKETTY_CONFIG) throw new BadInput(`config ${path}: no such file (from TICKETTY_CONFIG)`);
    return { keys: {}, views: [], path: null };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BadInput(`config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseTuiConfig(text, path, app);
}
