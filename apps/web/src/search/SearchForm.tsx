import { Alert, Button, Collapse, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchApi, type SearchPlace } from '../api';
import { useSettings } from '../app/settings';
import { useFormat } from '../i18n/format';
import { fromLocalInput, toLocalInput } from '../i18n/zone';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useLoad } from '../ui/useLoad';
import type { SearchState } from './query';
import { parseSearch } from './when';

const LAST_INVESTIGATION = 'wardwatch.search.investigation';
const HALF_WINDOW = 'wardwatch.search.halfWindowMin';
const UNLINKED = '__none__';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: remembered for this visit only.
  }
}

interface SearchFormProps {
  /** The search in the URL (its text, window and investigation fill the form). */
  current: SearchState | null;
  /** A place picked on the map (area, street with house numbers, ward): replaces the street typed. */
  area: SearchPlace | null;
  areaLabel: string | null;
  onClearArea: () => void;
  onSearch: (state: SearchState) => void;
}

/**
 * The console's one search box: a street and a time in words ("Hoàng Văn Thái 21:30 hôm qua"), the
 * investigation it is for (remembered), and, folded away, the default window and an explicit
 * date-time window. Enter searches. Without an investigation the search is possible, but the form
 * first says that it will be flagged to supervisors and asks again.
 */
export function SearchForm({ current, area, areaLabel, onClearArea, onSearch }: SearchFormProps) {
  const { t } = useTranslation('search');
  const format = useFormat();
  const { timeZone } = useSettings();
  const investigations = useLoad(() => searchApi.openInvestigations(), []);
  const [text, setText] = useState(current?.text ?? '');
  const [halfWindow, setHalfWindow] = useState<number>(() => Number(stored(HALF_WINDOW)) || 30);
  const [explicit, setExplicit] = useState(false);
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  const [investigation, setInvestigation] = useState<string | null>(current?.investigationId ?? (current?.unlinked ? UNLINKED : null));
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<SearchState | null>(null);
  const box = useRef<HTMLInputElement>(null);

  // The first interaction is typing: the box has the focus when the console opens (after the page
  // title took it for screen readers, which have announced the page by then).
  useEffect(() => {
    box.current?.focus();
  }, []);

  // A search opened from a URL fills the form with it.
  useEffect(() => {
    if (!current) return;
    setText(current.text ?? '');
    if (current.investigationId) setInvestigation(current.investigationId);
    else if (current.unlinked) setInvestigation(UNLINKED);
  }, [current]);

  // The last investigation used, once the list shows it is still open.
  const items = useMemo(() => investigations.data?.items ?? [], [investigations.data]);
  useEffect(() => {
    if (investigation !== null || items.length === 0) return;
    const last = stored(LAST_INVESTIGATION);
    const pick = items.find((i) => i.id === last) ?? (items.length === 1 ? items[0] : undefined);
    if (pick) setInvestigation(pick.id);
  }, [items, investigation]);

  const options = [
    ...items.map((i) => ({ value: i.id, label: `${i.caseNumber} · ${i.title}` })),
    { value: UNLINKED, label: t('form.noInvestigation') },
  ];
  const example = `Hoàng Văn Thái ${format.time(Date.UTC(2026, 0, 1, 14, 30))} ${t('form.exampleYesterday')}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    performance.mark('search:submit');
    setError(null);
    const now = Date.now();
    const parsed = parseSearch(text, { now, timeZone, halfWindowMin: halfWindow });
    let from = parsed.from;
    let to = parsed.to;
    let at = parsed.at;
    if (explicit) {
      from = fromLocalInput(fromInput, timeZone);
      to = fromLocalInput(toInput, timeZone);
      if (from === null || to === null || to <= from) return setError(t('form.errorWindow'));
      at = at !== null && at >= from && at <= to ? at : from;
    }
    if (from === null || to === null || at === null) return setError(t('form.errorNoTime', { example }));
    let place: SearchPlace | null = area;
    if (!place) {
      if (parsed.street.replace(/[\s\p{P}]/gu, '').length < 3) return setError(t('form.errorNoStreet', { example }));
      place = { kind: 'street', street: parsed.street };
    }
    const linked = investigation !== null && investigation !== UNLINKED ? investigation : null;
    const state: SearchState = { place, from, to, at, investigationId: linked, unlinked: linked === null, text: text.trim() };
    store(HALF_WINDOW, String(halfWindow));
    if (linked) {
      store(LAST_INVESTIGATION, linked);
      onSearch(state);
    } else {
      setConfirming(state);
    }
  };

  return (
    <form onSubmit={submit} role="search" aria-label={t('form.label')} noValidate>
      <Stack gap="xs">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={t('form.query')}
            description={t('form.queryHelp', { example })}
            placeholder={example}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: '1 1 420px' }}
            size="md"
            autoComplete="off"
            ref={box}
            error={error ?? undefined}
          />
          <Select
            label={t('form.investigation')}
            description={t('form.investigationHelp')}
            data={options}
            value={investigation}
            onChange={(value) => setInvestigation(value)}
            placeholder={t('form.investigationPlaceholder')}
            style={{ flex: '0 1 320px' }}
            size="md"
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
          />
          <Button type="submit" size="md">
            {t('form.submit')}
          </Button>
        </Group>
        {area && areaLabel && (
          <Group gap="xs">
            <Text size="sm">{t('form.areaChosen', { area: areaLabel })}</Text>
            <Button variant="subtle" size="compact-sm" onClick={onClearArea}>
              {t('form.areaClear')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={investigations.error} />
        <Group gap="md" align="flex-end">
          <NumberInput
            label={t('form.halfWindow')}
            value={halfWindow}
            onChange={(v) => setHalfWindow(typeof v === 'number' && v > 0 ? v : 30)}
            min={1}
            max={360}
            step={5}
            w={200}
            size="xs"
          />
          <Switch
            label={t('form.explicitWindow')}
            checked={explicit}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setExplicit(on);
              if (on && !fromInput) {
                const base = current?.from ?? Date.now() - 3_600_000;
                setFromInput(toLocalInput(base, timeZone));
                setToInput(toLocalInput(current?.to ?? base + 3_600_000, timeZone));
              }
            }}
          />
        </Group>
        <Collapse in={explicit} transitionDuration={0}>
          <Group gap="xs">
            <TextInput
              type="datetime-local"
              label={t('form.from')}
              value={fromInput}
              onChange={(e) => setFromInput(e.currentTarget.value)}
              size="xs"
            />
            <TextInput
              type="datetime-local"
              label={t('form.to')}
              value={toInput}
              onChange={(e) => setToInput(e.currentTarget.value)}
              size="xs"
            />
            <Text size="xs" c="dimmed">
              {t('form.zoneNote', { zone: timeZone })}
            </Text>
          </Group>
        </Collapse>
        {confirming && (
          <Alert
            color="orange"
            variant="light"
            role="alertdialog"
            aria-labelledby="unlinked-title"
            title={<span id="unlinked-title">{t('unlinked.title')}</span>}
          >
            <Text size="sm">{t('unlinked.body')}</Text>
            <Group gap="xs" mt="xs">
              <Button
                color="orange"
                onClick={() => {
                  const state = confirming;
                  setConfirming(null);
                  performance.mark('search:submit');
                  onSearch(state);
                }}
              >
                {t('unlinked.confirm')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('unlinked.cancel')}
              </Button>
            </Group>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
