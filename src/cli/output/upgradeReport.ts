// What a command says on stderr while it upgrades an older database: a line before, a long step's
// progress on a terminal (one line, rewritten at each whole percent), and a line after with the
// time it took. Scripts and logs get the two lines only.
import type { UpgradeProgress } from '../../app/createApp.js';

export function upgradeReporter(stream: NodeJS.WriteStream = process.stderr): (progress: UpgradeProgress) => void {
  let shown: number | undefined;
  return (progress) => {
    if (progress.phase === 'start') {
      const n = progress.migrations;
      stream.write(`ticketty: upgrading the database's schema (${n} migration${n === 1 ? '' : 's'}); a large helpdesk can take minutes…\n`);
    } else if (progress.phase === 'step') {
      if (!stream.isTTY) return;
      const percent = Math.floor((progress.done * 100) / Math.max(progress.total, 1));
      if (percent === shown) return;
      shown = percent;
      const count = `${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}`;
      stream.write(`\rticketty: ${progress.what}: ${percent}% (${count})${progress.done >= progress.total ? '\n' : ''}`);
      if (progress.done >= progress.total) shown = undefined;
    } else if (progress.phase === 'failed') {
      // The error's own line comes next: not at the end of a progress line.
      if (shown !== undefined) stream.write('\n');
      shown = undefined;
    } else {
      stream.write(`ticketty: schema upgraded in ${progress.seconds.toFixed(1)} s\n`);
    }
  };
}
