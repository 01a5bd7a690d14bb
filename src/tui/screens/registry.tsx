// The screens, by route. To add one: a route variant here and its component in `ScreenView`.
// The shell keeps a stack of routes; screens below the top stay mounted (state kept) but hidden.
import React from 'react';
import { QueueScreen } from './queue/QueueScreen.js';
import { TicketScreen } from './ticket/TicketScreen.js';
import { EscalationScreen, type EscalationRoute } from './escalation/EscalationScreen.js';
import { ReportsScreen } from './reports/ReportsScreen.js';
import { CreateTicketScreen } from './create/CreateTicketScreen.js';

export type ScreenRoute = { name: 'queue' } | { name: 'ticket'; id: number } | EscalationRoute | { name: 'reports' } | { name: 'create' };

/** `active`: takes keys (on top, no overlay); `shown`: on top of the stack (an overlay may cover part of it). */
export function ScreenView({ route, active, shown }: { route: ScreenRoute; active: boolean; shown: boolean }) {
  switch (route.name) {
    case 'queue':
      return <QueueScreen active={active} shown={shown} />;
    case 'ticket':
      return <TicketScreen id={route.id} active={active} />;
    case 'escalation':
      return <EscalationScreen route={route} active={active} />;
    case 'reports':
      return <ReportsScreen active={active} />;
    case 'create':
      return <CreateTicketScreen active={active} />;
  }
}
