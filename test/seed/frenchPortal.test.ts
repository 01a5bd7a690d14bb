// Seed process: the French-labelled portal. An admin names the states as the customers' portal
// does; the CLI shows those labels, --json and filters keep the canonical values; a type change
// applies the type's default priority unless the priority was set by hand. Driven through the
// real CLI with --now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedCli, tempDb, type CliEnv } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cliTree.js';

const tmp = tempDb();
const env: CliEnv = { db: tmp.db };
const at = (now: string): CliEnv => ({ ...env, now });
beforeAll(() => seedCli(env));
afterAll(() => tmp.cleanup());

const LABELS: Array<[string, string]> = [
  ['new', 'OUVERT'],
  ['open', 'PRIS EN COMPTE'],
  ['pending', 'EN ATTENTE DE VOTRE RETOUR'],
  ['on_hold', 'EN ATTENTE RETOUR INTERNE'],
  ['solved', 'RÉSOLU'],
  ['closed', 'FERMÉ'],
];

describe('the French-labelled portal', () => {
  it('admin edits the dictionaries; others may not', async () => {
    // The real bin for one label of each kind; the other labels through the same CLI in-process.
    const setLabel = async (kind: string, value: string, label: string, spawned: boolean) =>
      spawned
        ? runCli(env, ['dictionary', 'set', kind, value, label], { as: 'admin' }).code
        : (await runInProcess(['--db', tmp.db, '--as', 'admin', 'dictionary', 'set', kind, value, label])).code;
    for (const [i, [status, label]] of LABELS.entries()) expect(await setLabel('status', status, label, i === 0)).toBe(0);
    for (const [i, [p, label]] of (
      [
        ['P2', 'High'],
        ['P3', 'Average'],
        ['P4', 'Low'],
      ] as const
    ).entries())
      expect(await setLabel('priority', p, label, i === 0)).toBe(0);
    expect(runCli(env, ['dictionary', 'add', 'type', 'training', '--priority', 'P5'], { as: 'admin' }).code).toBe(0);
    const refused = runCli(env, ['dictionary', 'set', 'status', 'new', 'NOUVEAU'], { as: 'bob' });
    expect(refused).toMatchObject({ code: 4, stderr: expect.stringMatching(/only an admin may edit dictionaries/) });
    const dict = runCli(env, ['dictionary', 'list', '--json'], { as: 'ann' }).json<{
      statusLabels: Record<string, string>;
      typePriorities: Record<string, string>;
    }>();
    expect(dict.statusLabels).toMatchObject(Object.fromEntries(LABELS));
    expect(dict.typePriorities).toMatchObject({ question: 'P3', improvement: 'P4', training: 'P5' });
    expect(runCli(env, ['dictionary', 'list'], { as: 'ann' }).stdout).toMatch(/pending\s+EN ATTENTE DE VOTRE RETOUR/);
  });

  it('walks a ticket through the portal states, labelled in tables, canonical in --json and filters', () => {
    const id = String(
      runCli(at('2026-03-02T09:00:00Z'), ['ticket', 'create', '-s', 'Accès au portail', '-t', 'Mot de passe refusé', '--json'], {
        as: 'ann',
      }).json<{ id: number }>().id,
    );
    const line = () => runCli(env, ['ticket', 'list', '--where', `status!=closed`], { as: 'sam' }).stdout;
    expect(line()).toMatch(/OUVERT L1/);
    runCli(at('2026-03-02T09:30:00Z'), ['ticket', 'accept', id], { as: 'sam' });
    expect(line()).toMatch(/PRIS EN COMPTE L1/);
    runCli(at('2026-03-02T10:00:00Z'), ['ticket', 'request-info', id, '-t', 'Quel navigateur ?'], { as: 'sam' });
    expect(runCli(env, ['ticket', 'show', id], { as: 'ann' }).stdout).toMatch(
      /status\s+EN ATTENTE DE VOTRE RETOUR L1.*priority P3 Average/,
    );
    const json = runCli(env, ['ticket', 'show', id, '--json'], { as: 'ann' }).json<{ status: string; priority: string }>();
    expect(json).toMatchObject({ status: 'pending', priority: 'P3' });
    expect(runCli(env, ['ticket', 'list', '--where', 'status=pending', '--json'], { as: 'sam' }).json<unknown[]>()).toHaveLength(1);
    runCli(at('2026-03-02T11:00:00Z'), ['ticket', 'reply', id, '-t', 'Firefox'], { as: 'ann' });
    runCli(at('2026-03-02T11:30:00Z'), ['ticket', 'hold', id, '-t', 'attente éditeur'], { as: 'sam' });
    expect(line()).toMatch(/EN ATTENTE RETOUR INTERNE L1/);
    runCli(at('2026-03-02T12:00:00Z'), ['ticket', 'resume', id], { as: 'sam' });
    runCli(at('2026-03-02T12:10:00Z'), ['ticket', 'solve', id, '--resolution', 'Cache vidé'], { as: 'sam' });
    expect(line()).toMatch(/RÉSOLU L1/);
    runCli(at('2026-03-02T13:00:00Z'), ['ticket', 'close', id], { as: 'ann' });
    expect(runCli(env, ['ticket', 'show', id], { as: 'ann' }).stdout).toMatch(/status\s+FERMÉ L1/);
  });

  it('a type change applies the type’s default priority unless the priority was set by hand', () => {
    const create = (extra: string[] = []) =>
      String(
        runCli(env, ['ticket', 'create', '-s', 'Idée', '-t', 'Un export CSV', '--json', ...extra], { as: 'ann' }).json<{ id: number }>().id,
      );
    const a = create();
    expect(runCli(env, ['ticket', 'type', a, 'improvement', '--json'], { as: 'sam' }).json<{ priority: string }>().priority).toBe('P4');
    const b = create();
    runCli(env, ['ticket', 'priority', b, 'P2'], { as: 'sam' });
    expect(runCli(env, ['ticket', 'type', b, 'improvement', '--json'], { as: 'sam' }).json<{ priority: string }>().priority).toBe('P2');
    const c = create(['--type', 'training']);
    expect(runCli(env, ['ticket', 'show', c, '--json'], { as: 'ann' }).json<{ priority: string }>().priority).toBe('P5');
  });
});
