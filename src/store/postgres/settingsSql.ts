// The settings (config, SLA plans, calendars) as the main thread caches them (settingsCache.ts):
// their fingerprint, a hash of every row, read in each transaction's first round trip, and the
// rows themselves when the cache's fingerprint is not the current one. A content hash rather than
// a version counter: no trigger or table to migrate, and a rolled-back write cannot leave the
// cache claiming a version the database never had. The tables are a few dozen small rows.
import type pg from 'pg';
import type { SettingsSnapshot } from './protocol.js';

const rowsOf = (table: string, key: string, value: string) =>
  `coalesce((select string_agg(${key} || chr(1) || ${value}, chr(2) order by ${key} collate "C") from ${table}), '')`;

export const SETTINGS_FINGERPRINT = `select md5(${rowsOf('config', 'key', 'value')} || chr(3) || ${rowsOf('sla_plans', 'name', 'definition')} || chr(3) || ${rowsOf('calendars', 'name', 'definition')}) as fingerprint`;

const ALL_SETTINGS = `select 'config' as kind, key as name, value as text from config
  union all select 'plans', name, definition from sla_plans
  union all select 'calendars', name, definition from calendars`;

export async function readSettings(client: pg.PoolClient | pg.Pool): Promise<NonNullable<SettingsSnapshot['rows']>> {
  const rows: NonNullable<SettingsSnapshot['rows']> = { config: {}, plans: {}, calendars: {} };
  for (const row of (await client.query<{ kind: 'config' | 'plans' | 'calendars'; name: string; text: string }>(ALL_SETTINGS)).rows) {
    rows[row.kind][row.name] = row.text;
  }
  return rows;
}
