// Reading a setting: its value in force. Apart from app/settings/settings.ts (the registry, validated with
// zod, for `ticketty config`) so that the commands that only read one (mailgate, ticket create)
// start without zod.
import type { PolicyPreset, PolicyText } from '../../domain/automationPolicy.js';
import type { Level } from '../../domain/types.js';
import type { AppContext } from '../context.js';

/** What each setting holds once parsed (app/settings/settings.ts checks its parsers against this). */
export interface SettingValues {
  'mail.supportAddress': string | null;
  'mail.from': string | null;
  'mail.smtp': string | null;
  'mail.maxAttachmentBytes': number | null;
  'mail.fallbackCharsets': string[] | null;
  'automation.policy': PolicyPreset | PolicyText | null;
  'routing.levels': Level[] | null;
}

export type SettingKey = keyof SettingValues;

export const SETTING_DEFAULTS: { readonly [K in SettingKey]: SettingValues[K] } = {
  'mail.supportAddress': null,
  'mail.from': null,
  'mail.smtp': null,
  'mail.maxAttachmentBytes': 10 * 1024 * 1024,
  'mail.fallbackCharsets': ['utf-8', 'windows-1252'],
  'automation.policy': 'default',
  'routing.levels': [],
};

/** The value in force: the stored one, else the default (null when there is none). */
export function getSetting<K extends SettingKey>(ctx: AppContext, key: K): SettingValues[K] {
  const stored = ctx.config.get(key);
  return (stored === undefined ? SETTING_DEFAULTS[key] : stored) as SettingValues[K];
}
