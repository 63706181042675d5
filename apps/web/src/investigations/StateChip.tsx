import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FootageRequest, CameraRequestState } from '../api';

type State = CameraRequestState | FootageRequest['state'];

/**
 * A request's (or one camera's) state as a chip: the words always, a symbol before them, and a
 * colour last, so it reads the same without colour (print, colour blindness, a screen reader).
 */
const LOOK: Record<State, { symbol: string; color: string; variant: 'light' | 'outline' | 'filled' }> = {
  pending_supervisor: { symbol: '…', color: 'yellow', variant: 'outline' },
  pending_owner: { symbol: '…', color: 'blue', variant: 'outline' },
  released: { symbol: '✓', color: 'green', variant: 'light' },
  partially_released: { symbol: '◐', color: 'teal', variant: 'light' },
  declined: { symbol: '✕', color: 'red', variant: 'light' },
  rejected: { symbol: '✕', color: 'red', variant: 'light' },
  expired: { symbol: '⌛', color: 'gray', variant: 'light' },
  cancelled: { symbol: '–', color: 'gray', variant: 'light' },
};

export function StateChip({ state }: { state: State }) {
  const { t } = useTranslation('investigations');
  const look = LOOK[state];
  return (
    <Badge color={look.color} variant={look.variant} radius="sm" tt="none" className="state-chip" data-state={state}>
      <span aria-hidden="true">{look.symbol} </span>
      {t(`requestState.${state}`)}
    </Badge>
  );
}
