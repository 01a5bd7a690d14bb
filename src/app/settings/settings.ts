// Settings that admins change with `ticketty config`: a registry of known keys, each validated
// with zod. To add a setting, add one entry to SETTINGS (and its default to SETTING_DEFAULTS);
// `config list|get|set|unset` pick it up. Reading a value needs none of this: app/settings/settingValues.ts.
import { z } from 'zod';
import { BadInput, Forbidden } from '../../domain/errors.js';
import type { Actor } from '../../domain/permissions.js';
import { isStaff } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { requireAdmin } from './dictionaries.js';
import { policySettingSchema } from '../../domain/automationPolicy.js';
import { parseRoutingLevels } from '../../domain/routing.js';
import type { Level } from '../../domain/types.js';
import { isMailAddress } from '../../domain/mailAddress.js';
import { getSetting, SETTING_DEFAULTS, type SettingKey, type SettingValues } from './settingValues.js';

export { getSetting, type SettingKey };

interface SettingSpec<T> {
  describe: string;
  /** Parses the text given on the command line into the stored value. */
  schema: z.ZodType<T, string>;
  default: T | null;
  /** Shown masked to non-admins (passwords in URLs). */
  secret?: boolean;
}

const define = <T>(spec: SettingSpec<T>) => spec;

const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => isMailAddress(v), 'expected an e-mail address such as support@example.com');

/** `"Name" <addr>`, `Name <addr>` or a bare address. */
const fromHeader = z
  .string()
  .trim()
  .refine(
    (v) => /^[^\r\n]{0,100}$/.test(v) && isMailAddress((/<([^>]+)>\s*$/.exec(v)?.[1] ?? v).toLowerCase()),
    'expected an address such as "ACME Support" <support@example.com>',
  );

const smtpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return ['smtp:', 'smtps:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'expected a URL such as smtp://user:password@mail.example.com:587 or smtps://…:465');

/** The `routing.levels` setting: 2,3, all or none. */
export const routingLevelsSchema = z.string().transform((text, ctx): Level[] => {
  try {
    return parseRoutingLevels(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Bytes, optionally with a k/M suffix (1024-based): 10M, 512k, 1048576. */
const byteSize = z
  .string()
  .trim()
  .regex(/^\d{1,12}\s*([kKmM][bB]?)?$/, 'expected a size in bytes such as 10M, 512k or 1048576')
  .transform((v) => {
    const n = Number(/^\d+/.exec(v)![0]);
    const unit = v.replace(/^\d+\s*/, '').toLowerCase()[0];
    return unit === 'm' ? n * 1024 * 1024 : unit === 'k' ? n * 1024 : n;
  })
  .refine((n) => n >= 1, 'the size must be at least one byte');

/** Charset labels a decoder knows (WHATWG names: utf-8, windows-1252, koi8-r, gb18030, …), comma-separated. */
const charsetList = z.string().transform((text, ctx): string[] => {
  const labels = text
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  if (!labels.length) ctx.addIssue({ code: 'custom', message: 'expected charsets such as utf-8, windows-1252' });
  for (const label of labels) {
    try {
      new TextDecoder(label);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `unknown charset '${label}': use names such as utf-8, windows-1252, iso-8859-2, koi8-r, gb18030`,
      });
    }
  }
  return labels;
});

export const SETTINGS = {
  'mail.supportAddress': define({
    describe: 'the address customers write to (the mailgate alias); mail from it is ignored as a loop',
    schema: emailAddress,
    default: SETTING_DEFAULTS['mail.supportAddress'],
  }),
  'mail.from': define({
    describe: 'From header of notifications (default: the support address)',
    schema: fromHeader,
    default: SETTING_DEFAULTS['mail.from'],
  }),
  'mail.smtp': define({
    describe: 'SMTP server for `ticketty notify`, e.g. smtp://user:pass@mail.example.com:587',
    schema: smtpUrl,
    default: SETTING_DEFAULTS['mail.smtp'],
    secret: true,
  }),
  'mail.maxAttachmentBytes': define({
    describe: 'largest total size of the attachments of one incoming mail (e.g. 10M); larger mail is refused',
    schema: byteSize,
    default: SETTING_DEFAULTS['mail.maxAttachmentBytes'],
  }),
  'mail.fallbackCharsets': define({
    describe: 'charsets tried in order for incoming mail text that declares none (e.g. utf-8, windows-1252)',
    schema: charsetList,
    default: SETTING_DEFAULTS['mail.fallbackCharsets'],
  }),
  'automation.policy': define({
    describe: 'time-based automations (SPEC 5): default, inactive, or the policy as JSON (see README, Automations)',
    schema: policySettingSchema,
    default: SETTING_DEFAULTS['automation.policy'],
  }),
  'routing.levels': define({
    describe: 'levels whose new tickets are assigned automatically (SPEC 6): e.g. 2,3, all or none',
    schema: routingLevelsSchema,
    default: SETTING_DEFAULTS['routing.levels'],
  }),
} as const satisfies { [K in SettingKey]: SettingSpec<NonNullable<SettingValues[K]>> };

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

function knownKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw new BadInput(`unknown setting '${key}': known settings are ${Object.keys(SETTINGS).join(', ')}`);
  return key;
}

export function setSetting(ctx: AppContext, actor: Actor, key: string, text: string): unknown {
  requireAdmin(actor, 'change settings');
  const k = knownKey(key);
  const parsed = (SETTINGS[k].schema as z.ZodType<unknown, string>).safeParse(text);
  if (!parsed.success) throw new BadInput(`bad value for ${k}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  ctx.store.write(() => ctx.config.set(k, parsed.data));
  return parsed.data;
}

export function unsetSetting(ctx: AppContext, actor: Actor, key: string): void {
  requireAdmin(actor, 'change settings');
  const k = knownKey(key);
  ctx.store.write(() => ctx.config.remove(k));
}

export interface SettingView {
  key: SettingKey;
  value: unknown;
  isDefault: boolean;
  describe: string;
}

/** Settings as a staff member may see them: secrets masked for anyone but admins. */
export function listSettings(ctx: AppContext, actor: Actor): SettingView[] {
  if (!isStaff(actor)) throw new Forbidden('only staff may read settings');
  return (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
    const stored = ctx.config.get(key);
    const spec: SettingSpec<unknown> = SETTINGS[key];
    let value = stored === undefined ? spec.default : stored;
    if (spec.secret && actor.role !== 'admin' && typeof value === 'string') value = maskSecret(value);
    return { key, value, isDefault: stored === undefined, describe: spec.describe };
  });
}

export function showSetting(ctx: AppContext, actor: Actor, key: string): SettingView {
  const k = knownKey(key);
  return listSettings(ctx, actor).find((s) => s.key === k)!;
}

/** Hides the password of a URL. */
export function maskSecret(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return '****';
  }
}
