import { Badge, Button, Card, Code, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type NewStaff, type StaffUser, type UserFilter } from '../api';
import { useFormat } from '../i18n/format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { useUser } from './session';

const ROLES = ['resident', 'officer', 'supervisor', 'admin'] as const;
const STAFF_ROLES = ['officer', 'supervisor', 'admin'] as const;
const STATUSES = ['pending', 'active', 'disabled'] as const;

/** A password for a new account, shown to the admin once: 16 characters from an unambiguous alphabet. */
function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** The refusals of the separation-of-duties rule and the account rules, in the reader's words. */
function useAccountErrors(): Record<string, string> {
  const { t } = useTranslation('admin');
  return {
    'account.self_change': t('users.errors.selfChange'),
    'account.second_admin_required': t('users.errors.secondAdmin'),
    'account.not_confirmed': t('users.errors.notConfirmed'),
    'account.nothing_to_confirm': t('users.errors.nothingToConfirm'),
    'account.email_taken': t('users.errors.emailTaken'),
    'account.admins_exist': t('users.errors.lastAdmin'),
    'validation.failed': t('users.errors.invalid'),
  };
}

/** The administrators' accounts page: list and filter, create staff, disable, propose and confirm roles. */
export function UsersPage() {
  const { t } = useTranslation(['admin', 'common']);
  const [filter, setFilter] = useState<UserFilter>({ limit: 200 });
  const [search, setSearch] = useState('');
  const users = useLoad(() => adminApi.users(filter), [filter.role, filter.status]);
  const [created, setCreated] = useState<{ user: StaffUser; password: string } | null>(null);
  const needle = search.trim().toLocaleLowerCase();
  const items = (users.data?.items ?? []).filter(
    (u) => !needle || u.email.toLocaleLowerCase().includes(needle) || u.displayName.toLocaleLowerCase().includes(needle),
  );

  return (
    <Stack>
      <PageTitle>{t('users.title')}</PageTitle>
      <Text>{t('users.intro')}</Text>
      <CreateStaffForm
        onCreated={(user, password) => {
          setCreated({ user, password });
          users.reload();
        }}
      />
      {created && (
        <Card withBorder role="status">
          <Text>{t('users.created', { email: created.user.email })}</Text>
          <Text>
            {t('users.initialPassword')} <Code>{created.password}</Code>
          </Text>
          <Text size="sm">{t('users.shownOnce')}</Text>
          <Group>
            <Button size="xs" variant="default" onClick={() => setCreated(null)}>
              {t('users.dismiss')}
            </Button>
          </Group>
        </Card>
      )}
      <Title order={2} size="h3">
        {t('users.listTitle')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('users.filterRole')}
          data={[{ value: '', label: t('users.any') }, ...ROLES.map((r) => ({ value: r, label: t(`users.roles.${r}`) }))]}
          value={filter.role ?? ''}
          onChange={(v) => setFilter((f) => ({ ...f, role: (v || undefined) as UserFilter['role'] }))}
          allowDeselect={false}
        />
        <Select
          label={t('users.filterStatus')}
          data={[{ value: '', label: t('users.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`users.statuses.${s}`) }))]}
          value={filter.status ?? ''}
          onChange={(v) => setFilter((f) => ({ ...f, status: (v || undefined) as UserFilter['status'] }))}
          allowDeselect={false}
        />
        <TextInput label={t('users.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </Group>
      <ErrorAlert error={users.error} />
      {!users.data && !users.error && <PageLoader />}
      {users.data && items.length === 0 && <Text c="dimmed">{t('users.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={t('users.listTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.columns.name')}</Table.Th>
                <Table.Th>{t('users.columns.role')}</Table.Th>
                <Table.Th>{t('users.columns.status')}</Table.Th>
                <Table.Th>{t('users.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((user) => (
                <UserRow key={user.id} user={user} onChanged={users.reload} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function UserRow({ user, onChanged }: { user: StaffUser; onChanged: () => void }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const me = useUser();
  const known = useAccountErrors();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<'disable' | 'enable' | null>(null);
  const [roleOpen, setRoleOpen] = useState(false);
  const [role, setRole] = useState<string>(user.role);
  const waitingNew = user.status === 'pending';
  const waitingRole = user.pendingRole !== null;

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{user.displayName}</Text>
        <Text size="sm">{user.email}</Text>
        <Text size="xs" c="dimmed">
          {t('users.since', { when: format.date(user.createdAt) })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text>{t(`users.roles.${user.role}`)}</Text>
        {waitingRole && (
          <Badge color="blue.9" variant="filled" mt={4} tt="none" h="auto" py={4} style={{ whiteSpace: 'normal' }}>
            {t('users.roleWaiting', { role: t(`users.roles.${user.pendingRole}`) })}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text>{t(`users.statuses.${user.status}`)}</Text>
        {waitingNew && (
          <Text size="sm" c="orange.9">
            {t('users.accountWaiting')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="wrap">
          {(waitingNew || waitingRole) && (
            <Button size="xs" loading={busy} onClick={() => void run(() => adminApi.confirmUser(user.id))}>
              {waitingNew ? t('users.confirmAccount', { name: user.displayName }) : t('users.confirmRole', { name: user.displayName })}
            </Button>
          )}
          {user.status === 'active' && (
            <Button size="xs" color="red.9" variant="outline" onClick={() => setAsking('disable')}>
              {t('users.disable', { name: user.displayName })}
            </Button>
          )}
          {user.status === 'disabled' && (
            <Button size="xs" variant="outline" onClick={() => setAsking('enable')}>
              {t('users.enable', { name: user.displayName })}
            </Button>
          )}
          {user.id !== me.id && (
            <Button size="xs" variant="default" onClick={() => setRoleOpen(true)}>
              {t('users.changeRole', { name: user.displayName })}
            </Button>
          )}
        </Group>
        <ErrorAlert error={error} known={known} />
        <ConfirmDialog
          opened={asking !== null}
          title={
            asking === 'disable' ? t('users.disableTitle', { name: user.displayName }) : t('users.enableTitle', { name: user.displayName })
          }
          body={asking === 'disable' ? t('users.disableBody') : t('users.enableBody')}
          confirm={asking === 'disable' ? t('users.disableConfirm') : t('users.enableConfirm')}
          cancel={t('users.cancel')}
          color={asking === 'disable' ? 'red' : undefined}
          busy={busy}
          onClose={() => setAsking(null)}
          onConfirm={() =>
            void run(() => adminApi.updateUser(user.id, { status: asking === 'disable' ? 'disabled' : 'active' })).then(() =>
              setAsking(null),
            )
          }
        />
        <Modal
          opened={roleOpen}
          onClose={() => setRoleOpen(false)}
          title={t('users.changeRoleTitle', { name: user.displayName })}
          centered
          closeButtonProps={{ 'aria-label': t('users.cancel') }}
          transitionProps={{ duration: 0 }}
        >
          <Stack>
            <Text size="sm">{t('users.changeRoleBody')}</Text>
            <Select
              label={t('users.newRole')}
              data={ROLES.map((r) => ({ value: r, label: t(`users.roles.${r}`) }))}
              value={role}
              onChange={(v) => v && setRole(v)}
              allowDeselect={false}
            />
            <ErrorAlert error={error} known={known} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRoleOpen(false)}>
                {t('users.cancel')}
              </Button>
              <Button
                loading={busy}
                disabled={role === user.role && !waitingRole}
                onClick={() =>
                  void run(() => adminApi.updateUser(user.id, { role: role as StaffUser['role'] })).then((ok) => ok && setRoleOpen(false))
                }
              >
                {t('users.proposeRole')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Table.Td>
    </Table.Tr>
  );
}

function CreateStaffForm({ onCreated }: { onCreated: (user: StaffUser, password: string) => void }) {
  const { t } = useTranslation('admin');
  const known = useAccountErrors();
  const [form, setForm] = useState<NewStaff>({ email: '', displayName: '', password: '', role: 'officer' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await adminApi.createStaff(form);
      onCreated(user, form.password);
      setForm({ email: '', displayName: '', password: '', role: form.role });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="create-staff">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={2} size="h3" id="create-staff">
            {t('users.createTitle')}
          </Title>
          <Text size="sm">{t('users.createIntro')}</Text>
          <Group grow wrap="wrap" align="flex-start">
            <TextInput
              label={t('users.email')}
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
            <TextInput
              label={t('users.displayName')}
              required
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            />
          </Group>
          <Group grow wrap="wrap" align="flex-end">
            <Select
              label={t('users.role')}
              data={STAFF_ROLES.map((r) => ({ value: r, label: t(`users.roles.${r}`) }))}
              value={form.role}
              onChange={(v) => v && setForm({ ...form, role: v as NewStaff['role'] })}
              allowDeselect={false}
            />
            <TextInput
              label={t('users.password')}
              description={t('users.passwordHint')}
              required
              minLength={10}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              autoComplete="new-password"
            />
            <Button variant="default" onClick={() => setForm({ ...form, password: generatePassword() })}>
              {t('users.generate')}
            </Button>
          </Group>
          <ErrorAlert error={error} known={known} />
          <Group>
            <Button type="submit" loading={busy}>
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
