import { Alert, Anchor, Button, Card, NativeSelect, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notificationsApi, type NotificationSettings } from '../api';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageLoader } from '../ui/PageLoader';
import { PageTitle } from '../ui/PageTitle';
import { useLoad } from '../ui/useLoad';
import { DeleteAccount } from './DeleteAccount';

/** The account: how notifications reach me (e-mail on or off, their language), the password, deleting the account. */
export function AccountPage() {
  const { t } = useTranslation('account');
  const settings = useLoad(() => notificationsApi.settings(), []);
  const [draft, setDraft] = useState<NotificationSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      setDraft(
        await notificationsApi.updateSettings({ emailNotifications: draft.emailNotifications, preferredLanguage: draft.preferredLanguage }),
      );
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={560}>
      <PageTitle>{t('title')}</PageTitle>

      <Card withBorder padding="sm" component="section" aria-labelledby="notify-title">
        <Title order={2} size="h4" id="notify-title" mb="xs">
          {t('notifications.title')}
        </Title>
        {settings.error ? <ErrorAlert error={settings.error} /> : null}
        {!draft && !settings.error && <PageLoader />}
        {draft && (
          <Stack gap="sm">
            <Text size="sm">{t('notifications.inApp')}</Text>
            <Switch
              label={t('notifications.email', { email: draft.email })}
              checked={draft.emailNotifications}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setDraft((d) => (d ? { ...d, emailNotifications: on } : d));
              }}
            />
            <NativeSelect
              label={t('notifications.language')}
              description={t('notifications.languageHint')}
              value={draft.preferredLanguage}
              data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              onChange={(e) => {
                const value = e.currentTarget.value as NotificationSettings['preferredLanguage'];
                setDraft((d) => (d ? { ...d, preferredLanguage: value } : d));
              }}
            />
            <ErrorAlert error={error} />
            <div aria-live="polite">
              {saved && (
                <Alert color="green" role="status" variant="light">
                  {t('notifications.saved')}
                </Alert>
              )}
            </div>
            <Button onClick={() => void save()} loading={busy}>
              {t('notifications.save')}
            </Button>
          </Stack>
        )}
      </Card>

      <Card withBorder padding="sm" component="section" aria-labelledby="password-title">
        <Title order={2} size="h4" id="password-title" mb="xs">
          {t('password.title')}
        </Title>
        <Anchor component={Link} to="/password">
          {t('password.link')}
        </Anchor>
      </Card>

      <Card withBorder padding="sm" component="section" aria-labelledby="delete-title">
        <Title order={2} size="h4" id="delete-title" mb="xs">
          {t('delete.title')}
        </Title>
        <DeleteAccount />
      </Card>
    </Stack>
  );
}
