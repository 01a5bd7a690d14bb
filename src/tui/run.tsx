// The TUI entry: a plain queue screen (the full TUI grows from here).
import React, { useState } from 'react';
import { render, Box, Text, useApp, useInput } from 'ink';
import type { App } from '../app/createApp.js';
import type { Actor } from '../domain/permissions.js';
import { listTickets } from '../app/ticketQueries.js';
import { sanitizeForTerminal } from '../domain/sanitize.js';

export interface TuiOptions {
  app: App;
  actor: Actor;
  dbPath: string;
}

function Queue({ app, actor }: TuiOptions) {
  const { exit } = useApp();
  const [cursor, setCursor] = useState(0);
  const rows = listTickets(app, actor, { where: 'status!=closed', limit: 20 }).tickets;
  useInput((input, key) => {
    if (input === 'q') exit();
    if (input === 'j' || key.downArrow) setCursor((c) => Math.min(c + 1, rows.length - 1));
    if (input === 'k' || key.upArrow) setCursor((c) => Math.max(c - 1, 0));
  });
  return (
    <Box flexDirection="column">
      <Text bold>ticketty — {actor.handle}</Text>
      {rows.map((t, i) => (
        <Text key={t.id} inverse={i === cursor} wrap="truncate">
          #{t.id} {t.priority} {t.status.toUpperCase()} L{t.level} {sanitizeForTerminal(t.subject)}
        </Text>
      ))}
    </Box>
  );
}

export async function runTui(options: TuiOptions): Promise<void> {
  const instance = render(<Queue {...options} />);
  await instance.waitUntilExit();
}
