// `ticketty config list|get|set|unset`: the settings registry of app/settings/settings.ts.
import type { Argv, CommandModule } from 'yargs';
import { type GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import type { SettingView } from '../../app/settings/settings.js';
import { renderTable } from '../output/table.js';

interface KeyArgs extends GlobalArgs {
  key: string;
  value?: string;
}

const shown = (v: unknown) => (v === null || v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v));
const line = (s: SettingView) => `${s.key} = ${shown(s.value)}${s.isDefault ? ' (default)' : ''}`;

const list: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'every setting, its value and what it does',
  handler: withRuntime(async (rt) => {
    const { listSettings } = await import('../../app/settings/settings.js');
    const settings = listSettings(rt.app, rt.actor());
    if (rt.json) return printJson(settings);
    printLine(
      renderTable(
        [{ header: 'KEY' }, { header: 'VALUE' }, { header: 'DESCRIPTION' }],
        settings.map((s) => [s.key, `${shown(s.value)}${s.isDefault ? ' (default)' : ''}`, s.describe]),
      ),
    );
  }),
};

const get: CommandModule<GlobalArgs, KeyArgs> = {
  command: 'get <key>',
  describe: 'print one setting',
  builder: (y) => (y as Argv<KeyArgs>).positional('key', { type: 'string', demandOption: true }),
  handler: withRuntime<KeyArgs>(async (rt, a) => {
    const { showSetting } = await import('../../app/settings/settings.js');
    const s = showSetting(rt.app, rt.actor(), a.key);
    if (rt.json) printJson(s);
    else printLine(shown(s.value));
  }),
};

const set: CommandModule<GlobalArgs, KeyArgs> = {
  command: 'set <key> <value>',
  describe: 'change a setting (admin)',
  builder: (y) =>
    (y as Argv<KeyArgs>)
      .positional('key', { type: 'string', demandOption: true })
      .positional('value', { type: 'string', demandOption: true })
      .example('ticketty config set mail.supportAddress support@example.com', 'the mailgate address')
      .example('ticketty config set mail.smtp smtp://user:pass@mail.example.com:587', 'where notify delivers')
      .example('ticketty config set mail.maxAttachmentBytes 20M', 'accept larger attachments'),
  handler: withRuntime<KeyArgs>(async (rt, a) => {
    const { setSetting, showSetting } = await import('../../app/settings/settings.js');
    const actor = rt.actor();
    setSetting(rt.app, actor, a.key, String(a.value ?? ''));
    const s = showSetting(rt.app, actor, a.key);
    if (rt.json) printJson(s);
    else printLine(line(s));
  }),
};

const unset: CommandModule<GlobalArgs, KeyArgs> = {
  command: 'unset <key>',
  describe: 'back to the default (admin)',
  builder: (y) => (y as Argv<KeyArgs>).positional('key', { type: 'string', demandOption: true }),
  handler: withRuntime<KeyArgs>(async (rt, a) => {
    const { unsetSetting, showSetting } = await import('../../app/settings/settings.js');
    const actor = rt.actor();
    unsetSetting(rt.app, actor, a.key);
    const s = showSetting(rt.app, actor, a.key);
    if (rt.json) printJson(s);
    else printLine(line(s));
  }),
};

export const configCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'config <command>',
  describe: 'read and change settings (mail, …)',
  builder: (y) =>
    y.command(list).command(get).command(set).command(unset).demandCommand(1, 'name a config command (see ticketty config --help)'),
  handler: () => undefined,
};
