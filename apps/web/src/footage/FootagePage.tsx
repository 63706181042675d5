import { Button, Card, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { consentApi, footageApi, type OwnerClip } from '../api';
import { CameraPortalNav } from '../consent/CameraPortalNav';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { FootageTimeline } from './FootageTimeline';

interface Playing {
  clip: OwnerClip;
  url: string;
}

/**
 * A resident's own footage of one camera: the camera's health in plain words, a timeline of the
 * last day or week (events as marks, gaps shaded with their reason, clips clickable), and the clips
 * with a player. Each play asks the API for a short-lived link, which the access log records.
 */
export function FootagePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('footage');
  const format = useFormat();
  const [days, setDays] = useState<1 | 7>(1);
  const camera = useLoad(() => consentApi.camera(id), [id]);
  const timeline = useLoad(() => footageApi.timeline(id, days), [id, days]);
  const firstPage = useLoad(() => footageApi.clips(id), [id]);
  const [more, setMore] = useState<{ items: OwnerClip[]; next: string | null } | null>(null);
  const [playing, setPlaying] = useState<Playing | null>(null);
  const [playError, setPlayError] = useState<unknown>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const player = useRef<HTMLVideoElement>(null);

  const clips = [...(firstPage.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (firstPage.data?.next ?? null);

  // A clip that is still being made appears on its own: ask again every few seconds while one is.
  const making = clips.some((c) => c.status === 'capturing' || c.status === 'assembled');
  const { reload: reloadClips } = firstPage;
  const { reload: reloadTimeline } = timeline;
  useEffect(() => {
    const every = making || clips.length === 0 ? 5_000 : 30_000;
    const timer = window.setInterval(() => {
      reloadClips();
      reloadTimeline();
    }, every);
    return () => window.clearInterval(timer);
  }, [making, clips.length, reloadClips, reloadTimeline]);

  useEffect(() => {
    if (playing) player.current?.focus();
  }, [playing]);

  const play = async (clip: OwnerClip) => {
    setOpening(clip.id);
    setPlayError(null);
    try {
      const link = await footageApi.link(id, clip.id, 'clip');
      setPlaying({ clip, url: link.url });
    } catch (e) {
      setPlayError(e);
    } finally {
      setOpening(null);
    }
  };

  const playById = (clipId: string) => {
    const clip = clips.find((c) => c.id === clipId);
    if (clip) void play(clip);
  };

  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await footageApi.clips(id, next);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], next: page.next }));
    } catch (e) {
      setPlayError(e);
    }
  };

  if (camera.error) return <ErrorAlert error={camera.error} known={{ 'camera.not_yours': t('notYours'), 404: t('notYours') }} />;
  if (!camera.data) return <PageLoader />;
  const { camera: cam, consent } = camera.data;
  const keepsClips = consent?.state === 'given' && consent.purposes.includes('clips');

  return (
    <Stack maw={900}>
      <PageTitle>{t('title', { label: cam.label })}</PageTitle>
      <CameraPortalNav cameraId={id} />

      <Card withBorder padding="sm" component="section" aria-labelledby="health-title">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id="health-title">
            {t('health.title')}
          </Title>
          <Text fw={700} size="sm" className="status-text">
            {t(`health.badge.${cam.health}`)}
          </Text>
        </Group>
        <Text mt="xs">{t(`health.explain.${cam.health}`)}</Text>
        <Text size="sm" c="dimmed">
          {t('health.lastChecked', { when: format.dateTime(cam.lastProbedAt) })}
        </Text>
        {!keepsClips && (
          <Text size="sm" mt="xs">
            {t('noClipsConsent')} <Link to={`/cameras/${id}/consent`}>{t('changeConsent')}</Link>
          </Text>
        )}
      </Card>

      <section aria-labelledby="timeline-title">
        <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
          <Title order={2} size="h3" id="timeline-title">
            {t('timeline.title')}
          </Title>
          <SegmentedControl
            aria-label={t('timeline.period')}
            value={String(days)}
            onChange={(v) => setDays(v === '7' ? 7 : 1)}
            data={[
              { value: '1', label: t('timeline.day') },
              { value: '7', label: t('timeline.week') },
            ]}
          />
        </Group>
        {timeline.error ? <ErrorAlert error={timeline.error} /> : null}
        {timeline.data ? <FootageTimeline timeline={timeline.data} days={days} onPlay={playById} /> : !timeline.error && <PageLoader />}
      </section>

      <section aria-labelledby="player-title">
        <Title order={2} size="h3" id="player-title" mb="xs">
          {t('player.title')}
        </Title>
        <ErrorAlert error={playError} known={{ 'clip.not_found': t('player.gone') }} />
        {playing ? (
          <Stack gap={4}>
            <video
              ref={player}
              key={playing.url}
              src={playing.url}
              controls
              playsInline
              preload="auto"
              tabIndex={-1}
              className="clip-player"
              aria-label={t('player.label', { when: format.dateTime(playing.clip.startedAt ?? playing.clip.requestedFrom) })}
            />
            <Text size="sm" c="dimmed">
              {t('player.noSound')}
            </Text>
          </Stack>
        ) : (
          <Text c="dimmed">{t('player.choose')}</Text>
        )}
      </section>

      <section aria-labelledby="clips-title">
        <Title order={2} size="h3" id="clips-title" mb="xs">
          {t('clips.title')}
        </Title>
        {firstPage.error ? <ErrorAlert error={firstPage.error} /> : null}
        {firstPage.data && clips.length === 0 && <Text c="dimmed">{t('clips.empty')}</Text>}
        {!firstPage.data && !firstPage.error && <PageLoader />}
        <List listStyleType="none" spacing="sm" p={0} aria-live="polite">
          {clips.map((clip) => (
            <List.Item key={clip.id}>
              <Card withBorder padding="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div>
                    <Text fw={600}>{format.dateTime(clip.startedAt ?? clip.requestedFrom)}</Text>
                    <Text size="sm" c="dimmed">
                      {clip.durationMs !== null
                        ? t('clips.length', { length: format.seconds(clip.durationMs / 1000) })
                        : t(`clips.status.${clip.status}`)}
                      {' · '}
                      {clip.onHold ? t('clips.onHold') : t('clips.keptUntil', { when: format.date(clip.retainUntil) })}
                    </Text>
                  </div>
                  {clip.status === 'stored' ? (
                    <Button
                      size="sm"
                      variant={playing?.clip.id === clip.id ? 'filled' : 'default'}
                      loading={opening === clip.id}
                      onClick={() => void play(clip)}
                      aria-label={t('clips.playLabel', { when: format.dateTime(clip.startedAt ?? clip.requestedFrom) })}
                    >
                      {t('clips.play')}
                    </Button>
                  ) : (
                    <Text fw={700} size="sm" className="status-text">
                      {t(`clips.status.${clip.status}`)}
                    </Text>
                  )}
                </Group>
              </Card>
            </List.Item>
          ))}
        </List>
        {next && (
          <Button variant="default" mt="sm" onClick={() => void loadMore()}>
            {t('clips.more')}
          </Button>
        )}
      </section>
    </Stack>
  );
}
