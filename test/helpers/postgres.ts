// A private PostgreSQL for tests: initdb into a temporary directory, started on a free loopback
// port with its unix socket in that directory, stopped and removed after. Debian's `postgresql`
// package provides the binaries (.ci/run installs it when missing). PostgreSQL refuses to run as
// root, so as root the server runs as the `postgres` user (runuser), owning the directory.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  /** postgres://ticketty@127.0.0.1:PORT/ticketty: a database created for the test. */
  url: string;
  port: number;
  dir: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): string;
  stop(): void;
}

/** The directory of initdb, pg_ctl and createdb: Debian's /usr/lib/postgresql/N/bin (newest), else PATH. */
export function postgresBinDir(): string | undefined {
  const tools = (dir: string) => ['initdb', 'pg_ctl', 'createdb'].every((tool) => existsSync(join(dir, tool)));
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const debian = versions.map((v) => join(base, v, 'bin')).find(tools);
  return debian ?? (process.env.PATH ?? '').split(':').find((dir) => dir && tools(dir));
}

/** A loopback port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql, or run .ci/run');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'ticketty-pg-'));
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    return execFileSync(file, argv, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  // trust: loopback only, a throwaway cluster; --no-sync and fsync=off: nothing here must survive a crash.
  run('initdb', ['-D', data, '-U', 'ticketty', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  let port = 0;
  let started = false;
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
      started = true;
    } catch (error) {
      // Another process may have taken the port between freePort and the start: try another.
      if (attempt === 2) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const createDatabase = (name: string) => {
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'ticketty', name]);
    return `postgres://ticketty@127.0.0.1:${port}/${name}`;
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  let url: string;
  try {
    url = createDatabase('ticketty');
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url,
    port,
    dir,
    createDatabase,
    stop,
  };
}

export function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
