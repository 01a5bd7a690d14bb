// Time-based automations as data (SPEC 5): per status, ordered steps that fire a duration after the
// ticket entered that status (`after`) or after the previous step (`then`). A step reminds the
// party waited on, adds tags, and/or closes with a reason. Validated with zod, with errors that
// name the place of the problem.
import { z } from 'zod';
import { BadInput } from './errors.js';
import { parseDuration, durationText, type Duration } from './duration.js';
import type { Status } from './types.js';

/** Statuses that may carry rules: every one but `closed` (a closed ticket is immutable). */
export const AUTOMATED_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved'] as const satisfies readonly Status[];
export type AutomatedStatus = (typeof AUTOMATED_STATUSES)[number];

export interface AutomationStep {
  /** Stable name of the step, `pending.2`: what automation_firings records. */
  id: string;
  /** Counted from entering the status, or from the previous step's due time. */
  from: 'status' | 'previous';
  delay: Duration;
  remind: boolean;
  tags: string[];
  /** Closing reason, when the step closes the ticket. */
  close: string | null;
}

export type AutomationPolicy = Partial<Record<AutomatedStatus, AutomationStep[]>>;

/** The policy as people write it (JSON): `{"pending": [{"after": "24h", "do": ["remind"]}, …]}`. */
export interface StepText {
  after?: string;
  then?: string;
  do: string[];
}
export type PolicyText = Partial<Record<AutomatedStatus, StepText[]>>;

/** SPEC 5 defaults: pending reminded after 24 h and 5 d, tagged and closed after 7 d; solved closed after 24 h. */
export const DEFAULT_POLICY_TEXT: PolicyText = {
  pending: [
    { after: '24h', do: ['remind'] },
    { after: '5d', do: ['remind'] },
    { after: '7d', do: ['tag no-response', 'close no_response'] },
  ],
  solved: [{ after: '24h', do: ['close resolved'] }],
};

/** SPEC 5 alternative: reminders after 30 d and 2 bd later, closed `inactive` 2 bd after the second. */
export const INACTIVE_POLICY_TEXT: PolicyText = {
  pending: [
    { after: '30d', do: ['remind'] },
    { then: '2bd', do: ['remind'] },
    { then: '2bd', do: ['close inactive'] },
  ],
  solved: [{ after: '24h', do: ['close resolved'] }],
};

export const POLICY_PRESETS = { default: DEFAULT_POLICY_TEXT, inactive: INACTIVE_POLICY_TEXT } as const;
export type PolicyPreset = keyof typeof POLICY_PRESETS;

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}_.:/-]{0,49}$/u;
const REASON = /^[a-z][a-z0-9_-]{0,39}$/;

const durationField = z.string().superRefine((value, ctx) => {
  try {
    parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const actionField = z.string().superRefine((value, ctx) => {
  const [verb, arg, ...rest] = value.trim().split(/\s+/);
  const bad = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (verb === 'remind') {
    if (arg !== undefined) bad(`'remind' takes nothing after it, got '${value}'`);
  } else if (verb === 'tag') {
    if (arg === undefined || rest.length) bad(`write one tag per action: 'tag no-response'`);
    else if (!TAG.test(arg.toLowerCase())) bad(`bad tag '${arg}': letters, digits and _ . : / - only`);
  } else if (verb === 'close') {
    if (arg === undefined || rest.length) bad(`name one closing reason: 'close no_response'`);
    else if (!REASON.test(arg)) bad(`bad closing reason '${arg}': a short lower-case word such as resolved, no_response, inactive`);
  } else {
    bad(`unknown action '${value}': use 'remind', 'tag TAG' or 'close REASON'`);
  }
});

const stepSchema = z
  .strictObject({
    after: durationField.optional(),
    then: durationField.optional(),
    do: z.array(actionField).min(1, 'name at least one action'),
  })
  .superRefine((step, ctx) => {
    if ((step.after === undefined) === (step.then === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: "give exactly one of 'after' (since entering the status) or 'then' (after the previous step)",
      });
    }
    const closes = step.do.filter((a) => a.trim().startsWith('close'));
    if (closes.length > 1) ctx.addIssue({ code: 'custom', message: 'a step closes at most once' });
    if (closes.length && !step.do[step.do.length - 1]!.trim().startsWith('close')) {
      ctx.addIssue({ code: 'custom', message: "'close' must be the step's last action" });
    }
  });

const policySchema = z
  .strictObject(
    Object.fromEntries(AUTOMATED_STATUSES.map((s) => [s, z.array(stepSchema).max(20, 'at most 20 steps per status').optional()])) as Record<
      AutomatedStatus,
      z.ZodOptional<z.ZodArray<typeof stepSchema>>
    >,
  )
  .superRefine((policy, ctx) => {
    for (const status of AUTOMATED_STATUSES) {
      const steps = policy[status] ?? [];
      if (steps[0]?.then !== undefined)
        ctx.addIssue({ code: 'custom', path: [status, 0, 'then'], message: "the first step counts from entering the status: use 'after'" });
      const closeAt = steps.findIndex((s) => s.do.some((a) => a.trim().startsWith('close')));
      if (closeAt >= 0 && closeAt < steps.length - 1)
        ctx.addIssue({ code: 'custom', path: [status, closeAt + 1], message: 'no step can follow one that closes the ticket' });
      checkIncreasing(steps, status, ctx);
    }
  });

/** Steps counted from the status must come in increasing order when their units compare (both calendar, or the same unit). */
function checkIncreasing(steps: StepText[], status: string, ctx: z.RefinementCtx): void {
  let previous: Duration | undefined;
  steps.forEach((step, i) => {
    if (step.after === undefined || !DURATION_TEXT.test(step.after)) return;
    const current = parseDuration(step.after);
    if (previous && comparable(previous, current) && realMinutes(current) <= realMinutes(previous)) {
      ctx.addIssue({
        code: 'custom',
        path: [status, i, 'after'],
        message: `${step.after} is not later than the previous step (${durationText(previous)}); list steps in order`,
      });
    }
    previous = current;
  });
}

// Well-formed durations only: a bad one has its own issue already.
const DURATION_TEXT = /^\s*\d+(\.\d+)?\s*(bd|bh|m|h|d|w)\s*$/i;
const comparable = (a: Duration, b: Duration) => a.unit === b.unit || (!a.unit.startsWith('b') && !b.unit.startsWith('b'));
const realMinutes = (d: Duration) => d.amount * ({ m: 1, h: 60, d: 1440, w: 10080, bh: 60, bd: 1440 } as const)[d.unit];

/** The place and message of the first problem: `pending[2].do[0]: unknown action 'ping'`. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  if (issue.code === 'unrecognized_keys') {
    const where = path ? `${path}: ` : '';
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (statuses: ${AUTOMATED_STATUSES.join(', ')}; step keys: after, then, do)`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0)
    return `expected an object keyed by status, e.g. {"pending": [{"after": "24h", "do": ["remind"]}]}`;
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Validates a policy written as data and compiles it into steps. Throws BadInput naming the problem. */
export function compilePolicy(input: unknown): AutomationPolicy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) throw new BadInput(`bad automation policy: ${describeIssue(parsed.error.issues[0]!)}`);
  const policy: AutomationPolicy = {};
  for (const status of AUTOMATED_STATUSES) {
    const steps = parsed.data[status];
    if (!steps?.length) continue;
    policy[status] = steps.map((step, i) => compileStep(status, i, step));
  }
  return policy;
}

function compileStep(status: AutomatedStatus, index: number, step: StepText): AutomationStep {
  const words = step.do.map((a) => a.trim().split(/\s+/));
  return {
    id: `${status}.${index + 1}`,
    from: step.after !== undefined ? 'status' : 'previous',
    delay: parseDuration((step.after ?? step.then)!),
    remind: words.some(([verb]) => verb === 'remind'),
    tags: words.filter(([verb]) => verb === 'tag').map(([, tag]) => tag!.toLowerCase()),
    close: words.find(([verb]) => verb === 'close')?.[1] ?? null,
  };
}

/**
 * The text of the `automation.policy` setting: a preset name (`default`, `inactive`) or the policy
 * as JSON. Returns what is stored: the preset name, or the validated JSON data.
 */
export function parsePolicySetting(text: string): PolicyPreset | PolicyText {
  const trimmed = text.trim();
  if (Object.hasOwn(POLICY_PRESETS, trimmed)) return trimmed as PolicyPreset;
  if (!trimmed.startsWith('{')) {
    throw new BadInput(
      `expected a preset (${Object.keys(POLICY_PRESETS).join(', ')}) or the policy as JSON, e.g. {"pending":[{"after":"24h","do":["remind"]}]}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch (error) {
    throw new BadInput(`the policy is not valid JSON: ${(error as Error).message}`);
  }
  compilePolicy(data);
  return data as PolicyText;
}

/** The policy that a stored setting value stands for. */
export function policyFromSetting(value: unknown): AutomationPolicy {
  if (value === null || value === undefined) return compilePolicy(DEFAULT_POLICY_TEXT);
  if (typeof value === 'string' && Object.hasOwn(POLICY_PRESETS, value)) return compilePolicy(POLICY_PRESETS[value as PolicyPreset]);
  return compilePolicy(value);
}

/** One step in words, for listings: `remind, tag no-response, close no_response`. */
export function describeStep(step: AutomationStep): string {
  return [...(step.remind ? ['remind'] : []), ...step.tags.map((t) => `tag ${t}`), ...(step.close ? [`close ${step.close}`] : [])].join(
    ', ',
  );
}

/** The `automation.policy` setting for the settings registry: text in, preset name or policy data out. */
export const policySettingSchema = z.string().transform((text, ctx): PolicyPreset | PolicyText => {
  try {
    return parsePolicySetting(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
