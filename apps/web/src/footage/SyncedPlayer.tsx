import { Button, Group, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { investigationsApi, type ClipLink, type ListedLink, type ReleasedClip } from '../api';
import { useFormat } from '../i18n/format';
import { LinkRefusal } from '../investigations/LinkRefusal';
import { ErrorAlert } from '../ui/ErrorAlert';
import { advance, axisOf, fractionOf, instantAt, place, syncAction } from './sync';

/** How often playing videos are checked against the master clock (and the time shown). */
const TICK_MS = 200;
/** The scrubber's resolution: a thousand steps along the axis. */
const STEPS = 1000;
/** After a scrub every video is put exactly in place (not just within the drift tolerance). */
const SCRUB_TOLERANCE_S = 0.05;

/**
 * Released clips of several cameras played together on ONE time axis (sync.ts does the arithmetic):
 * one master clock, one play/pause, one scrubber. Each video follows the clock: re-synced when
 * more than DRIFT_TOLERANCE_S off, paused with "no footage at this moment" outside its clip. The
 * clock is the page's (performance.now), not any one video's, so a camera whose clip ends or has
 * not begun does not stop the others.
 */
export function SyncedPlayer({ clips, investigationId }: { clips: ReleasedClip[]; investigationId: string }) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const placed = useMemo(() => clips.map((c) => place(c)), [clips]);
  const axis = useMemo(() => axisOf(placed), [placed]);
  const videos = useRef<(HTMLVideoElement | null)[]>([]);
  const [sources, setSources] = useState<Record<string, ClipLink>>({});
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<ListedLink | null>(null);
  const [at, setAt] = useState<number>(() => axis?.start ?? 0);
  const [playing, setPlaying] = useState(false);
  const [outside, setOutside] = useState<boolean[]>([]);
  const clock = useRef({ at: axis?.start ?? 0, since: 0, playing: false });

  // One view link per clip (each audited), asked for when the clip joins the grid. Each is the API's
  // own URL: the video follows its redirect to the footage, and every opening is audited.
  useEffect(() => {
    let live = true;
    for (const clip of clips) {
      if (sources[clip.clipId]) continue;
      investigationsApi.clipLink(clip.clipId, investigationId, 'view').then(
        (link) => live && setSources((s) => ({ ...s, [clip.clipId]: link })),
        (e: unknown) => live && setError(e),
      );
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clips, investigationId]);

  /** The master clock's instant now. */
  const now = useCallback(() => {
    const c = clock.current;
    return c.playing && axis ? advance(axis, c.at, performance.now() - c.since) : c.at;
  }, [axis]);

  /** Every video to where the clock says, playing or paused as the clock is. */
  const follow = useCallback(
    (instant: number, tolerance?: number) => {
      const hidden = placed.map((clip, i) => {
        const video = videos.current[i];
        if (!video) return true;
        const action = syncAction(clip, instant, video.currentTime, tolerance);
        if (action.kind === 'hide') {
          if (!video.paused) video.pause();
          return true;
        }
        if (action.kind === 'seek') video.currentTime = action.time;
        if (clock.current.playing && video.paused) void video.play().catch(() => undefined);
        if (!clock.current.playing && !video.paused) video.pause();
        return false;
      });
      setOutside((old) => (old.length === hidden.length && old.every((v, i) => v === hidden[i]) ? old : hidden));
    },
    [placed],
  );

  // While playing: the clock runs, the videos follow, the time shows; at the end, stop.
  useEffect(() => {
    if (!playing || !axis) return;
    const timer = window.setInterval(() => {
      const instant = now();
      setAt(instant);
      follow(instant);
      if (instant >= axis.end) {
        clock.current = { at: axis.end, since: performance.now(), playing: false };
        setPlaying(false);
        follow(axis.end, SCRUB_TOLERANCE_S);
      }
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [playing, axis, now, follow]);

  // New clips (a changed selection), or their links arriving: put them in place.
  useEffect(() => {
    follow(clock.current.at, SCRUB_TOLERANCE_S);
  }, [sources, follow]);

  /** A video that cannot load: its link's status says why (revoked, expired, ...), shown above the grid. */
  const videoFailed = (link: ClipLink | undefined) => {
    if (!link) return;
    investigationsApi.linkStatus(link.id).then(
      (status) => status.refusal && setRefused(status),
      (e: unknown) => setError(e),
    );
  };

  if (!axis) return <Text c="dimmed">{t('footage.empty')}</Text>;

  const toggle = () => {
    const instant = now();
    const starting = !clock.current.playing;
    // Played to the end: play again from the start.
    const from = starting && instant >= axis.end ? axis.start : instant;
    clock.current = { at: from, since: performance.now(), playing: starting };
    setPlaying(starting);
    setAt(from);
    follow(from, SCRUB_TOLERANCE_S);
  };

  const scrub = (fraction: number) => {
    const instant = instantAt(axis, fraction);
    clock.current = { ...clock.current, at: instant, since: performance.now() };
    setAt(instant);
    follow(instant, SCRUB_TOLERANCE_S);
  };

  const when = format.time(at);
  const seconds = new Date(at).toISOString().slice(17, 19);
  const label = `${when}:${seconds}`;

  return (
    <Stack gap="sm">
      <ErrorAlert error={error} />
      {refused && <LinkRefusal link={refused} />}
      <div className="sync-grid">
        {clips.map((clip, i) => (
          <figure key={clip.clipId} style={{ margin: 0 }}>
            <div className="sync-cell">
              <video
                ref={(el) => {
                  videos.current[i] = el;
                }}
                src={sources[clip.clipId]?.url}
                preload="auto"
                muted
                playsInline
                data-clip={clip.clipId}
                data-start={placed[i]?.start ?? ''}
                aria-label={t('player.video', { camera: clip.camera.label, from: clip.startedAt ? format.dateTime(clip.startedAt) : '' })}
                onLoadedMetadata={() => follow(now(), SCRUB_TOLERANCE_S)}
                onError={() => videoFailed(sources[clip.clipId])}
              />
              <div className="sync-no-footage" hidden={!(outside[i] ?? false)} data-testid="no-footage">
                {sources[clip.clipId] ? t('footage.noFootage') : t('footage.loading')}
              </div>
            </div>
            <figcaption className="sync-label">{clip.camera.label}</figcaption>
          </figure>
        ))}
      </div>
      <Group gap="sm" wrap="nowrap" align="center">
        <Button onClick={toggle} miw={110}>
          {playing ? t('footage.pause') : t('footage.play')}
        </Button>
        <input
          type="range"
          className="scrubber"
          min={0}
          max={STEPS}
          step={1}
          value={Math.round(fractionOf(axis, at) * STEPS)}
          aria-label={t('footage.scrubber')}
          aria-valuetext={label}
          data-at={Math.round(at)}
          onChange={(e) => scrub(Number(e.currentTarget.value) / STEPS)}
        />
      </Group>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" aria-live="off" fw={600}>
          {t('footage.now', { when: label })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('footage.span', { from: format.dateTime(new Date(axis.start)), to: format.dateTime(new Date(axis.end)) })}
        </Text>
      </Group>
    </Stack>
  );
}
