// The queue's batch action (issue 8): on the selected tickets, pick a change, give what it needs,
// see the preview (how many will change, which are refused and why, a sample) and confirm; the
// run commits in short chunks with one batch id, showing progress in the status line.
import { useRef } from 'react';
import { listMacros } from '../../../app/tickets/macros.js';
import {
  previewSelection,
  runSelection,
  selectionSpec,
  type SelectionChange,
  type SelectionTarget,
} from '../../../app/batch/batchSelection.js';
import type { BatchPreview } from '../../../app/batch/batch.js';
import { PRIORITIES } from '../../../domain/types.js';
import type { Binding } from '../../keymap/KeyRouter.js';
import type { Shell } from '../../shell/ShellContext.js';
import { splitWords } from '../ticket/actionTable.js';
import { BATCH_MENU_VERBS, takesList, verbRecord, type BatchAsk } from '../../../domain/verbs.js';

interface BatchAction {
  value: string;
  label: string;
  ask: BatchAsk;
  change(text: string): SelectionChange;
}

/** The menu: the catalogue's batch-menu verbs (domain/verbs.ts), each as the change of its verb. */
const BATCH_ACTIONS: readonly BatchAction[] = BATCH_MENU_VERBS.map((verb) => {
  const { label, ask } = verbRecord(verb).batchMenu!;
  return { value: verb, label, ask, change: (t) => ({ [verb]: takesList(verb) ? splitWords(t) : t }) as SelectionChange };
});

/** The selection: tickets picked with space, or the whole view (`*`) by its filter and count. */
export type BatchTarget = { ids: ReadonlySet<number> } | { where: string | undefined; count: number | null };

export function useBatchMenu(shell: Shell, target: BatchTarget, clearSelection: () => void): Binding {
  const running = useRef(false);
  const selection: SelectionTarget = 'ids' in target ? [...target.ids] : { where: target.where };
  const count = 'ids' in target ? target.ids.size : (target.count ?? 0);

  const preview = async (action: BatchAction, text: string) => {
    const { app, actor } = shell;
    try {
      const spec = selectionSpec(app, actor, action.change(text), selection);
      const p = await previewSelection(app, actor, spec);
      const what = `${action.label}${text ? ` ${text}` : ''}`;
      const lines = [
        `${p.selected} selected · ${p.permitted} will change · ${p.refused.count} refused · ${p.alreadyClosed} closed (left alone)`,
        ...p.refused.examples.map((r) => `  refused #${r.id}: ${r.reason}`),
        p.sample.length ? 'for example:' : 'nothing to change',
        ...p.sample.map((t) => `  #${t.id} ${t.priority} ${t.status.toUpperCase()} L${t.level} ${t.subject}`),
      ];
      shell.overlay.open({
        kind: 'confirm',
        confirm: {
          title: `Batch: ${what}`,
          tone: 'warning',
          lines,
          question: p.permitted
            ? `Apply to ${p.permitted} ticket${p.permitted === 1 ? '' : 's'}? y/enter applies · n/esc cancels`
            : 'Nothing to apply. esc closes',
          ...(p.permitted ? { onYes: () => void run(spec, what, p) } : {}),
        },
      });
    } catch (error) {
      shell.status.error(error);
    }
  };

  const run = async (spec: ReturnType<typeof selectionSpec>, what: string, after: BatchPreview) => {
    running.current = true;
    try {
      const result = await runSelection(shell.app, shell.actor, spec, {
        after,
        onProgress: (p) => shell.status.ran(`batch ${what}: ${p.processed}/${p.total} (${p.changed} changed, ${p.refused} refused)…`),
      });
      clearSelection();
      shell.refresh();
      const refused = result.refused.count
        ? `, ${result.refused.count} refused (e.g. #${result.refused.examples[0]!.id}: ${result.refused.examples[0]!.reason})`
        : '';
      shell.status.ran(`batch ${result.batchId.slice(0, 8)} ${what}: ${result.changed} changed${refused}`);
    } catch (error) {
      shell.status.error(error);
    } finally {
      running.current = false;
    }
  };

  const askFor = (action: BatchAction) => {
    const { ask } = action;
    const title = `${action.label} on ${count} selected`;
    if (ask.kind === 'choice' && ask.list === 'priority') {
      shell.overlay.open({
        kind: 'choice',
        choice: { title, items: PRIORITIES.map((p) => ({ value: p, label: p })), onPick: (v) => preview(action, v) },
      });
    } else if (ask.kind === 'choice') {
      try {
        const items = listMacros(shell.app, shell.actor).map((m) => ({ value: m.name, label: m.name }));
        shell.overlay.open({ kind: 'choice', choice: { title, items, onPick: (v) => preview(action, v) } });
      } catch (error) {
        shell.status.error(error);
      }
    } else {
      shell.overlay.open({
        kind: 'prompt',
        prompt: {
          label: ask.label,
          initial: ask.initial ?? '',
          hint: `${ask.hint} · ${count} selected · enter previews · esc cancels`,
          onSubmit: (t) => preview(action, t),
        },
      });
    }
  };

  return {
    command: 'queue.batch',
    disabled: running.current
      ? 'a batch is running'
      : 'count' in target && target.count === null
        ? 'the view is still being counted: try again in a moment'
        : count === 0
          ? 'select tickets with space first (or the whole view with *)'
          : null,
    run: () =>
      shell.overlay.open({
        kind: 'choice',
        choice: {
          title: `Batch action on ${count} selected ticket${count === 1 ? '' : 's'}`,
          items: BATCH_ACTIONS.map((a) => ({ value: a.value, label: a.label })),
          onPick: (value) => askFor(BATCH_ACTIONS.find((a) => a.value === value)!),
        },
      }),
  };
}
