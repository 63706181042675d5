import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsApi } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { PageTitle } from '../ui/PageTitle';
import { nfcInput } from '../ui/text';

const MIN_LENGTH = 10;

export function ChangePasswordPage() {
  const { t } = useTranslation('accounts');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const errors = fieldErrors(
    error,
    { currentPassword: t('password.errors.currentPassword'), newPassword: t('password.tooShort') },
    {
      'auth.wrong_password': { field: 'currentPassword', message: t('password.wrongCurrent') },
      'auth.password_unchanged': { field: 'newPassword', message: t('password.same') },
    },
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    const local =
      next.length < MIN_LENGTH
        ? t('password.tooShort')
        : next !== again
          ? t('password.mismatch')
          : next === current
            ? t('password.same')
            : null;
    setProblem(local);
    if (local) return;
    setBusy(true);
    try {
      await accountsApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={420}>
      <PageTitle>{t('password.title')}</PageTitle>
      <Text>{t('password.intro')}</Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {problem && (
            <Alert color="red" role="alert" variant="light">
              {problem}
            </Alert>
          )}
          <ErrorAlert
            error={error}
            known={{
              'auth.wrong_password': t('password.wrongCurrent'),
              'auth.password_unchanged': t('password.same'),
              'validation.failed': t('password.checkFields'),
            }}
          />
          {done && (
            <Alert color="green" role="status" variant="light">
              {t('password.done')}
            </Alert>
          )}
          <PasswordInput
            label={t('password.current')}
            autoComplete="current-password"
            required
            value={current}
            onChange={nfcInput(setCurrent)}
            error={errors.currentPassword}
            // Mantine marks a PasswordInput's wrapper, not its input, as invalid.
            aria-invalid={!!errors.currentPassword}
          />
          <PasswordInput
            label={t('password.new')}
            description={t('password.hint')}
            autoComplete="new-password"
            required
            value={next}
            onChange={nfcInput(setNext)}
            error={errors.newPassword}
            // Mantine marks a PasswordInput's wrapper, not its input, as invalid.
            aria-invalid={!!errors.newPassword}
          />
          <PasswordInput label={t('password.confirm')} autoComplete="new-password" required value={again} onChange={nfcInput(setAgain)} />
          <Button type="submit" loading={busy}>
            {t('password.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
