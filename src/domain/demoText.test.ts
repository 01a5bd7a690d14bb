import { describe, expect, it } from 'vitest';
import { DemoRandom, DemoText, SUBJECT_TEMPLATE_COUNT, TOPIC_COUNT, domainOf, organizationNames } from './demoText.js';

describe('DemoRandom', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = new DemoRandom(42);
    const b = new DemoRandom(42);
    const c = new DemoRandom(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws integers in range, roughly uniformly', () => {
    const rng = new DemoRandom(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]!++;
    for (const n of counts) expect(n).toBeGreaterThan(9_000);
  });
});

describe('DemoText', () => {
  it('fills every slot of every template', () => {
    const text = new DemoText(new DemoRandom(5));
    for (let i = 0; i < 2_000; i++) {
      const topic = i % TOPIC_COUNT;
      for (const s of [
        text.subject(topic),
        text.description(topic),
        text.staffReply(topic),
        text.customerReply(topic),
        text.note(topic),
        text.infoRequest(topic),
        text.infoAnswer(topic),
        text.holdReason(topic),
        text.resolution(topic),
      ]) {
        expect(s).not.toMatch(/[{}]/);
        expect(s.trim().length).toBeGreaterThan(5);
      }
    }
    expect(SUBJECT_TEMPLATE_COUNT).toBeGreaterThan(50);
  });

  it('makes unique organization names and mail domains', () => {
    const names = organizationNames(new DemoRandom(3), 300);
    expect(new Set(names).size).toBe(300);
    expect(new Set(names.map(domainOf)).size).toBe(300);
    expect(domainOf('Pied Piper Labs')).toBe('pied-piper-labs.example');
  });
});
