// A preview runs the write's own code and leaves nothing behind, alone or inside a write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './db.js';
import { users } from './schema/index.js';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

const addUser = (handle: string) =>
  store.db.insert(users).values({ handle, name: handle, role: 'agent', createdAt: 0 }).returning({ id: users.id }).get().id;
const handles = () =>
  store.db
    .select({ handle: users.handle })
    .from(users)
    .all()
    .map((u) => u.handle);

describe('store.preview', () => {
  it('returns what the write computed, sees its own changes, and commits nothing', () => {
    const seen = store.preview(() => {
      addUser('ann');
      return handles();
    });
    expect(seen).toEqual(['ann']);
    expect(handles()).toEqual([]);
  });

  it('throws the write’s refusal as it is', () => {
    class Refused extends Error {}
    expect(() =>
      store.preview(() => {
        addUser('ann');
        throw new Refused('no');
      }),
    ).toThrow(Refused);
    expect(handles()).toEqual([]);
  });

  it('inside a write, rolls back only its own part', () => {
    store.write(() => {
      addUser('bob');
      expect(store.preview(() => (addUser('ann'), handles().length))).toBe(2);
      addUser('cid');
    });
    expect(handles().sort()).toEqual(['bob', 'cid']);
  });
});
