import { Alert, Badge, Button, Card, Checkbox, Group, List, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { consentApi, type Consent, type ConsentPurpose, type ConsentTerms, type NoticeLanguage, type SharingMode } from '../api';
import { useFormat } from '../i18n/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { CameraPortalNav } from './CameraPortalNav';

const PURPOSES: readonly ConsentPurpose[] = ['event_metadata', 'clips', 'police_search'];
const RETENTION_CHOICES = [3, 7, 14, 30] as const;
const SHARING_MODES: readonly SharingMode[] = ['ask', 'auto_release'];

/** The API has the notice in Vietnamese and English; a Hmong reader gets the draft Hmong summary and the Vietnamese notice. */
const noticeLanguageFor = (language: string): NoticeLanguage => (language === 'en' ? 'en' : 'vi');

interface Choices {
  purposes: ConsentPurpose[];
  retentionDays: number;
  sharingMode: SharingMode;
  limitHours: boolean;
  from: string;
  to: string;
}

const DEFAULT_CHOICES: Choices = { purposes: [], retentionDays: 7, sharingMode: 'ask', limitHours: false, from: '22:00', to: '06:00' };

const choicesOf = (consent: Consent | null): Choices =>
  consent
    ? {
        purposes: [...consent.purposes],
        retentionDays: consent.retentionDays,
        sharingMode: consent.sharingMode,
        limitHours: consent.activeHours !== null,
        from: consent.activeHours?.from ?? DEFAULT_CHOICES.from,
        to: consent.activeHours?.to ?? DEFAULT_CHOICES.to,
      }
    : DEFAULT_CHOICES;

/**
 * What a resident shares from one camera: the notice in their language, each purpose chosen on its
 * own, how long footage is kept, how police requests are answered, the hours; the versions so far;
 * pause, resume and withdraw. It is also the last step of enrolment: a camera waits (`pending`)
 * until its first consent is saved here.
 */
export function ConsentPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['consent', 'outreach']);
  const format = useFormat();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const noticeLanguage = noticeLanguageFor(language);

  const camera = useLoad(() => consentApi.camera(id), [id]);
  const history = useLoad(() => consentApi.history(id), [id]);
  const notice = useLoad(() => consentApi.notice(noticeLanguage), [noticeLanguage]);

  const current = camera.data?.consent ?? null;
  const [choices, setChoices] = useState<Choices>(DEFAULT_CHOICES);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // The form starts from the version in force (or nothing chosen, for a first consent).
  const currentVersion = current?.version ?? 0;
  useEffect(() => {
    setChoices(choicesOf(current));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, currentVersion]);

  const refresh = () => {
    camera.reload();
    history.reload();
  };

  const act = async (what: string, run: () => Promise<unknown>, message: string) => {
    setBusy(what);
    setError(null);
    setDone(null);
    try {
      await run();
      setDone(message);
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const togglePurpose = (purpose: ConsentPurpose, on: boolean) =>
    setChoices((c) => {
      // Clips and police search build on event metadata: without it, neither can be kept.
      if (purpose === 'event_metadata' && !on) return { ...c, purposes: [] };
      const next = on ? [...new Set([...c.purposes, purpose, 'event_metadata' as const])] : c.purposes.filter((p) => p !== purpose);
      return { ...c, purposes: PURPOSES.filter((p) => next.includes(p)) };
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (choices.purposes.length === 0) return setProblem(t('form.nothingChosen'));
    if (choices.limitHours && (!/^\d{2}:\d{2}$/.test(choices.from) || !/^\d{2}:\d{2}$/.test(choices.to) || choices.from === choices.to))
      return setProblem(t('form.badHours'));
    if (!notice.data) return setProblem(t('form.noticeMissing'));
    const terms: ConsentTerms = {
      purposes: choices.purposes,
      retentionDays: choices.retentionDays,
      sharingMode: choices.sharingMode,
      activeHours: choices.limitHours ? { from: choices.from, to: choices.to } : null,
      noticeVersion: notice.data.version,
      noticeLanguage: notice.data.language,
      method: 'web',
    };
    void act('save', () => consentApi.give(id, terms), current ? t('done.changed') : t('done.given'));
  };

  if (camera.error) return <ErrorAlert error={camera.error} known={{ 'camera.not_yours': t('notYours'), 404: t('notYours') }} />;
  if (!camera.data) return <PageLoader />;

  const { camera: cam } = camera.data;
  const withdrawn = current?.state === 'withdrawn' || cam.lifecycle === 'withdrawn';
  const known = {
    'consent.retention_too_long': t('errors.retentionTooLong'),
    'consent.purposes_inconsistent': t('errors.purposesInconsistent'),
    'consent.invalid_transition': t('errors.invalidTransition'),
    'camera.withdrawn': t('errors.withdrawn'),
    'validation.failed': t('errors.checkFields'),
  };

  return (
    <Stack maw={720}>
      <PageTitle>{t('title', { label: cam.label })}</PageTitle>
      <CameraPortalNav cameraId={id} />

      <Card withBorder padding="sm" aria-labelledby="consent-state-title" component="section">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id="consent-state-title">
            {t('state.title')}
          </Title>
          <Text fw={700} size="sm" className="status-text">
            {t(`state.badge.${current?.state ?? 'none'}`)}
          </Text>
        </Group>
        <Text mt="xs">{t(`state.explain.${current?.state ?? 'none'}`)}</Text>
        {current && <Text size="sm">{t('state.since', { when: format.dateTime(current.givenAt), version: current.version })}</Text>}
      </Card>

      <div aria-live="polite">
        {done && (
          <Alert color="green" role="status" variant="light">
            {done}
            {cam.lifecycle !== 'withdrawn' && (
              <>
                {' '}
                <Link to={`/cameras/${id}/footage`}>{t('done.seeFootage')}</Link>
              </>
            )}
          </Alert>
        )}
      </div>
      <ErrorAlert error={error} known={known} />

      {current && !withdrawn && (
        <Card withBorder padding="sm" component="section" aria-labelledby="consent-actions-title">
          <Title order={2} size="h4" id="consent-actions-title" mb="xs">
            {t('actions.title')}
          </Title>
          <Stack gap="sm">
            {current.state === 'given' ? (
              <div>
                <Text size="sm" mb={4}>
                  {t('actions.pauseExplain')}
                </Text>
                <Button
                  variant="default"
                  loading={busy === 'pause'}
                  onClick={() => void act('pause', () => consentApi.pause(id), t('done.paused'))}
                >
                  {t('actions.pause')}
                </Button>
              </div>
            ) : (
              <div>
                <Text size="sm" mb={4}>
                  {t('actions.resumeExplain')}
                </Text>
                <Button loading={busy === 'resume'} onClick={() => void act('resume', () => consentApi.resume(id), t('done.resumed'))}>
                  {t('actions.resume')}
                </Button>
              </div>
            )}
            <WithdrawControl
              busy={busy === 'withdraw'}
              onWithdraw={() => void act('withdraw', () => consentApi.withdraw(id), t('done.withdrawn'))}
            />
          </Stack>
        </Card>
      )}

      {withdrawn ? (
        <Alert color="gray" variant="light">
          {t('withdrawnFinal')}
        </Alert>
      ) : (
        <>
          <section aria-labelledby="notice-title">
            <Title order={2} size="h3" id="notice-title" mb="xs">
              {t('outreach:consentNotice.title')}
            </Title>
            <Stack gap="xs">
              <Text>{t('outreach:consentNotice.summary')}</Text>
              {language === 'hmn' && (
                <>
                  <List spacing={4}>
                    <List.Item>{t('outreach:consentNotice.events')}</List.Item>
                    <List.Item>{t('outreach:consentNotice.clips')}</List.Item>
                    <List.Item>{t('outreach:consentNotice.police')}</List.Item>
                    <List.Item>{t('outreach:consentNotice.withdraw')}</List.Item>
                  </List>
                  <Alert color="yellow" variant="light">
                    {t('outreach:draftNotice')} {t('notice.hmongUsesVietnamese')}
                  </Alert>
                </>
              )}
              {notice.error ? <ErrorAlert error={notice.error} /> : null}
              {notice.data ? (
                <Card withBorder padding="sm" lang={notice.data.language}>
                  <Text className="notice-text" size="sm">
                    {notice.data.text}
                  </Text>
                  <Text size="xs" c="dimmed" mt="xs">
                    {t('notice.version', { version: notice.data.version })}
                  </Text>
                </Card>
              ) : (
                !notice.error && <PageLoader />
              )}
            </Stack>
          </section>

          <form onSubmit={submit} noValidate aria-labelledby="choices-title">
            <Stack>
              <Title order={2} size="h3" id="choices-title">
                {current ? t('form.titleChange') : t('form.titleFirst')}
              </Title>
              <Checkbox.Group label={t('form.purposes')} description={t('form.purposesHint')} value={choices.purposes}>
                <Stack gap="sm" mt="xs">
                  {PURPOSES.map((purpose) => (
                    <Checkbox
                      key={purpose}
                      value={purpose}
                      label={t(`purpose.${purpose}.label`)}
                      description={t(`purpose.${purpose}.explain`)}
                      checked={choices.purposes.includes(purpose)}
                      onChange={(e) => togglePurpose(purpose, e.currentTarget.checked)}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>

              <Radio.Group
                label={t('form.retention')}
                description={t('form.retentionHint')}
                value={String(choices.retentionDays)}
                onChange={(v) => setChoices((c) => ({ ...c, retentionDays: Number(v) }))}
              >
                <Group mt="xs" gap="md">
                  {RETENTION_CHOICES.map((days) => (
                    <Radio key={days} value={String(days)} label={t('form.days', { count: days })} />
                  ))}
                </Group>
              </Radio.Group>

              <Radio.Group
                label={t('form.sharing')}
                value={choices.sharingMode}
                onChange={(v) => setChoices((c) => ({ ...c, sharingMode: v as SharingMode }))}
              >
                <Stack gap="sm" mt="xs">
                  {SHARING_MODES.map((mode) => (
                    <Radio key={mode} value={mode} label={t(`sharing.${mode}.label`)} description={t(`sharing.${mode}.explain`)} />
                  ))}
                </Stack>
              </Radio.Group>

              <Stack gap="xs">
                <Checkbox
                  label={t('form.limitHours')}
                  description={t('form.limitHoursHint')}
                  checked={choices.limitHours}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setChoices((c) => ({ ...c, limitHours: on }));
                  }}
                />
                {choices.limitHours && (
                  <Group gap="sm" align="flex-end">
                    <TextInput
                      type="time"
                      label={t('form.from')}
                      value={choices.from}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setChoices((c) => ({ ...c, from: value }));
                      }}
                    />
                    <TextInput
                      type="time"
                      label={t('form.to')}
                      value={choices.to}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setChoices((c) => ({ ...c, to: value }));
                      }}
                    />
                  </Group>
                )}
              </Stack>

              {problem && (
                <Alert color="red" role="alert" variant="light">
                  {problem}
                </Alert>
              )}
              <Button type="submit" loading={busy === 'save'}>
                {current ? t('form.saveChange') : t('form.give')}
              </Button>
            </Stack>
          </form>
        </>
      )}

      <section aria-labelledby="history-title">
        <Title order={2} size="h3" id="history-title" mb="xs">
          {t('history.title')}
        </Title>
        {history.error ? <ErrorAlert error={history.error} /> : null}
        {history.data && history.data.items.length === 0 && <Text c="dimmed">{t('history.empty')}</Text>}
        {history.data && (
          <List listStyleType="none" spacing="sm" p={0}>
            {[...history.data.items].reverse().map((v) => (
              <List.Item key={v.id}>
                <Card withBorder padding="sm">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Text fw={600}>{t('history.version', { version: v.version })}</Text>
                    <Badge variant="filled" color="blue.9">
                      {t(`state.badge.${v.state}`)}
                    </Badge>
                  </Group>
                  <Text size="sm">{format.dateTime(v.givenAt)}</Text>
                  <Text size="sm">
                    {t('history.purposes')}: {v.purposes.map((p) => t(`purpose.${p}.short`)).join(', ') || t('history.none')}
                  </Text>
                  <Text size="sm">
                    {t('history.retention')}: {t('form.days', { count: v.retentionDays })} · {t(`sharing.${v.sharingMode}.short`)}
                  </Text>
                  <Text size="sm">
                    {t('history.hours')}:{' '}
                    {v.activeHours ? t('history.hoursRange', { from: v.activeHours.from, to: v.activeHours.to }) : t('history.allDay')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('history.notice', { version: v.noticeVersion, language: v.noticeLanguage.toUpperCase() })} ·{' '}
                    {t(`history.method.${v.method}`)}
                  </Text>
                </Card>
              </List.Item>
            ))}
          </List>
        )}
      </section>
    </Stack>
  );
}

/** Withdrawal is final, so its consequence is stated beside the button and asked once more. */
function WithdrawControl({ busy, onWithdraw }: { busy: boolean; onWithdraw: () => void }) {
  const { t } = useTranslation('consent');
  const [asking, setAsking] = useState(false);
  return (
    <div>
      <Text size="sm" mb={4}>
        {t('actions.withdrawExplain')}
      </Text>
      {asking ? (
        <Group gap="sm">
          <Button color="red" loading={busy} onClick={onWithdraw}>
            {t('actions.withdrawConfirm')}
          </Button>
          <Button variant="default" onClick={() => setAsking(false)}>
            {t('actions.keep')}
          </Button>
        </Group>
      ) : (
        <Button color="red" variant="outline" onClick={() => setAsking(true)}>
          {t('actions.withdraw')}
        </Button>
      )}
    </div>
  );
}
