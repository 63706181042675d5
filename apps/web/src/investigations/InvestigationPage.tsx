import './investigations.css';
import { Alert, Anchor, Badge, Button, Card, Code, Group, List, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useUser } from '../accounts/session';
import { investigationsApi, type FootageRequestView, type Member, type ReleasedClip } from '../api';
import { ReleasedClipPlayer } from '../footage/ReleasedClipPlayer';
import { useFormat } from '../i18n/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { nfcInput } from '../ui/text';
import { useLoad } from '../ui/useLoad';
import { LinksSection } from './LinksSection';
import { StateChip } from './StateChip';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One investigation: its facts, members (add, remove, hand over the lead, each confirmed), its
 * footage requests with each camera's state, the released footage (play, download, play together),
 * the links issued to it (a supervisor revokes one) and the export of the whole case; a supervisor closes it.
 */
export function InvestigationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const user = useUser();
  const investigation = useLoad(() => investigationsApi.get(id), [id]);
  const requests = useLoad(async () => {
    const page = await investigationsApi.requests(id);
    // Each request's own view, for the per-camera states (a case has a handful of requests).
    return Promise.all(page.items.map((r) => investigationsApi.request(r.id)));
  }, [id]);
  const clips = useLoad(() => investigationsApi.clips(id), [id]);
  const [done, setDone] = useState<string | null>(null);

  if (investigation.error)
    return <ErrorAlert error={investigation.error} known={{ 404: t('form.errors.notMember'), 403: t('form.errors.notMember') }} />;
  const inv = investigation.data;
  if (!inv) return <PageLoader />;

  const open = inv.status === 'open';
  const mayManage = open && (user.role === 'supervisor' || (user.role === 'officer' && user.id === inv.leadOfficerId));
  const changed = (message: string) => {
    setDone(message);
    investigation.reload();
  };

  return (
    <Stack maw={960}>
      <Anchor component={Link} to="/investigations" size="sm">
        {t('detail.back')}
      </Anchor>
      <PageTitle>{t('detail.case', { caseNumber: inv.caseNumber })}</PageTitle>
      <Text fw={600}>{inv.title}</Text>
      <dl className="case-facts">
        <dt>{t('detail.facts.status')}</dt>
        <dd>{t(`status.${inv.status}`)}</dd>
        <dt>{t('detail.facts.lead')}</dt>
        <dd>{inv.lead.displayName}</dd>
        <dt>{t('detail.facts.openedAt')}</dt>
        <dd>{format.dateTime(inv.openedAt)}</dd>
        {inv.closedAt && (
          <>
            <dt>{t('detail.facts.closedAt')}</dt>
            <dd>{format.dateTime(inv.closedAt)}</dd>
            <dt>{t('detail.facts.closeReason')}</dt>
            <dd>{inv.closeReason}</dd>
          </>
        )}
        <dt>{t('detail.facts.summary')}</dt>
        <dd>{inv.summary}</dd>
      </dl>
      <div aria-live="polite">
        {done && (
          <Alert color="green" role="status" variant="light">
            {done}
          </Alert>
        )}
      </div>

      <Members
        investigationId={id}
        members={inv.members}
        leadId={inv.leadOfficerId}
        mayAdd={open && user.role === 'officer'}
        mayManage={mayManage}
        onChange={changed}
      />

      <section aria-labelledby="requests-title">
        <Group justify="space-between" wrap="wrap" mb="xs">
          <Title order={2} size="h3" id="requests-title">
            {t('detail.requests.title')}
          </Title>
          {open && user.role === 'officer' && (
            <Button component={Link} to={`/investigations/${id}/requests/new`} variant="outline">
              {t('detail.requests.new')}
            </Button>
          )}
        </Group>
        <ErrorAlert error={requests.error} />
        {!requests.data && !requests.error && <PageLoader />}
        {requests.data && requests.data.length === 0 && <Text c="dimmed">{t('detail.requests.empty')}</Text>}
        <List listStyleType="none" spacing="sm" p={0}>
          {requests.data?.map((r) => (
            <List.Item key={r.id}>
              <RequestCard request={r} investigationId={id} />
            </List.Item>
          ))}
        </List>
      </section>

      <Released investigationId={id} clips={clips.data} error={clips.error} />

      <LinksSection investigationId={id} />

      <Export investigationId={id} caseNumber={inv.caseNumber} clips={clips.data ?? []} />

      {open && user.role === 'supervisor' && <CloseInvestigation investigationId={id} onClosed={() => changed(t('detail.close.closed'))} />}
    </Stack>
  );
}

function RequestCard({ request: r, investigationId }: { request: FootageRequestView; investigationId: string }) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const window = t('detail.requests.window', { from: format.dateTime(r.windowFrom), to: format.dateTime(r.windowTo) });
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={`request-${r.id}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={3} size="h5" id={`request-${r.id}`}>
          <Anchor
            component={Link}
            to={`/investigations/${investigationId}/requests/${r.id}`}
            aria-label={t('detail.requests.open', { window })}
          >
            {window}
          </Anchor>
        </Title>
        <StateChip state={r.state} />
      </Group>
      <Text size="sm">{r.reason}</Text>
      <Text size="xs" c="dimmed">
        {t('detail.requests.cameras', { count: r.cameras.length })}
      </Text>
      <List listStyleType="none" spacing={4} p={0} mt="xs">
        {r.cameras.map((c) => (
          <List.Item key={c.cameraId}>
            <Group gap="xs" wrap="wrap">
              <Text size="sm">{c.label}</Text>
              <StateChip state={c.state} />
            </Group>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

function Members({
  investigationId,
  members,
  leadId,
  mayAdd,
  mayManage,
  onChange,
}: {
  investigationId: string;
  members: Member[];
  leadId: string;
  mayAdd: boolean;
  mayManage: boolean;
  onChange: (message: string) => void;
}) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  const [userId, setUserId] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<{ kind: 'remove' | 'lead'; member: Member } | null>(null);

  const invalid = tried && !UUID.test(userId.trim()) ? t('detail.members.invalidId') : undefined;
  const server = fieldErrors(
    error,
    { userId: t('detail.members.invalidId') },
    {
      'investigation.member_not_eligible': { field: 'userId', message: t('detail.members.notEligible') },
      'investigation.already_member': { field: 'userId', message: t('detail.members.alreadyMember') },
    },
  );

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!UUID.test(userId.trim())) return;
    setBusy('add');
    setError(null);
    try {
      const updated = await investigationsApi.addMember(investigationId, userId.trim());
      const added = updated.members.find((m) => m.userId === userId.trim());
      setUserId('');
      setTried(false);
      onChange(t('detail.members.added', { name: added?.displayName ?? userId.trim() }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const act = async () => {
    if (!confirm) return;
    const { kind, member } = confirm;
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'remove') await investigationsApi.removeMember(investigationId, member.userId);
      else await investigationsApi.handOverLead(investigationId, member.userId);
      onChange(t(kind === 'remove' ? 'detail.members.removed' : 'detail.members.handedOver', { name: member.displayName }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      setConfirm(null);
    }
  };

  return (
    <section aria-labelledby="members-title">
      <Title order={2} size="h3" id="members-title" mb="xs">
        {t('detail.members.title')}
      </Title>
      <List listStyleType="none" spacing="xs" p={0}>
        {members.map((m) => (
          <List.Item key={m.userId}>
            <Card withBorder padding="xs">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <div>
                  <Text fw={600}>
                    {m.displayName}{' '}
                    <Text span size="sm" c="dimmed">
                      ({t(`detail.members.role.${m.role}`, { defaultValue: m.role })})
                    </Text>{' '}
                    {m.userId === leadId && (
                      <Badge variant="outline" tt="none" radius="sm">
                        {t('detail.members.lead')}
                      </Badge>
                    )}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('detail.members.addedAt', { when: format.dateTime(m.addedAt) })}
                  </Text>
                </div>
                {mayManage && m.userId !== leadId && (
                  <Group gap="xs">
                    {m.role === 'officer' && (
                      <Button size="compact-sm" variant="default" onClick={() => setConfirm({ kind: 'lead', member: m })}>
                        {t('detail.members.handOver', { name: m.displayName })}
                      </Button>
                    )}
                    <Button size="compact-sm" variant="default" color="red.9" onClick={() => setConfirm({ kind: 'remove', member: m })}>
                      {t('detail.members.remove', { name: m.displayName })}
                    </Button>
                  </Group>
                )}
              </Group>
            </Card>
          </List.Item>
        ))}
      </List>
      {!server.userId && <ErrorAlert error={error} known={{ 404: t('detail.members.notYet'), 405: t('detail.members.notYet') }} />}
      {mayAdd && (
        <form onSubmit={(e) => void add(e)} noValidate>
          <Group align="flex-end" mt="sm" wrap="wrap">
            <TextInput
              label={t('detail.members.userId')}
              description={t('detail.members.userIdHint')}
              value={userId}
              onChange={nfcInput(setUserId)}
              error={invalid ?? server.userId}
              autoComplete="off"
              style={{ flex: '1 1 320px' }}
            />
            <Button type="submit" loading={busy === 'add'}>
              {t('detail.members.add')}
            </Button>
          </Group>
        </form>
      )}
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm?.kind === 'lead' ? t('detail.confirmLead.title') : t('detail.confirmRemove.title')}
        body={
          confirm
            ? t(confirm.kind === 'lead' ? 'detail.confirmLead.body' : 'detail.confirmRemove.body', { name: confirm.member.displayName })
            : ''
        }
        confirm={confirm?.kind === 'lead' ? t('detail.confirmLead.confirm') : t('detail.confirmRemove.confirm')}
        cancel={t('detail.cancel')}
        color={confirm?.kind === 'remove' ? 'red.9' : undefined}
        busy={busy === 'remove' || busy === 'lead'}
        onConfirm={() => void act()}
        onClose={() => setConfirm(null)}
      />
    </section>
  );
}

function Released({ investigationId, clips, error }: { investigationId: string; clips: ReleasedClip[] | null; error: unknown }) {
  const { t } = useTranslation('investigations');
  const format = useFormat();
  return (
    <section aria-labelledby="released-title">
      <Group justify="space-between" wrap="wrap" mb="xs">
        <Title order={2} size="h3" id="released-title">
          {t('detail.released.title')}
        </Title>
        {clips && clips.length > 0 && (
          <Button component={Link} to={`/investigations/${investigationId}/footage`} variant="outline">
            {t('detail.released.playTogether')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      {clips && clips.length === 0 && <Text c="dimmed">{t('detail.released.empty')}</Text>}
      <List listStyleType="none" spacing="sm" p={0}>
        {clips?.map((clip) => (
          <List.Item key={clip.clipId}>
            <Card
              withBorder
              padding="sm"
              component="article"
              aria-label={t('detail.released.clip', {
                camera: clip.camera.label,
                when: clip.startedAt ? format.dateTime(clip.startedAt) : '',
              })}
            >
              <Text fw={600} mb={4}>
                {t('detail.released.clip', { camera: clip.camera.label, when: clip.startedAt ? format.dateTime(clip.startedAt) : '' })}
              </Text>
              <ReleasedClipPlayer clip={clip} investigationId={investigationId} />
            </Card>
          </List.Item>
        ))}
      </List>
    </section>
  );
}

/** The verifier commands from the README, for whoever receives the archive (named <caseNumber>-evidence-<date>.tar). */
const verifyCommands = (caseNumber: string) => {
  const file = `${caseNumber}-evidence-….tar`;
  return { verify: `npm run verify-export -- ${file}`, standard: `tar -xf ${file} && sha256sum -c manifest.sha256` };
};

function Export({ investigationId, caseNumber, clips }: { investigationId: string; caseNumber: string; clips: ReleasedClip[] }) {
  const { t } = useTranslation('investigations');
  const commands = verifyCommands(caseNumber);
  const releases = useMemo(() => {
    const byId = new Map<string, string>();
    for (const clip of clips) if (!byId.has(clip.release.id)) byId.set(clip.release.id, clip.camera.label);
    return [...byId];
  }, [clips]);
  return (
    <section aria-labelledby="export-title">
      <Title order={2} size="h3" id="export-title" mb="xs">
        {t('detail.export.title')}
      </Title>
      <Stack gap="xs">
        <Text>{t('detail.export.body')}</Text>
        <Text size="sm">{t('detail.export.audited')}</Text>
        <div>
          {/* A plain link: the browser streams the archive to disk itself, however large. */}
          <Button component="a" href={investigationsApi.evidenceUrl(investigationId)} download>
            {t('detail.export.download')}
          </Button>
        </div>
        {releases.length > 0 && (
          <>
            <Text size="sm">{t('detail.export.perRelease')}</Text>
            <List size="sm">
              {releases.map(([releaseId, camera]) => (
                <List.Item key={releaseId}>
                  <Anchor href={investigationsApi.releaseEvidenceUrl(releaseId)} download>
                    {t('detail.export.releaseLink', { camera })}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </>
        )}
        <Text size="sm">{t('detail.export.verify')}</Text>
        <Code block className="verify-command">
          {commands.verify}
        </Code>
        <Text size="sm">{t('detail.export.verifyStandard')}</Text>
        <Code block className="verify-command">
          {commands.standard}
        </Code>
      </Stack>
    </section>
  );
}

function CloseInvestigation({ investigationId, onClosed }: { investigationId: string; onClosed: () => void }) {
  const { t } = useTranslation('investigations');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      await investigationsApi.close(investigationId, reason.trim());
      onClosed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <section aria-labelledby="close-title">
      <Title order={2} size="h3" id="close-title" mb="xs">
        {t('detail.close.title')}
      </Title>
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setTried(true);
          if (reason.trim()) setConfirming(true);
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={t('detail.close.reason')}
            value={reason}
            onChange={nfcInput(setReason)}
            required
            error={tried && !reason.trim() ? t('new.required') : undefined}
          />
          <ErrorAlert error={error} known={{ 409: t('form.errors.closed') }} />
          <div>
            <Button type="submit" color="red.9" variant="outline">
              {t('detail.close.submit')}
            </Button>
          </div>
        </Stack>
      </form>
      <ConfirmDialog
        opened={confirming}
        title={t('detail.close.confirmTitle')}
        body={t('detail.close.confirmBody')}
        confirm={t('detail.close.submit')}
        cancel={t('detail.cancel')}
        color="red.9"
        busy={busy}
        onConfirm={() => void close()}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}
