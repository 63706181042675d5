import { ActionIcon, Button, Group, Text } from '@mantine/core';
import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraHit, SearchEvent } from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { initialZoom, markKind, position, scrollToCentre, spanOf, tickStep, wardTicks, ZOOMS } from './timeline';

export interface TimelineProps {
  cameras: CameraHit[];
  from: number;
  to: number;
  /** The searched moment: the cursor, and where the line is scrolled when it opens. */
  at: number;
  highlightId: string | null;
  onHighlight: (cameraId: string | null) => void;
  onOpenEvent: (camera: CameraHit, event: SearchEvent) => void;
  selectedEventId: string | null;
}

/** Whether the camera's view cone reaches into the searched area (area searches rank these first). */
const viewCovers = (camera: CameraHit): boolean => Boolean((camera as { coverage?: { viewCovers?: boolean } }).coverage?.viewCovers);

const GAP_REASONS = ['offline', 'subscription_lost', 'stream_lost', 'auth_failed', 'no_worker', 'no_capacity', 'network_refused'] as const;

/**
 * Every camera of the result on one time axis, in the ward's time zone: a row each (label, address,
 * health), events as marks (motion a bar, analytics a diamond: shape, not colour alone; a dot above
 * when a clip exists), gaps shaded with their reason, and a cursor at the searched moment. Opens
 * zoomed so about two hours fill the view and scrolled to the cursor. Keyboard: Tab reaches each
 * row's marks, the arrow keys move between them, Enter opens one; + and - zoom.
 */
export function CameraTimeline({ cameras, from, to, at, highlightId, onHighlight, onOpenEvent, selectedEventId }: TimelineProps) {
  const { t } = useTranslation('search');
  const format = useFormat();
  const { timeZone } = useSettings();
  const [zoom, setZoom] = useState(() => initialZoom(to - from));
  const scroller = useRef<HTMLDivElement>(null);
  const [viewWidth, setViewWidth] = useState(800);
  const cueFraction = position(at, from, to);
  const pendingCentre = useRef<number | null>(cueFraction);

  // Cued: scrolled so the searched moment is in the middle, on opening and after each zoom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewWidth(el.clientWidth);
    if (pendingCentre.current !== null) {
      el.scrollLeft = scrollToCentre(pendingCentre.current, el.scrollWidth, el.clientWidth);
      pendingCentre.current = null;
    }
  }, [zoom, cameras.length]);

  // A new search opens cued to its moment again.
  useLayoutEffect(() => {
    pendingCentre.current = cueFraction;
    const el = scroller.current;
    if (el) el.scrollLeft = scrollToCentre(cueFraction, el.scrollWidth, el.clientWidth);
  }, [from, to, at, cueFraction]);

  // The benchmark's and the browser test's sign that the timeline is on screen: after the next paint
  // (a frame, then a task: the frame's paint comes between them).
  useLayoutEffect(() => {
    if (cameras.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark('timeline:drawn'), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [cameras]);

  const zoomTo = (next: number) => {
    const el = scroller.current;
    // Keep the middle of the view where it is.
    pendingCentre.current = el ? (el.scrollLeft + el.clientWidth / 2) / el.scrollWidth : cueFraction;
    setZoom(next);
  };
  const zoomIndex = ZOOMS.indexOf(zoom as (typeof ZOOMS)[number]);
  const zoomIn = () => zoomIndex < ZOOMS.length - 1 && zoomTo(ZOOMS[zoomIndex + 1]);
  const zoomOut = () => zoomIndex > 0 && zoomTo(ZOOMS[zoomIndex - 1]);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      zoomIn();
    } else if (event.key === '-') {
      event.preventDefault();
      zoomOut();
    }
  };
  const backToCue = () => {
    const el = scroller.current;
    if (el) el.scrollLeft = scrollToCentre(cueFraction, el.scrollWidth, el.clientWidth);
  };

  const step = tickStep(to - from, viewWidth * zoom);
  const ticks = wardTicks(from, to, step, timeZone);
  const pct = (fraction: number) => `${fraction * 100}%`;

  return (
    <section aria-labelledby="timeline-title" className="ct" onKeyDown={onKey}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb={4}>
        <Text id="timeline-title" fw={700} component="h2" size="lg">
          {t('timeline.title', { count: cameras.length })}
        </Text>
        <Group gap={4}>
          <Button variant="default" size="xs" onClick={backToCue}>
            {t('timeline.backToCue', { time: format.time(at) })}
          </Button>
          <ActionIcon variant="default" size="lg" onClick={zoomOut} disabled={zoomIndex <= 0} aria-label={t('timeline.zoomOut')}>
            <span aria-hidden="true">−</span>
          </ActionIcon>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={zoomIn}
            disabled={zoomIndex >= ZOOMS.length - 1}
            aria-label={t('timeline.zoomIn')}
          >
            <span aria-hidden="true">+</span>
          </ActionIcon>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" mb={4}>
        {t('timeline.window', { from: format.dateTime(new Date(from)), to: format.time(to), zone: timeZone })}
      </Text>
      <div className="ct-grid">
        <div className="ct-labels">
          <div className="ct-axis-spacer" />
          {cameras.map((camera) => (
            <div
              key={camera.id}
              className={camera.id === highlightId ? 'ct-label ct-row-highlight' : 'ct-label'}
              onMouseEnter={() => onHighlight(camera.id)}
              onMouseLeave={() => onHighlight(null)}
            >
              <Text size="sm" fw={600} truncate="end" id={`ct-label-${camera.id}`}>
                {camera.label}
              </Text>
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed" truncate="end">
                  {`${camera.address.houseNumber} ${camera.address.street}`}
                </Text>
                <span className={camera.health === 'online' ? 'ct-health ct-health-online' : 'ct-health ct-health-problem'}>
                  {t(`health.${camera.health}`, { defaultValue: camera.health })}
                </span>
                {viewCovers(camera) && <span className="ct-covers">{t('timeline.covers')}</span>}
              </Group>
            </div>
          ))}
        </div>
        <div
          ref={scroller}
          className="ct-scroll"
          role="group"
          aria-label={t('timeline.axisLabel')}
          onScroll={(e) => setViewWidth((e.target as HTMLDivElement).clientWidth)}
        >
          <div className="ct-inner" style={{ width: `${zoom * 100}%` }}>
            <div className="ct-axis" aria-hidden="true">
              {ticks.map((tick) => (
                <span key={tick} className="ct-tick" style={{ left: pct(position(tick, from, to)) }}>
                  {format.time(tick)}
                </span>
              ))}
            </div>
            {cameras.map((camera) => (
              <Lane
                key={camera.id}
                camera={camera}
                from={from}
                to={to}
                highlighted={camera.id === highlightId}
                onHighlight={onHighlight}
                onOpen={(event) => onOpenEvent(camera, event)}
                selectedEventId={selectedEventId}
              />
            ))}
            <div className="ct-cursor" style={{ left: pct(cueFraction) }} data-at={new Date(at).toISOString()}>
              <span className="ct-cursor-label">{format.time(at)}</span>
            </div>
          </div>
        </div>
      </div>
      <Group gap="md" mt="xs" className="ct-legend" aria-label={t('legend.label')} role="group">
        <LegendItem className="ct-mark ct-motion" text={t('legend.motion')} />
        <LegendItem className="ct-mark ct-analytics" text={t('legend.analytics')} />
        <LegendItem className="ct-mark ct-motion ct-has-clip" text={t('legend.clip')} />
        {GAP_REASONS.map((reason) => (
          <LegendItem key={reason} className={`ct-gap ct-gap-${reason}`} text={t(`gap.${reason}`)} />
        ))}
        <LegendItem className="ct-legend-cursor" text={t('legend.cursor')} />
      </Group>
    </section>
  );
}

function LegendItem({ className, text }: { className: string; text: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span className={`ct-legend-swatch ${className}`} aria-hidden="true" />
      <Text size="xs">{text}</Text>
    </Group>
  );
}

interface LaneProps {
  camera: CameraHit;
  from: number;
  to: number;
  highlighted: boolean;
  onHighlight: (id: string | null) => void;
  onOpen: (event: SearchEvent) => void;
  selectedEventId: string | null;
}

/** One camera's row: its gaps, its events as marks (one Tab stop, arrows between marks). */
function Lane({ camera, from, to, highlighted, onHighlight, onOpen, selectedEventId }: LaneProps) {
  const { t } = useTranslation('search');
  const format = useFormat();
  const [active, setActive] = useState(0);
  const marks = useRef<(HTMLButtonElement | null)[]>([]);
  const events = camera.events;
  const move = (event: KeyboardEvent, index: number) => {
    let next = index;
    if (event.key === 'ArrowRight') next = Math.min(events.length - 1, index + 1);
    else if (event.key === 'ArrowLeft') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = events.length - 1;
    else return;
    event.preventDefault();
    setActive(next);
    marks.current[next]?.focus();
  };
  const summary = t('timeline.rowSummary', { count: events.length, gaps: camera.gaps.length, camera: camera.label });

  return (
    <div
      className={highlighted ? 'ct-lane ct-row-highlight' : 'ct-lane'}
      role="group"
      aria-label={summary}
      onMouseEnter={() => onHighlight(camera.id)}
      onMouseLeave={() => onHighlight(null)}
      onFocus={() => onHighlight(camera.id)}
      data-camera-id={camera.id}
    >
      {camera.gaps.map((gap, i) => {
        const [a, b] = spanOf(gap, from, to);
        const reason = t(`gap.${gap.reason}`, { defaultValue: gap.reason });
        const text = gap.endedAt
          ? t('timeline.gapClosed', { reason, from: format.time(gap.startedAt), to: format.time(gap.endedAt) })
          : t('timeline.gapOpen', { reason, from: format.time(gap.startedAt) });
        return (
          <div
            key={i}
            className={`ct-gap ct-gap-${gap.reason}`}
            style={{ left: `${a * 100}%`, width: `${Math.max(b - a, 0.002) * 100}%` }}
            title={text}
          >
            <span className="visually-hidden">{text}</span>
          </div>
        );
      })}
      {events.map((event, i) => {
        const [a, b] = spanOf(event, from, to);
        const kind = markKind(event.kind);
        const label = t('timeline.eventLabel', {
          kind: t(`kind.${kind}`),
          from: format.time(event.startedAt),
          clip: event.hasClip ? t('timeline.withClip') : t('timeline.withoutClip'),
        });
        const classes = ['ct-mark', `ct-${kind}`, event.hasClip ? 'ct-has-clip' : '', event.id === selectedEventId ? 'ct-selected' : '']
          .filter(Boolean)
          .join(' ');
        return (
          <button
            key={event.id}
            type="button"
            ref={(el) => {
              marks.current[i] = el;
            }}
            className={classes}
            style={{ left: `${a * 100}%`, width: kind === 'analytics' ? undefined : `max(8px, ${(b - a) * 100}%)` }}
            tabIndex={i === active ? 0 : -1}
            aria-label={label}
            aria-pressed={event.id === selectedEventId}
            data-kind={kind}
            onClick={() => {
              setActive(i);
              onOpen(event);
            }}
            onKeyDown={(e) => move(e, i)}
          />
        );
      })}
      {events.length === 0 && <span className="visually-hidden">{t('timeline.noEvents')}</span>}
    </div>
  );
}
