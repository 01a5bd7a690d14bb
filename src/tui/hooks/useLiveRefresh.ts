// Live refresh: polls the store's change token (PRAGMA data_version: one cheap pragma) and bumps
// a generation when another process committed, or when the clock crossed a minute (countdowns).
import { useEffect, useRef } from 'react';
import type { App } from '../../app/createApp.js';
import { changeToken } from '../../app/tickets/queuePage.js';

export const LIVE_POLL_MS = 400;

export function useLiveRefresh(app: App, onChange: () => void, onError: (error: unknown) => void, pollMs = LIVE_POLL_MS): void {
  const latest = useRef({ onChange, onError });
  latest.current = { onChange, onError };
  useEffect(() => {
    let token = changeToken(app);
    let minute = Math.floor(app.nowMs() / 60_000);
    const timer = setInterval(() => {
      try {
        const next = changeToken(app);
        const nextMinute = Math.floor(app.nowMs() / 60_000);
        if (next !== token || nextMinute !== minute) {
          token = next;
          minute = nextMinute;
          latest.current.onChange();
        }
      } catch (error) {
        latest.current.onError(error);
      }
    }, pollMs);
    return () => clearInterval(timer);
  }, [app, pollMs]);
}
