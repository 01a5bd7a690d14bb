import { defineConfig } from 'drizzle-kit';

// SQLite by default (drizzle/); `TICKETTY_DIALECT=postgresql npx drizzle-kit generate` writes the
// PostgreSQL store's migrations (drizzle/pg/) from its schema (src/store/postgres/schema).
export default process.env.TICKETTY_DIALECT === 'postgresql'
  ? defineConfig({
      dialect: 'postgresql',
      schema: './src/store/postgres/schema/index.ts',
      out: './drizzle/pg',
    })
  : defineConfig({
      dialect: 'sqlite',
      schema: './src/store/sqlite/schema/index.ts',
      out: './drizzle',
    });
