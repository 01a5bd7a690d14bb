import tseslint from 'typescript-eslint';

// Dependencies point one way: cli, tui, mail -> app -> store, domain; store -> domain.
const frontEnds = ['**/cli/**', '**/tui/**', '**/mail/**'];
const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group, message: 'See STYLE.md: dependencies point one way.' })) },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'drizzle/**', '.bench/**', '.ticketty-demo/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // CommonJS scripts (bin/codeCache.cjs: Node's ES module loader would cost every command's start).
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests read JSON from the CLI; typing every shape there adds noise, not safety.
  { files: ['test/**', 'src/**/*.test.ts', 'src/**/*.test.tsx'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['src/domain/**'],
    rules: restrict([
      ['**/store/**', '**/app/**', ...frontEnds, 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3', 'ink', 'react', 'yargs'],
    ]),
  },
  { files: ['src/store/**'], rules: restrict([['**/app/**', ...frontEnds, 'ink', 'react', 'yargs']]) },
  {
    files: ['src/store/port/**'],
    rules: restrict([
      [
        '**/sqlite/**',
        '**/postgres/**',
        '**/app/**',
        ...frontEnds,
        'drizzle-orm',
        'drizzle-orm/*',
        'better-sqlite3',
        'ink',
        'react',
        'yargs',
      ],
    ]),
  },
  // src/app speaks to the store port only; its composition root (createApp.ts) picks the store.
  {
    files: ['src/app/**'],
    ignores: ['src/app/createApp.ts', 'src/**/*.test.ts'],
    rules: restrict([
      [
        ...frontEnds,
        '**/store/sqlite/**',
        '**/store/postgres/**',
        'ink',
        'react',
        'yargs',
        'better-sqlite3',
        'drizzle-orm',
        'drizzle-orm/*',
      ],
    ]),
  },
  { files: ['src/app/createApp.ts'], rules: restrict([[...frontEnds, 'ink', 'react', 'yargs', 'better-sqlite3']]) },
  { files: ['src/cli/**'], rules: restrict([['**/store/**', 'ink', 'ink-*', 'react', 'drizzle-orm', 'drizzle-orm/*']]) },
  { files: ['src/tui/**'], rules: restrict([['**/store/**', '**/cli/**', 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3']]) },
  { files: ['src/mail/**'], rules: restrict([['**/store/**', '**/cli/**', '**/tui/**', 'ink', 'react']]) },
);
