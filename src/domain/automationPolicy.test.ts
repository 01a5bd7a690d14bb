import { describe, expect, it } from 'vitest';
import { BadInput } from './errors.js';
import {
  compilePolicy,
  DEFAULT_POLICY_TEXT,
  describeStep,
  INACTIVE_POLICY_TEXT,
  parsePolicySetting,
  policyFromSetting,
  policySettingSchema,
} from './automationPolicy.js';

describe('compilePolicy', () => {
  it('compiles the SPEC 5 defaults into named steps', () => {
    const policy = compilePolicy(DEFAULT_POLICY_TEXT);
    expect(policy.pending).toEqual([
      { id: 'pending.1', from: 'status', delay: { amount: 24, unit: 'h' }, remind: true, tags: [], close: null },
      { id: 'pending.2', from: 'status', delay: { amount: 5, unit: 'd' }, remind: true, tags: [], close: null },
      { id: 'pending.3', from: 'status', delay: { amount: 7, unit: 'd' }, remind: false, tags: ['no-response'], close: 'no_response' },
    ]);
    expect(policy.solved).toEqual([
      { id: 'solved.1', from: 'status', delay: { amount: 24, unit: 'h' }, remind: false, tags: [], close: 'resolved' },
    ]);
    expect(policy.open).toBeUndefined();
  });

  it('compiles the inactive alternative with steps chained in business days', () => {
    const policy = compilePolicy(INACTIVE_POLICY_TEXT);
    expect(policy.pending!.map((s) => [s.from, `${s.delay.amount}${s.delay.unit}`, describeStep(s)])).toEqual([
      ['status', '30d', 'remind'],
      ['previous', '2bd', 'remind'],
      ['previous', '2bd', 'close inactive'],
    ]);
  });

  it('accepts an empty policy (no automations)', () => {
    expect(compilePolicy({})).toEqual({});
    expect(compilePolicy({ pending: [] })).toEqual({});
  });

  it.each([
    [[], 'bad automation policy: expected an object keyed by status'],
    [{ closed: [] }, "unknown key 'closed'"],
    [{ pending: [{ after: '24x', do: ['remind'] }] }, "pending[0].after: bad duration '24x'"],
    [{ pending: [{ do: ['remind'] }] }, "pending[0]: give exactly one of 'after'"],
    [{ pending: [{ after: '1h', then: '2h', do: ['remind'] }] }, "pending[0]: give exactly one of 'after'"],
    [{ pending: [{ then: '1h', do: ['remind'] }] }, "pending[0].then: the first step counts from entering the status: use 'after'"],
    [{ pending: [{ after: '1h', do: [] }] }, 'pending[0].do: name at least one action'],
    [{ pending: [{ after: '1h', do: ['ping'] }] }, "pending[0].do[0]: unknown action 'ping'"],
    [{ pending: [{ after: '1h', do: ['remind now'] }] }, "'remind' takes nothing after it"],
    [{ pending: [{ after: '1h', do: ['tag a b'] }] }, 'write one tag per action'],
    [{ pending: [{ after: '1h', do: ['tag bad!tag'] }] }, "bad tag 'bad!tag'"],
    [{ pending: [{ after: '1h', do: ['close'] }] }, 'name one closing reason'],
    [{ pending: [{ after: '1h', do: ['close Not-Valid'] }] }, "bad closing reason 'Not-Valid'"],
    [{ pending: [{ after: '1h', do: ['close a', 'close b'] }] }, 'a step closes at most once'],
    [{ pending: [{ after: '1h', do: ['close a', 'remind'] }] }, "'close' must be the step's last action"],
    [
      {
        pending: [
          { after: '1h', do: ['close a'] },
          { after: '2h', do: ['remind'] },
        ],
      },
      'pending[1]: no step can follow one that closes the ticket',
    ],
    [
      {
        pending: [
          { after: '2d', do: ['remind'] },
          { after: '24h', do: ['remind'] },
        ],
      },
      'pending[1].after: 24h is not later than the previous step (2d)',
    ],
    [{ pending: [{ after: '1h', do: ['remind'], every: '1h' }] }, "pending[0]: unknown key 'every'"],
  ])('refuses %j with a clear error', (input, message) => {
    expect(() => compilePolicy(input)).toThrow(BadInput);
    expect(() => compilePolicy(input)).toThrow(message);
  });

  it('does not compare durations of different kinds (business and calendar) statically', () => {
    expect(() =>
      compilePolicy({
        pending: [
          { after: '2bd', do: ['remind'] },
          { after: '24h', do: ['remind'] },
        ],
      }),
    ).not.toThrow();
  });
});

describe('the automation.policy setting', () => {
  it('takes a preset name or JSON', () => {
    expect(parsePolicySetting('inactive')).toBe('inactive');
    expect(parsePolicySetting(' default ')).toBe('default');
    expect(parsePolicySetting('{"solved":[{"after":"2bd","do":["close resolved"]}]}')).toEqual({
      solved: [{ after: '2bd', do: ['close resolved'] }],
    });
  });

  it.each([
    ['weekly', 'expected a preset (default, inactive) or the policy as JSON'],
    ['{"pending": [', 'the policy is not valid JSON'],
    ['{"pending":[{"after":"1y","do":["remind"]}]}', "bad automation policy: pending[0].after: bad duration '1y'"],
  ])('refuses %j', (text, message) => {
    expect(() => parsePolicySetting(text)).toThrow(message);
    const parsed = policySettingSchema.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(message);
  });

  it('turns the stored value back into a policy (unset: the defaults)', () => {
    expect(policyFromSetting(null)).toEqual(compilePolicy(DEFAULT_POLICY_TEXT));
    expect(policyFromSetting('inactive')).toEqual(compilePolicy(INACTIVE_POLICY_TEXT));
    expect(policyFromSetting({ open: [{ after: '30d', do: ['remind'] }] }).open?.[0]?.id).toBe('open.1');
  });
});
