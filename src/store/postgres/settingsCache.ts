// The settings (config, SLA plans, calendars) cached on the main thread, so that a queue page or
// an action reads its dictionaries and SLA rules without a round trip each (the last review
// counted five `config` reads a page). Never stale: the cache carries the settings' fingerprint
// (settingsSql.ts), every transaction's first round trip checks it in the transaction's own
// snapshot, and a transaction that served cached settings before that check is rerun when they
// differed (db.ts). Outside a transaction a read checks first (one round trip, as before).
import { BadInput } from '../../domain/errors.js';
import type { SettingsSnapshot } from './protocol.js';

type Rows = NonNullable<SettingsSnapshot['rows']>;
type Kind = keyof Rows;

export class SettingsCache {
  /** null: nothing cached (first use, or after this process wrote settings). */
  fingerprint: string | null = null;
  private rows: Rows = { config: {}, plans: {}, calendars: {} };

  update(snapshot: SettingsSnapshot): void {
    if (snapshot.rows) this.rows = snapshot.rows;
    else if (snapshot.fingerprint !== this.fingerprint) throw new Error('settings fingerprint changed without its rows');
    this.fingerprint = snapshot.fingerprint;
  }

  invalidate(): void {
    this.fingerprint = null;
  }

  text(kind: Kind, name: string): string | undefined {
    return Object.hasOwn(this.rows[kind], name) ? this.rows[kind][name] : undefined;
  }

  all(kind: Kind): Record<string, string> {
    return this.rows[kind];
  }
}

type Method = (...args: never[]) => unknown;
type Repo = Record<string, Method>;

/**
 * The settings repositories over the cache: reads from `current()` (which checks the cache as the
 * transaction needs, db.ts), writes through to the worker, then the cache forgets (the next read
 * loads the settings as this transaction now sees them).
 */
export function cachedSettingsRepos<R extends Record<string, Repo>>(repos: R, cache: SettingsCache, current: () => SettingsCache): R {
  const parse = (text: string | undefined): unknown => (text === undefined ? undefined : (JSON.parse(text) as unknown));
  const writing = (repo: Repo, names: string[]): Repo =>
    Object.fromEntries(
      names.map((name) => [
        name,
        (...args: never[]) => {
          const method = repo[name];
          if (!method) throw new BadInput(`settings: ${name} not available on PostgreSQL`);
          try {
            return method(...args);
          } finally {
            cache.invalidate();
          }
        },
      ]),
    );
  const definitions = (name: 'slaPlans' | 'calendars', kind: Kind): Repo => {
    const repo = repos[name];
    if (!repo) return {};
    return {
      ...repo,
      ...writing(
        repo,
        ['put', 'putIfMissing'].filter((m) => m in repo),
      ),
      get: (key: string) => parse(current().text(kind, key)),
    } as Repo;
  };
  const config = repos.config;
  return {
    ...repos,
    ...(config
      ? {
          config: {
            ...config,
            ...writing(config, ['set', 'remove']),
            get: (key: string) => parse(current().text('config', key)),
            all: () => Object.fromEntries(Object.entries(current().all('config')).map(([key, text]) => [key, parse(text)])),
          },
        }
      : {}),
    slaPlans: definitions('slaPlans', 'plans'),
    calendars: definitions('calendars', 'calendars'),
  };
}
