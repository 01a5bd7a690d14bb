// Deterministic randomness and text for demo data (SPEC 8 `ticketty demo`). Pure.
// Templates are split once into literal/slot parts so that filling one is a few concatenations.
import * as W from './demoWords.js';

/** sfc32: a fast 32-bit PRNG with a 128-bit state; the same seed always gives the same stream. */
export class DemoRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** An exponential draw with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** A template as parts: even indexes literal text, odd indexes slot names. */
type Compiled = string[];
const compile = (template: string): Compiled => template.split(/\{(\w+)\}/);
const compileAll = (list: readonly string[]): Compiled[] => list.map(compile);

interface CompiledTopic {
  topic: W.Topic;
  subjects: Compiled[];
  details: Compiled[];
  fixes: Compiled[];
}

const TOPICS: CompiledTopic[] = W.TOPICS.map((topic) => ({
  topic,
  subjects: compileAll(topic.subjects),
  details: compileAll(topic.details),
  fixes: compileAll(topic.fixes),
}));
const STAFF_REPLIES = compileAll(W.STAFF_REPLIES);
const CUSTOMER_REPLIES = compileAll(W.CUSTOMER_REPLIES);
const NOTES = compileAll(W.NOTES);
const INFO_REQUESTS = compileAll(W.INFO_REQUESTS);
const INFO_ANSWERS = compileAll(W.INFO_ANSWERS);
const HOLD_REASONS = compileAll(W.HOLD_REASONS);

export const TOPIC_COUNT = TOPICS.length;

/** How many distinct subject templates exist (for docs and tests). */
export const SUBJECT_TEMPLATE_COUNT = TOPICS.reduce((n, t) => n + t.subjects.length, 0);

function fill(rng: DemoRandom, parts: Compiled, topic: W.Topic | null): string {
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const slot = parts[i] as string;
    let value: string;
    if (slot === 'code') value = String(10000 + rng.int(90000));
    else {
      const list = topic?.words[slot] ?? (W.SHARED as Record<string, string[]>)[slot];
      value = list ? rng.pick(list) : slot;
    }
    out += value + (parts[i + 1] as string);
  }
  return out;
}

const capitalize = (s: string): string => (s.length ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Generates the texts of one ticket; `topic` is an index below TOPIC_COUNT. */
export class DemoText {
  constructor(private readonly rng: DemoRandom) {}

  topicName(topic: number): string {
    return TOPICS[topic]!.topic.name;
  }
  topicTags(topic: number): string[] {
    return TOPICS[topic]!.topic.tags;
  }
  subject(topic: number): string {
    const t = TOPICS[topic]!;
    return capitalize(fill(this.rng, this.rng.pick(t.subjects), t.topic));
  }
  description(topic: number): string {
    const t = TOPICS[topic]!;
    const r = this.rng;
    const body = capitalize(fill(r, r.pick(t.details), t.topic));
    const tried = r.chance(0.4) ? ` We already ${r.pick(W.SHARED.tried)}.` : '';
    const greeting = r.chance(0.6) ? `${r.pick(W.SHARED.greeting)}\n\n` : '';
    const thanks = r.chance(0.6) ? `\n\n${r.pick(W.SHARED.thanks)}` : '';
    return `${greeting}${body}${tried}${thanks}`;
  }
  staffReply(topic: number): string {
    return fill(this.rng, this.rng.pick(STAFF_REPLIES), TOPICS[topic]!.topic);
  }
  customerReply(topic: number): string {
    return fill(this.rng, this.rng.pick(CUSTOMER_REPLIES), TOPICS[topic]!.topic);
  }
  note(topic: number): string {
    return fill(this.rng, this.rng.pick(NOTES), TOPICS[topic]!.topic);
  }
  infoRequest(topic: number): string {
    return fill(this.rng, this.rng.pick(INFO_REQUESTS), TOPICS[topic]!.topic);
  }
  infoAnswer(topic: number): string {
    return fill(this.rng, this.rng.pick(INFO_ANSWERS), TOPICS[topic]!.topic);
  }
  tier2Request(): string {
    return this.rng.pick(W.TIER2_REQUESTS);
  }
  tier2Answer(): string {
    return this.rng.pick(W.TIER2_ANSWERS);
  }
  escalation(toLevel: number): string {
    return this.rng.pick(toLevel === 3 ? W.ESCALATIONS_L3 : W.ESCALATIONS);
  }
  holdReason(topic: number): string {
    return fill(this.rng, this.rng.pick(HOLD_REASONS), TOPICS[topic]!.topic);
  }
  resolution(topic: number): string {
    const t = TOPICS[topic]!;
    return `We ${fill(this.rng, this.rng.pick(t.fixes), t.topic)}.`;
  }
}

/** A person's display name and a handle stem (ascii, lower case). */
export function personName(rng: DemoRandom): { name: string; stem: string } {
  const first = rng.pick(W.FIRST_NAMES);
  const last = rng.pick(W.LAST_NAMES);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return { name: `${first} ${last}`, stem: `${ascii(first)}.${ascii(last)}` };
}

/** Organization names, unique, in a stable order for a seed. */
export function organizationNames(rng: DemoRandom, count: number): string[] {
  const names = new Set<string>();
  for (let guard = 0; names.size < count && guard < count * 50; guard++) {
    names.add(`${rng.pick(W.ORG_PREFIXES)} ${rng.pick(W.ORG_SUFFIXES)}`);
  }
  for (let i = names.size; names.size < count; i++) names.add(`${rng.pick(W.ORG_PREFIXES)} ${rng.pick(W.ORG_SUFFIXES)} ${i}`);
  return [...names];
}

/** A mail domain for an organization name: `acme-logistics.example`. */
export function domainOf(orgName: string): string {
  return `${orgName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.example`;
}

/** The topic a demo subject was written from (so later texts on the ticket match it), or null. */
export function topicOfSubject(subject: string): number | null {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [i, t] of TOPICS.entries()) {
    for (const parts of t.subjects) {
      const pattern = parts.map((part, j) => (j % 2 ? '.+?' : escape(part))).join('');
      if (new RegExp(`^${pattern}$`, 'i').test(subject)) return i;
    }
  }
  return null;
}
