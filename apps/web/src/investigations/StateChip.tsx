import './investigations.css';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FootageRequest, CameraRequestState } from '../api';

type State = CameraRequestState | FootageRequest['state'];

/**
 * A request's (or one camera's) state as a chip: the words always, a symbol before them, and a
 * coloured border last, so it reads the same without colour (print, colour blindness, a screen
 * reader). Dark text on white, whatever the state (axe color-contrast).
 */
const SYMBOL: Record<State, string> = {
  pending_supervisor: '…',
  pending_owner: '…',
  released: '✓',
  partially_released: '◐',
  declined: '✕',
  rejected: '✕',
  expired: '⌛',
  cancelled: '–',
};

export function StateChip({ state }: { state: State }) {
  const { t } = useTranslation('investigations');
  return (
    <Badge variant="default" radius="sm" tt="none" className="state-chip" data-state={state}>
      <span aria-hidden="true">{SYMBOL[state]} </span>
      {t(`requestState.${state}`)}
    </Badge>
  );
}
