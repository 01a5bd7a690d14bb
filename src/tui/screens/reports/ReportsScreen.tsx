// The reports view (SPEC 9): the SLA report and the backlog, with bars.
import React from 'react';
import { Text } from 'ink';
import { PRIORITY, useKeyLayer } from '../../keymap/KeyRouter.js';
import { useShell } from '../../shell/ShellContext.js';

export function ReportsScreen({ active }: { active: boolean }) {
  const shell = useShell();
  useKeyLayer(PRIORITY.screen, [{ command: 'reports.back', run: shell.navigate.back }], { active });
  return <Text>Reports</Text>;
}
