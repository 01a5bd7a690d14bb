// Word lists and templates for demo data (SPEC 8 `ticketty demo`). Plain data; see demoText.ts.
// `{slot}` names a list below or a per-topic list; templates are compiled once at load.

export const FIRST_NAMES = [
  'Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid', 'Greta', 'Hugo', 'Inès', 'Jonas', 'Karin', 'Léo', 'Maya', 'Nils',
  'Olivia', 'Pablo', 'Quentin', 'Rosa', 'Samir', 'Tess', 'Ulla', 'Victor', 'Wanda', 'Xavier', 'Yasmin', 'Zoé', 'Aaron',
  'Beatriz', 'Carlos', 'Dina', 'Elias', 'Fatou', 'Gaspard', 'Hana', 'Ivan', 'Julia', 'Kenji', 'Lena', 'Marco', 'Nora',
  'Oscar', 'Priya', 'Rafael', 'Sofia', 'Tomás', 'Uma', 'Vera', 'Wei', 'Yann', 'Zara', 'Anouk', 'Benoît', 'Camille',
  'Dmitri', 'Eva', 'Felix', 'Giulia', 'Henrik', 'Ingrid', 'Jakub', 'Klara', 'Lukas', 'Mathilde', 'Nadia', 'Omar',
];
export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Müller', 'Schmidt', 'Rossi', 'García', 'López', 'Novak', 'Kowalski', 'Jensen',
  'Nielsen', 'Smith', 'Brown', 'Wilson', 'Taylor', 'Moreau', 'Laurent', 'Fontaine', 'Weber', 'Fischer', 'Bianchi',
  'Romano', 'Silva', 'Santos', 'Costa', 'Horvat', 'Svensson', 'Larsen', 'Virtanen', 'Kaya', 'Yilmaz', 'Nakamura',
  'Tanaka', 'Chen', 'Wang', 'Kim', 'Park', 'Singh', 'Patel', 'Okafor', 'Mensah', 'Haddad', 'Cohen', 'Duarte',
  'Meyer', 'Wagner', 'Petit', 'Roux', 'Lambert', 'Girard', 'Bonnet', 'Marino', 'Greco', 'Ferrari', 'Kovač', 'Dvořák',
];
export const ORG_PREFIXES = [
  'Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli',
  'Vandelay', 'Wonka', 'Gringotts', 'Oscorp', 'Aperture', 'Massive', 'Pied Piper', 'Blue Sun', 'Monarch', 'Vehement',
  'Duff', 'Krusty', 'Sirius', 'Prestige', 'Nakatomi', 'Rekall', 'Zorg', 'Bluth', 'Dunder', 'Sterling', 'Weyland',
];
export const ORG_SUFFIXES = [
  'Logistics', 'Health', 'Insurance', 'Foods', 'Energy', 'Retail', 'Bank', 'Airlines', 'Pharma', 'Media', 'Telecom',
  'Motors', 'Federation', 'Association', 'Group', 'Labs', 'Consulting', 'University', 'Council', 'Shipping',
];

export const SHARED = {
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  since: ['this morning', 'yesterday', 'the last update', 'Monday', 'the weekend', 'about an hour ago', 'last week'],
  who: ['one user', 'two colleagues', 'the whole team', 'our accounting department', 'several branches', 'new hires', 'the night shift'],
  browser: ['Firefox', 'Chrome', 'Edge', 'Safari'],
  os: ['Windows 11', 'macOS 14', 'Ubuntu 22.04', 'Windows 10', 'iOS 17', 'Android 14'],
  impact: ['We cannot work.', 'This blocks our month-end closing.', 'It is annoying but there is a workaround.', 'It slows everyone down.', 'Customers are complaining.', 'Not urgent, but please have a look.'],
  tried: ['restarted the machine', 'cleared the browser cache', 'logged out and in again', 'tried another browser', 'checked the network cable', 'asked a colleague to try', 'reinstalled the client'],
  greeting: ['Hello,', 'Hi,', 'Good morning,', 'Hello support,', 'Dear support team,', 'Hi there,'],
  thanks: ['Thanks in advance.', 'Thank you.', 'Best regards.', 'Thanks for your help.', 'Kind regards.', 'Cheers.'],
  n: ['2', '3', '5', '12', '40', '150', 'all'],
};

/** One family of problems: subject and description templates, with its own word lists. */
export interface Topic {
  name: string;
  tags: string[];
  words: Record<string, string[]>;
  subjects: string[];
  details: string[];
  fixes: string[];
}

export const TOPICS: Topic[] = [
  {
    name: 'printing', tags: ['printer', 'hardware'],
    words: { thing: ['printer', 'label printer', 'scanner', 'copier on floor 2', 'receipt printer'], model: ['HP LaserJet M404', 'Brother HL-L2350', 'Zebra ZD420', 'Canon iR-ADV C5535', 'Epson TM-T88'], symptom: ['prints blank pages', 'is offline', 'jams on every job', 'prints garbled characters', 'ignores duplex', 'shows error 49'] },
    subjects: ['{thing} {symptom}', 'Cannot print from {browser}', '{model} {symptom}', 'Print queue stuck since {since}', 'Invoices print without logo', 'Labels printed in wrong size'],
    details: ['Our {model} {symptom} since {since}. It affects {who}.', 'When we print from {browser} on {os} the {thing} {symptom}.', 'The {thing} worked on {weekday}; now it {symptom}. We {tried}.'],
    fixes: ['reinstalled the {model} driver', 'cleared the print spooler', 'updated the printer firmware', 'corrected the paper size in the template'],
  },
  {
    name: 'vpn', tags: ['vpn', 'network'],
    words: { client: ['GlobalProtect', 'the VPN client', 'WireGuard', 'AnyConnect', 'OpenVPN'], symptom: ['drops every few minutes', 'cannot connect', 'connects but no intranet', 'is very slow', 'asks for the password in a loop'] },
    subjects: ['VPN {symptom}', '{client} {symptom}', 'No access to intranet over VPN', 'VPN certificate expired?', 'Remote access down for {who}', 'Split tunnel not working with {client}'],
    details: ['Since {since} {client} {symptom} on {os}. It affects {who}.', 'From home {client} {symptom}. We {tried}; no change.', '{client} {symptom} for {who} working remotely today.'],
    fixes: ['renewed the client certificate', 'pushed the new VPN profile', 'fixed the split-tunnel routes', 'raised the idle timeout on the gateway'],
  },
  {
    name: 'invoices', tags: ['billing', 'invoice'],
    words: { doc: ['invoice', 'credit note', 'quote', 'pro-forma invoice', 'reminder letter'], symptom: ['shows the wrong VAT rate', 'is missing line items', 'has the wrong customer address', 'cannot be sent by e-mail', 'is numbered twice', 'total does not match the order'] },
    subjects: ['{doc} {symptom}', 'Question about {doc} numbering', 'Cannot cancel a {doc}', 'VAT wrong on {doc}s since {since}', 'Duplicate {doc} numbers', 'Need a corrected {doc}'],
    details: ['Our {doc} for order {code} {symptom}.', 'Since {since} every {doc} {symptom}. {impact}', 'Accounting noticed that the {doc} {symptom}. Can you check order {code}?'],
    fixes: ['corrected the VAT table', 'regenerated the {doc}', 'fixed the numbering sequence', 'updated the customer master data'],
  },
  {
    name: 'login', tags: ['login', 'account'],
    words: { method: ['SSO', 'password login', 'two-factor login', 'the mobile app login', 'Azure AD sign-in'], symptom: ['fails with "invalid credentials"', 'loops back to the login page', 'says the account is locked', 'never sends the 2FA code', 'times out'] },
    subjects: ['Cannot log in', '{method} {symptom}', 'Account locked for {who}', 'Password reset mail never arrives', 'Login loop in {browser}', '2FA codes rejected'],
    details: ['When I try {method} it {symptom}. {impact}', 'Since {since} {method} {symptom} for {who}.', '{method} {symptom}. I {tried} and it still fails.'],
    fixes: ['unlocked the account and reset the password', 'fixed the SSO redirect URL', 'resynchronised the 2FA secret', 'cleared the stale session cookies'],
  },
  {
    name: 'api', tags: ['api', 'integration'],
    words: { endpoint: ['/v2/orders', '/v1/customers', '/v2/invoices/export', '/v1/auth/token', '/v2/webhooks', '/v1/stock'], code: ['500', '502', '429', '401', '403', '504', '400'] },
    subjects: ['API returns {code} on {endpoint}', 'Webhook deliveries failing', 'Rate limit hit too early ({code})', '{endpoint} very slow since {since}', 'Token refresh returns {code}', 'Pagination broken on {endpoint}'],
    details: ['Calls to {endpoint} return HTTP {code} since {since}. Our integration is stuck.', 'About {n} of our requests to {endpoint} fail with {code}. {impact}', 'Our nightly sync calls {endpoint} and gets {code}. Logs attached below.'],
    fixes: ['fixed the serialization bug on {endpoint}', 'raised the rate limit for the client', 'rotated the API credentials', 'deployed the hotfix for {endpoint}'],
  },
  {
    name: 'exports', tags: ['export', 'reports'],
    words: { format: ['CSV', 'Excel', 'PDF', 'XML', 'JSON'], report: ['sales report', 'stock report', 'time sheet export', 'customer list', 'audit log', 'payroll export'], symptom: ['is empty', 'has broken umlauts', 'times out', 'misses the last month', 'has columns shifted', 'never finishes'] },
    subjects: ['{report} {symptom}', '{format} export {symptom}', 'Cannot export {report} to {format}', 'Scheduled {report} not delivered', 'Dates wrong in {format} export'],
    details: ['The {format} export of the {report} {symptom}. {impact}', 'Since {since} the {report} {symptom} when exported as {format}.', 'We need the {report} for {weekday} but it {symptom}.'],
    fixes: ['fixed the encoding of the {format} export', 'moved the {report} to the background queue', 'corrected the date filter', 'rebuilt the report index'],
  },
  {
    name: 'email', tags: ['email'],
    words: { what: ['notifications', 'order confirmations', 'newsletters', 'password reset mails', 'shared mailbox'], symptom: ['land in spam', 'are not delivered', 'arrive hours late', 'show broken characters', 'go to the wrong address'] },
    subjects: ['{what} {symptom}', 'Outgoing mail stuck in queue', 'SPF/DKIM failure on our domain', 'Cannot open shared mailbox', 'Mails to customers {symptom}'],
    details: ['Our {what} {symptom} since {since}. {impact}', 'Customers say our {what} {symptom}. Affects {who}.', 'Since {since} all {what} {symptom}; we {tried}.'],
    fixes: ['fixed the DKIM record', 'cleared the mail queue and restarted the relay', 'corrected the sender address', 'whitelisted the sending IPs'],
  },
  {
    name: 'performance', tags: ['performance'],
    words: { screen: ['order list', 'dashboard', 'search', 'customer view', 'checkout', 'planning board'], symptom: ['takes 30 seconds to load', 'freezes the browser', 'is very slow in the afternoon', 'times out', 'spins forever'] },
    subjects: ['{screen} {symptom}', 'Application very slow since {since}', 'Timeouts on the {screen}', 'Performance degraded for {who}', 'Slow search results'],
    details: ['The {screen} {symptom} since {since}. {impact}', 'For {who} the {screen} {symptom}. We {tried}.', 'Every {weekday} around noon the {screen} {symptom}.'],
    fixes: ['added the missing database index', 'increased the cache size', 'optimised the {screen} query', 'moved the heavy job out of business hours'],
  },
  {
    name: 'permissions', tags: ['access', 'account'],
    words: { role: ['manager', 'read-only', 'accounting', 'warehouse', 'admin'], area: ['reports', 'user admin', 'price lists', 'the archive', 'project folders'] },
    subjects: ['Need access to {area}', 'New employee needs {role} role', 'Permission denied on {area}', 'Remove access for leaver', 'Role {role} sees too much'],
    details: ['Please give {who} the {role} role so they can open {area}.', 'Since {since} we get "permission denied" on {area}.', 'A colleague left on {weekday}; please remove access to {area}.'],
    fixes: ['granted the {role} role', 'fixed the permission inheritance on {area}', 'removed the leaver from all groups', 'corrected the role mapping'],
  },
  {
    name: 'imports', tags: ['import', 'data'],
    words: { data: ['price list', 'customer file', 'product catalogue', 'stock levels', 'bank statement'], format: ['CSV', 'Excel', 'XML', 'CAMT.053'], symptom: ['fails at line 1204', 'skips every second row', 'creates duplicates', 'rejects valid dates', 'stops without error'] },
    subjects: ['{data} import {symptom}', 'Cannot import {format} file', 'Import duplicates {data}', 'Bank statement import fails', 'Encoding error importing {data}'],
    details: ['The {format} import of our {data} {symptom}. {impact}', 'Since {since} importing the {data} {symptom}.', 'We upload the {data} every {weekday}; today it {symptom}.'],
    fixes: ['fixed the date parser for {format}', 'removed the duplicate mapping rule', 'corrected the file encoding setting', 'patched the importer'],
  },
  {
    name: 'mobile', tags: ['mobile'],
    words: { device: ['iPhone', 'Android tablet', 'Samsung phone', 'iPad', 'handheld scanner'], symptom: ['crashes on start', 'does not sync', 'shows an empty list', 'logs out constantly', 'cannot scan barcodes'] },
    subjects: ['App {symptom} on {device}', 'Mobile app update broke sync', 'Push notifications missing', 'Offline mode loses data', 'App {symptom} after update'],
    details: ['On our {device} the app {symptom} since {since}.', 'The app {symptom} for {who}. We {tried}.', 'After the update on {weekday} the app {symptom} on every {device}.'],
    fixes: ['released a fixed app build', 'reset the device sync state', 'renewed the push certificate', 'fixed the offline cache migration'],
  },
  {
    name: 'licensing', tags: ['license', 'billing'],
    words: { what: ['licence key', 'seat count', 'subscription', 'add-on module', 'trial'] },
    subjects: ['{what} expired early', 'Need {n} more seats', 'Upgrade our {what}', 'Licence warning on every login', 'Renewal question for {what}'],
    details: ['Our {what} shows as expired although we paid. {impact}', 'We would like {n} more seats for {who}.', 'Since {since} every login warns about the {what}.'],
    fixes: ['reissued the {what}', 'added the seats to the contract', 'corrected the renewal date', 'activated the add-on'],
  },
];

export const STAFF_REPLIES = [
  'Thanks for the report. I am looking into it now.',
  'Thank you, we can reproduce the problem on our side.',
  'Could you tell us whether this happens for every user or only some?',
  'We have deployed a fix; can you please check again?',
  'I have checked the logs and see the errors from {since}. Working on it.',
  'A workaround for now: {tried}. We keep investigating.',
  'Thanks for your patience, the fix is scheduled for tonight.',
  'We found the cause and are preparing the correction.',
];
export const CUSTOMER_REPLIES = [
  'Thanks, it works again.',
  'Still the same problem here, unfortunately.',
  'Thank you for the quick answer!',
  'We tried that, no change. {impact}',
  'It affects {who} as well now.',
  'Confirmed, it works now. You can close it.',
];
export const NOTES = [
  'Reproduced on staging. Looks related to the last release.',
  'Customer is on the old plan; check the contract before promising anything.',
  'Same issue as last week for another customer; see the linked ticket.',
  'Logs show timeouts on the database node around {since}.',
  'Called the customer, they confirmed the details.',
  'Waiting for the vendor to answer.',
  'Probably a configuration problem on their side.',
];
export const INFO_REQUESTS = [
  'Could you send us a screenshot of the error?',
  'Which browser and version do you use?',
  'Please send the exact time when it happened.',
  'Can you tell us the order number concerned?',
  'Does it still happen after you {tried}?',
];
export const INFO_ANSWERS = ['Screenshot attached, it happened at {since}.', 'We use {browser} on {os}.', 'It was order {code}.', 'Yes, even after we {tried}.'];
export const TIER2_REQUESTS = ['Can level 2 confirm the customer configuration?', 'Please collect the client logs from the customer.', 'Need the customer contract details before the fix.'];
export const TIER2_ANSWERS = ['Configuration checked: standard setup, nothing custom.', 'Logs collected and attached.', 'Contract is premium; fix can go out as hotfix.'];
export const ESCALATIONS = [
  'Cannot solve at level 1: needs access to the server configuration.',
  'Reproducible bug, needs vendor support.',
  'Beyond first-level scope; needs an agent.',
  'Customer is blocked; please take over.',
  'Needs a database correction.',
];
export const ESCALATIONS_L3 = [
  'Looks like a product defect; needs engineering.',
  'Requires a code change.',
  'Data corruption suspected; engineering must check.',
  'Needs a hotfix release.',
];
export const HOLD_REASONS = ['Waiting for the hardware vendor.', 'Waiting for the release on {weekday}.', 'Waiting for the network team.', 'Third-party supplier is investigating.'];
