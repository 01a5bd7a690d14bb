// The status line: who you are, the database, and either the last error or the CLI command
// equivalent to the last action (SPEC 9).
import React from 'react';
import { basename } from 'node:path';
import { Box, Text } from 'ink';
import type { Actor } from '../../domain/permissions.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';
import { truncateToWidth } from '../../domain/textWidth.js';
import type { Theme } from '../theme.js';

export interface StatusState {
  error: string | null;
  lastCommand: string | null;
}

export function StatusLine({ actor, dbPath, status, theme, columns }: { actor: Actor; dbPath: string; status: StatusState; theme: Theme; columns: number }) {
  const who = `${actor.handle} (${actor.role}${actor.tier !== null ? ` L${actor.tier}` : ''})`;
  const db = basename(dbPath);
  const left = `${who} · ${db} · `;
  const room = Math.max(0, columns - left.length - 1);
  const message = status.error ? `✗ ${status.error}` : status.lastCommand ? `$ ${status.lastCommand}` : '? help · q quit';
  return (
    <Box height={1}>
      <Text wrap="truncate" inverse={!theme.colors}>
        <Text bold>{sanitizeForTerminal(who)}</Text>
        <Text color={theme.color('muted')}> · {sanitizeForTerminal(db)} · </Text>
        <Text color={status.error ? theme.color('danger') : theme.color('muted')} bold={!!status.error}>
          {truncateToWidth(sanitizeForTerminal(message), room)}
        </Text>
      </Text>
    </Box>
  );
}
