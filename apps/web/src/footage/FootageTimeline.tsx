import { Group, List, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Timeline } from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { spanOf, ticks } from './timeline';

const WIDTH = 1000;
const BAR_TOP = 8;
const BAR_HEIGHT = 40;
/** The narrowest mark (1 % of the line), so that a two-second motion stays visible on a phone. */
const MIN_MARK = 10;
const LINE_HEIGHT = BAR_TOP * 2 + BAR_HEIGHT;

const EVENT_COLOUR = '#1c6bb8';
const CLIP_COLOUR = '#0b7a3b';
const GAP_COLOUR = '#868e96';

/**
 * The camera's last day or week on one line: gaps shaded grey (their reason in a list below and in
 * each shade's title), events as blue marks, events with a stored clip as green marks that play the
 * clip (buttons for the keyboard and screen readers too). Ticks on the ward's whole hours or days.
 */
export function FootageTimeline({ timeline, days, onPlay }: { timeline: Timeline; days: 1 | 7; onPlay: (clipId: string) => void }) {
  const { t } = useTranslation('footage');
  const format = useFormat();
  const { timeZone } = useSettings();
  const from = new Date(timeline.from).getTime();
  const to = new Date(timeline.to).getTime();
  const x = (fraction: number) => fraction * WIDTH;
  const marks = ticks(from, to, days === 1 ? 6 : 24, timeZone);
  const label = (instant: number) => (days === 1 ? format.time(instant) : format.dayMonth(instant));
  const playable = timeline.events.filter((e) => e.clipId !== null && e.clipStatus === 'stored');
  const onKey = (clipId: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onPlay(clipId);
    }
  };

  return (
    <div>
      <Text size="sm" id="timeline-summary" mb={4}>
        {t('timeline.summary', {
          from: format.dateTime(timeline.from),
          to: format.dateTime(timeline.to),
          events: timeline.events.length,
          clips: playable.length,
          gaps: timeline.gaps.length,
        })}
      </Text>
      {/* The line stretches to the width it has and keeps its height (a phone's 328 px would otherwise
          scale it to a sliver); the tick labels are HTML below it, so they keep their size too. */}
      <svg
        viewBox={`0 0 ${WIDTH} ${LINE_HEIGHT}`}
        preserveAspectRatio="none"
        width="100%"
        height={LINE_HEIGHT}
        role="group"
        aria-labelledby="timeline-summary"
        className="timeline"
      >
        <rect
          x={0}
          y={BAR_TOP}
          width={WIDTH}
          height={BAR_HEIGHT}
          fill="#f1f3f5"
          stroke="#adb5bd"
          vectorEffect="non-scaling-stroke"
          aria-hidden="true"
        />
        {timeline.gaps.map((gap) => {
          const [a, b] = spanOf(gap, from, to);
          return (
            <rect key={gap.id} x={x(a)} y={BAR_TOP} width={Math.max(x(b) - x(a), 2)} height={BAR_HEIGHT} fill={GAP_COLOUR} opacity={0.55}>
              <title>{t(`gap.${gap.reason}`)}</title>
            </rect>
          );
        })}
        {timeline.events.map((event) => {
          const [a, b] = spanOf(event, from, to);
          const width = Math.max(x(b) - x(a), MIN_MARK);
          const clipId = event.clipStatus === 'stored' ? event.clipId : null;
          if (!clipId) {
            return (
              <rect key={event.id} x={x(a)} y={BAR_TOP + 8} width={width} height={BAR_HEIGHT - 16} fill={EVENT_COLOUR} aria-hidden="true" />
            );
          }
          const when = format.dateTime(event.startedAt);
          // Inside the line: a clip of the last seconds sits at its right end.
          const hitLeft = Math.max(0, Math.min(x(a), WIDTH - width) - 6);
          const hitRight = Math.min(WIDTH, hitLeft + width + 12);
          return (
            <g
              key={event.id}
              role="button"
              tabIndex={0}
              aria-label={t('timeline.playAt', { when })}
              onClick={() => onPlay(clipId)}
              onKeyDown={onKey(clipId)}
              className="timeline-clip"
            >
              {/* A taller invisible target than the mark, for fingers. */}
              <rect x={hitLeft} y={0} width={hitRight - hitLeft} height={BAR_TOP * 2 + BAR_HEIGHT} fill="transparent" />
              <rect x={Math.min(x(a), WIDTH - width)} y={BAR_TOP} width={width} height={BAR_HEIGHT} fill={CLIP_COLOUR} />
            </g>
          );
        })}
        {marks.map((tick) => (
          <g key={tick} aria-hidden="true">
            <line
              x1={x((tick - from) / (to - from))}
              x2={x((tick - from) / (to - from))}
              y1={BAR_TOP + BAR_HEIGHT}
              y2={LINE_HEIGHT}
              stroke="#495057"
              vectorEffect="non-scaling-stroke"
            />
          </g>
        ))}
      </svg>
      <div className="timeline-ticks" aria-hidden="true">
        {marks.map((tick) => (
          <span key={tick} style={{ left: `${((tick - from) / (to - from)) * 100}%` }}>
            {label(tick)}
          </span>
        ))}
      </div>
      <Group gap="md" mt={4} aria-hidden="true">
        <Legend colour={CLIP_COLOUR} text={t('timeline.legendClip')} />
        <Legend colour={EVENT_COLOUR} text={t('timeline.legendEvent')} />
        <Legend colour={GAP_COLOUR} text={t('timeline.legendGap')} />
      </Group>
      {timeline.truncated && (
        <Text size="sm" c="dimmed">
          {t('timeline.truncated')}
        </Text>
      )}
      {timeline.gaps.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('timeline.gapsTitle')}
          </Text>
          <List size="sm" spacing={2}>
            {timeline.gaps.map((gap) => (
              <List.Item key={gap.id}>
                {gap.endedAt
                  ? t('timeline.gapClosed', {
                      from: format.dateTime(gap.startedAt),
                      to: format.dateTime(gap.endedAt),
                      reason: t(`gap.${gap.reason}`),
                    })
                  : t('timeline.gapOpen', { from: format.dateTime(gap.startedAt), reason: t(`gap.${gap.reason}`) })}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </div>
  );
}

function Legend({ colour, text }: { colour: string; text: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <svg width="12" height="12" aria-hidden="true">
        <rect width="12" height="12" fill={colour} />
      </svg>
      <Text size="xs">{text}</Text>
    </Group>
  );
}
