import { Button, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { investigationsApi } from '../api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/fieldErrors';
import { PageTitle } from '../ui/PageTitle';
import { nfcInput } from '../ui/text';

/** Open an investigation: case number, title, summary. The officer who opens it leads it. */
export function NewInvestigationPage() {
  const { t } = useTranslation('investigations');
  const navigate = useNavigate();
  const [caseNumber, setCaseNumber] = useState('');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const required = t('new.required');
  const server = fieldErrors(
    error,
    { caseNumber: required, title: required, summary: required },
    { 'investigation.case_number_taken': { field: 'caseNumber', message: t('new.caseNumberTaken') } },
  );
  const errors = {
    caseNumber: (tried && !caseNumber.trim() ? required : undefined) ?? server.caseNumber,
    title: (tried && !title.trim() ? required : undefined) ?? server.title,
    summary: (tried && !summary.trim() ? required : undefined) ?? server.summary,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!caseNumber.trim() || !title.trim() || !summary.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const created = await investigationsApi.open({ caseNumber: caseNumber.trim(), title: title.trim(), summary: summary.trim() });
      void navigate(`/investigations/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldLevel = Object.values(server).some(Boolean);
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={640}>
        <PageTitle>{t('new.title')}</PageTitle>
        <Text>{t('new.intro')}</Text>
        {!fieldLevel && <ErrorAlert error={error} />}
        <TextInput
          label={t('new.caseNumber')}
          description={t('new.caseNumberHint')}
          value={caseNumber}
          onChange={nfcInput(setCaseNumber)}
          error={errors.caseNumber}
          required
          autoComplete="off"
        />
        <TextInput label={t('new.caseTitle')} value={title} onChange={nfcInput(setTitle)} error={errors.title} required />
        <Textarea
          label={t('new.summary')}
          description={t('new.summaryHint')}
          value={summary}
          onChange={nfcInput(setSummary)}
          error={errors.summary}
          required
          autosize
          minRows={3}
        />
        <div>
          <Button type="submit" loading={busy}>
            {t('new.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
