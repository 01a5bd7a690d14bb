// The status line: who you are, the database, and either the last error or the CLI command
// equivalent to the last action (SPEC 9).
import React from 'react';
import { basename } from 'node:path';
import { Box, Text } from 'ink';
import type { Actor } from '../../domain/permissions.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { displayWidth, truncateToWidth } from '../../domain/textWidth.js';
import type { Theme } from '../theme.js';

export interface StatusState {
  error: string | null;
  lastCommand: string | null;
  /** News that arrived meanwhile (an urgent ticket in one's queues), until the next action. */
  notice?: string | null;
}

/** An error wraps onto up to this many rows (its "possible: …" part included); the rest is one row. */
const MAX_ERROR_ROWS = 3;

/** The error after the who/db prefix, wrapped at spaces to the width; null when there is no error. */
export function errorRows(actor: Actor, dbPath: string, status: StatusState, columns: number): string[] | null {
  if (!status.error) return null;
  const text = sanitizeForTerminal(`${prefixOf(actor, dbPath)}✗ ${status.error}`);
  const width = Math.max(10, columns - 1);
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/(?<= )/)) {
    if (row && displayWidth(row + word) > width) {
      rows.push(row.trimEnd());
      row = '';
    }
    row += word;
  }
  rows.push(row.trimEnd());
  const kept = rows.slice(0, MAX_ERROR_ROWS);
  if (rows.length > MAX_ERROR_ROWS)
    kept[MAX_ERROR_ROWS - 1] = truncateToWidth(`${kept[MAX_ERROR_ROWS - 1]} ${rows.slice(MAX_ERROR_ROWS).join(' ')}`, width);
  return kept.map((r) => truncateToWidth(r, width));
}

const prefixOf = (actor: Actor, dbPath: string) =>
  `${actor.handle} (${actor.role}${actor.tier !== null ? ` L${actor.tier}` : ''}) · ${basename(dbPath)} · `;

/** Rows the status line takes now. */
export function statusRowCount(actor: Actor, dbPath: string, status: StatusState, columns: number): number {
  return errorRows(actor, dbPath, status, columns)?.length ?? 1;
}

export function StatusLine({
  actor,
  dbPath,
  status,
  theme,
  columns,
}: {
  actor: Actor;
  dbPath: string;
  status: StatusState;
  theme: Theme;
  columns: number;
}) {
  const who = `${actor.handle} (${actor.role}${actor.tier !== null ? ` L${actor.tier}` : ''})`;
  const db = basename(dbPath);
  const left = `${who} · ${db} · `;
  const room = Math.max(0, columns - left.length - 1);
  const message = status.error
    ? `✗ ${status.error}`
    : status.notice
      ? `⚑ ${status.notice}`
      : status.lastCommand
        ? `$ ${status.lastCommand}`
        : '? help · q quit';
  const tone = status.error ? 'danger' : status.notice ? 'warning' : 'muted';
  const wrapped = errorRows(actor, dbPath, status, columns);
  if (wrapped && wrapped.length > 1) {
    return (
      <Box flexDirection="column" height={wrapped.length}>
        {wrapped.map((row, i) => (
          <Text key={i} wrap="truncate" color={theme.color('danger')} bold inverse={!theme.colors}>
            {row}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box height={1}>
      <Text wrap="truncate" inverse={!theme.colors}>
        <Text bold>{sanitizeForTerminal(who)}</Text>
        <Text color={theme.color('muted')}> · {sanitizeForTerminal(db)} · </Text>
        <Text color={theme.color(tone)} bold={tone !== 'muted'}>
          {truncateToWidth(sanitizeForTerminal(message), room)}
        </Text>
      </Text>
    </Box>
  );
}
