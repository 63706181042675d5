import './investigations.css';
import { Anchor, Checkbox, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { investigationsApi } from '../api';
import { SyncedPlayer } from '../footage/SyncedPlayer';
import { defaultSelection } from '../footage/sync';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';

/** At most this many cameras play together (a 3 × 3 grid). */
export const MAX_SYNCED = 9;

/** The investigation's released clips on one timeline: choose up to nine (the first nine cameras by default), then play them together. */
export function SyncedFootagePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const investigation = useLoad(() => investigationsApi.get(id), [id]);
  const clips = useLoad(() => investigationsApi.clips(id), [id]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const all = useMemo(() => clips.data ?? [], [clips.data]);
  useEffect(() => {
    if (clips.data && chosen === null) setChosen(defaultSelection(clips.data, MAX_SYNCED));
  }, [clips.data, chosen]);
  const selected = useMemo(() => all.filter((c) => chosen?.includes(c.clipId)), [all, chosen]);

  if (investigation.error || clips.error) return <ErrorAlert error={investigation.error ?? clips.error} />;
  if (!investigation.data || !clips.data || chosen === null) return <PageLoader />;

  return (
    <Stack maw={1200}>
      <Anchor component={Link} to={`/investigations/${id}`} size="sm">
        {t('request.back')}
      </Anchor>
      <PageTitle>{t('footage.title', { caseNumber: investigation.data.caseNumber })}</PageTitle>
      <Text>{t('footage.intro', { max: MAX_SYNCED })}</Text>
      {all.length === 0 ? (
        <Text c="dimmed">{t('footage.empty')}</Text>
      ) : (
        <>
          <Checkbox.Group
            label={t('footage.pick', { max: MAX_SYNCED })}
            value={chosen}
            onChange={(value) => setChosen(value.slice(0, MAX_SYNCED))}
            description={chosen.length >= MAX_SYNCED ? t('footage.tooMany', { max: MAX_SYNCED }) : undefined}
          >
            <Stack gap={4} mt="xs">
              {all.map((clip) => (
                <Checkbox
                  key={clip.clipId}
                  value={clip.clipId}
                  disabled={!chosen.includes(clip.clipId) && chosen.length >= MAX_SYNCED}
                  label={t('footage.pickClip', { camera: clip.camera.label, from: clip.startedAt ? format.dateTime(clip.startedAt) : '' })}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <SyncedPlayer clips={selected} investigationId={id} />
        </>
      )}
    </Stack>
  );
}
