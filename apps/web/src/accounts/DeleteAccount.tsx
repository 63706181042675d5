import { Alert, Button, List, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsApi, type DeletionPreview } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { nfcInput } from '../ui/text';
import { useSession } from './session';

/**
 * Deleting the account in two steps: first what it does, from the API's preview (each camera
 * removed, clips deleted or kept because an investigation holds them, requests declined), then the
 * password re-entered to do it.
 */
export function DeleteAccount() {
  const { t } = useTranslation('account');
  const { signOut } = useSession();
  const [preview, setPreview] = useState<DeletionPreview | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const explain = async () => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await accountsApi.deletionPreview());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await accountsApi.deleteAccount(password);
      // The account is gone and so is its session: signed out, the guard shows the sign-in page,
      // which says the account was deleted.
      await signOut('deleted').catch(() => undefined);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const errors = fieldErrors(
    error,
    { password: t('delete.passwordMissing') },
    { 'account.wrong_password': { field: 'password', message: t('delete.wrongPassword') } },
  );

  if (!preview) {
    return (
      <Stack gap="xs">
        <Text size="sm">{t('delete.intro')}</Text>
        <ErrorAlert error={error} />
        <Button color="red.9" variant="outline" loading={busy} onClick={() => void explain()}>
          {t('delete.start')}
        </Button>
      </Stack>
    );
  }

  const held = preview.cameras.reduce((n, c) => n + c.footage.clipsKeptOnHold, 0);
  const deleted = preview.cameras.reduce((n, c) => n + c.footage.clipsDeleted, 0);
  return (
    <form onSubmit={(e) => void remove(e)} noValidate>
      <Stack gap="sm">
        <Alert color="red" variant="light">
          {/* In the body's colour: Mantine's red alert title falls short of AA contrast. */}
          <Text fw={700} size="sm" mb={4}>
            {t('delete.whatHappens')}
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              {preview.cameras.length === 0
                ? t('delete.noCameras')
                : t('delete.cameras', { count: preview.cameras.length, labels: preview.cameras.map((c) => c.camera.label).join(', ') })}
            </List.Item>
            <List.Item>{t('delete.clipsDeleted', { count: deleted })}</List.Item>
            <List.Item>{held > 0 ? t('delete.clipsHeld', { count: held }) : t('delete.noneHeld')}</List.Item>
            <List.Item>{t('delete.requests', { count: preview.pendingRequests })}</List.Item>
            <List.Item>{t('delete.account')}</List.Item>
            <List.Item>{t('delete.auditKept')}</List.Item>
          </List>
        </Alert>
        <PasswordInput
          label={t('delete.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={nfcInput(setPassword)}
          error={errors.password}
          aria-invalid={!!errors.password}
        />
        <ErrorAlert
          error={error}
          known={{ 'account.wrong_password': t('delete.wrongPassword'), 'validation.failed': t('delete.passwordMissing') }}
        />
        <Button type="submit" color="red.9" loading={busy}>
          {t('delete.confirm')}
        </Button>
        <Button variant="default" onClick={() => setPreview(null)}>
          {t('delete.cancel')}
        </Button>
      </Stack>
    </form>
  );
}
