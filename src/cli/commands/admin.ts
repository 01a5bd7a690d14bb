// `ticketty init`, `user add|set|list`, `org add|list`.
import type { Argv, CommandModule } from 'yargs';
import { type GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import type { UserView } from '../../app/people/peopleQueries.js';
import { renderTable } from '../output/table.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

// Names are people's words (and may come from mail headers): sanitized like every text a terminal shows.
const userLine = (u: UserView) =>
  sanitizeForTerminal(
    `${u.handle}  ${u.role}${u.tier ? ` L${u.tier}` : ''}  ${u.name}${u.email ? ` <${u.email}>` : ''}${u.organization ? `  ${u.organization}` : ''}${u.away ? '  (away)' : ''}`,
  );

export const initCommand: CommandModule<GlobalArgs, GlobalArgs & { admin?: string; 'free-clock'?: boolean }> = {
  command: 'init',
  describe: 'create or migrate the database',
  builder: (y) =>
    y
      .option('admin', { type: 'string', describe: 'create this admin user (a new database only)' })
      .option('free-clock', { type: 'boolean', describe: 'allow writes with --now later than the real time (tests, rehearsals)' })
      .example('ticketty init --admin alice', 'a new helpdesk with alice as admin')
      .example('ticketty init --admin alice --free-clock --db /tmp/rehearsal.db', 'a database for simulations with --now')
      .example('ticketty init --admin alice --db postgres://ticketty@db.example/helpdesk', 'create or migrate a PostgreSQL database'),
  handler: withRuntime(
    async (rt, a) => {
      const { initDatabase } = await import('../../app/settings/init.js');
      const result = initDatabase(rt.app, a.admin, { freeClock: a['free-clock'] === true });
      if (rt.json) printJson(result);
      else
        printLine(
          `database ready: ${result.path} (${result.users} users)${result.createdAdmin ? `; admin ${result.createdAdmin} created` : ''}${result.freeClock ? '; free clock' : ''}${schemaNote(result.migrationsApplied)}`,
        );
    },
    { creates: true },
  ),
};

/** What init did to a schema it counts (PostgreSQL): created or migrated, or nothing to do. */
function schemaNote(applied: number | undefined): string {
  if (applied === undefined) return '';
  return applied === 0 ? '; schema up to date' : `; schema: ${applied} migration${applied === 1 ? '' : 's'} applied`;
}

interface UserArgs extends GlobalArgs {
  handle: string;
  role?: string;
  email?: string;
  name?: string;
  org?: string;
  tier?: number;
  away?: boolean;
  back?: boolean;
  notifyAll?: boolean;
}

const userAdd: CommandModule<GlobalArgs, UserArgs> = {
  command: 'add <handle>',
  describe: 'add a user (admin)',
  builder: (y) =>
    (y as Argv<UserArgs>)
      .positional('handle', { type: 'string', demandOption: true })
      .option('role', { type: 'string', demandOption: true, describe: 'requester, superuser, agent, engineer, admin' })
      .option('email', { type: 'string' })
      .option('name', { type: 'string' })
      .option('org', { type: 'string', describe: 'organization (requesters, superusers)' })
      .option('tier', { type: 'number', describe: 'level handled (implied by the role)' })
      .example('ticketty user add bob --role agent --email bob@vendor.test --name "Bob B."', 'a level-2 agent'),
  handler: withRuntime<UserArgs>(async (rt, a) => {
    const [{ addUser }, { listUsersView }] = await Promise.all([
      import('../../app/people/people.js'),
      import('../../app/people/peopleQueries.js'),
    ]);
    const user = addUser(rt.app, rt.actor(), {
      handle: a.handle,
      role: a.role ?? '',
      email: a.email,
      name: a.name,
      org: a.org,
      tier: a.tier,
    });
    const [view] = listUsersView(rt.app, [user]);
    if (rt.json) printJson(view);
    else printLine(`added ${userLine(view!)}`);
  }),
};

const userSet: CommandModule<GlobalArgs, UserArgs> = {
  command: 'set <handle>',
  describe: 'mark yourself away or back; admins change roles, e-mails, names, organizations',
  builder: (y) =>
    (y as Argv<UserArgs>)
      .positional('handle', { type: 'string', demandOption: true })
      .option('away', { type: 'boolean', describe: 'get no new tickets' })
      .option('back', { type: 'boolean', describe: 'available again' })
      .option('role', { type: 'string' })
      .option('email', { type: 'string' })
      .option('name', { type: 'string' })
      .option('org', { type: 'string', describe: 'organization, or none' })
      .option('notify-all', { type: 'boolean', describe: 'admins: receive every notification' })
      .conflicts('away', 'back')
      .example('ticketty user set bob --away', 'bob is on holiday'),
  handler: withRuntime<UserArgs>(async (rt, a) => {
    const [{ setUser }, { listUsersView }] = await Promise.all([
      import('../../app/people/people.js'),
      import('../../app/people/peopleQueries.js'),
    ]);
    const away = a.away ? true : a.back ? false : undefined;
    const user = setUser(rt.app, rt.actor(), a.handle, {
      away,
      role: a.role,
      email: a.email,
      name: a.name,
      org: a.org,
      notifyAll: a.notifyAll,
    });
    const [view] = listUsersView(rt.app, [user]);
    if (rt.json) printJson(view);
    else printLine(userLine(view!));
  }),
};

const userList: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'list users (staff; a bound superuser sees their organization, a requester themself)',
  handler: withRuntime(async (rt) => {
    const { directoryFor } = await import('../../app/people/peopleQueries.js');
    const users = directoryFor(rt.app, rt.actor());
    if (rt.json) return printJson(users);
    printLine(
      renderTable(
        [
          { header: 'HANDLE' },
          { header: 'ROLE' },
          { header: 'TIER' },
          { header: 'NAME' },
          { header: 'E-MAIL' },
          { header: 'ORGANIZATION' },
          { header: 'AWAY' },
        ],
        users.map((u) => [
          u.handle,
          u.role,
          u.tier ? String(u.tier) : '-',
          u.name,
          u.email ?? '-',
          u.organization ?? '-',
          u.away ? 'away' : '',
        ]),
      ),
    );
  }),
};

export const userCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'user <command>',
  describe: 'add, change and list users',
  builder: (y) => y.command(userAdd).command(userSet).command(userList).demandCommand(1, 'name a user command (see ticketty user --help)'),
  handler: () => undefined,
};

interface OrgArgs extends GlobalArgs {
  name: string;
  domain?: string[];
  plan?: string;
}

const orgAdd: CommandModule<GlobalArgs, OrgArgs> = {
  command: 'add <name>',
  describe: 'add an organization (admin)',
  builder: (y) =>
    (y as Argv<OrgArgs>)
      .positional('name', { type: 'string', demandOption: true })
      .option('domain', { type: 'string', array: true, describe: 'mail domains of its people' })
      .option('plan', { type: 'string', describe: 'SLA plan (default standard)' })
      .example('ticketty org add "ACME Corp" --domain acme.test', 'mail from @acme.test belongs to ACME Corp'),
  handler: withRuntime<OrgArgs>(async (rt, a) => {
    const [{ addOrg }, { listOrgsView }] = await Promise.all([
      import('../../app/people/people.js'),
      import('../../app/people/peopleQueries.js'),
    ]);
    const org = addOrg(rt.app, rt.actor(), { name: a.name, domains: a.domain, plan: a.plan });
    const view = listOrgsView(rt.app).find((o) => o.id === org.id)!;
    if (rt.json) printJson(view);
    else
      printLine(sanitizeForTerminal(`added ${view.name}${view.domains.length ? ` (${view.domains.join(', ')})` : ''}, plan ${view.plan}`));
  }),
};

const orgList: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'list organizations (staff; others see their own)',
  handler: withRuntime(async (rt) => {
    const { organizationsFor } = await import('../../app/people/peopleQueries.js');
    const orgs = organizationsFor(rt.app, rt.actor());
    if (rt.json) return printJson(orgs);
    printLine(
      renderTable(
        [{ header: 'NAME' }, { header: 'DOMAINS' }, { header: 'PLAN' }],
        orgs.map((o) => [o.name, o.domains.join(', ') || '-', o.plan]),
      ),
    );
  }),
};

// SLA plan and calendar of an organization (app/sla/slaSettings.ts).
const orgSet: CommandModule<GlobalArgs, OrgArgs & { calendar?: string }> = {
  command: 'set <name>',
  describe: "change an organization's SLA plan or calendar (admin)",
  builder: (y) =>
    (y as Argv<OrgArgs & { calendar?: string }>)
      .positional('name', { type: 'string', demandOption: true })
      .option('plan', { type: 'string', describe: 'SLA plan (see ticketty sla show)' })
      .option('calendar', { type: 'string', describe: 'business calendar (see ticketty calendar show)' })
      .example('ticketty org set ACME --plan gold --calendar paris', 'from the next change of each ticket'),
  handler: withRuntime<OrgArgs & { calendar?: string }>(async (rt, a) => {
    const [{ setOrgSla }, { listOrgsView }] = await Promise.all([
      import('../../app/sla/slaSettings.js'),
      import('../../app/people/peopleQueries.js'),
    ]);
    const org = setOrgSla(rt.app, rt.actor(), a.name, { plan: a.plan, calendar: a.calendar });
    if (rt.json) printJson(listOrgsView(rt.app).find((o) => o.id === org.id));
    else printLine(`${org.name}: plan ${org.slaPlan}, calendar ${org.calendar}`);
  }),
};

export const orgCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'org <command>',
  describe: 'add and list organizations',
  builder: (y) => y.command(orgAdd).command(orgSet).command(orgList).demandCommand(1, 'name an org command (see ticketty org --help)'),
  handler: () => undefined,
};
