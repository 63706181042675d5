import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';

/**
 * The three pages a resident has for one camera (what I share, my footage, who saw it), as plain
 * links under the page title: on a phone they wrap, and the current one is marked for screen readers.
 */
export function CameraPortalNav({ cameraId }: { cameraId: string }) {
  const { t } = useTranslation('consent');
  const sections = [
    { to: `/cameras/${cameraId}/consent`, label: t('sections.consent') },
    { to: `/cameras/${cameraId}/footage`, label: t('sections.footage') },
    { to: `/cameras/${cameraId}/access-log`, label: t('sections.accessLog') },
  ];
  return (
    <nav aria-label={t('sections.label')}>
      <Group gap="md" wrap="wrap">
        <Anchor component={Link} to="/" size="sm">
          {t('sections.allCameras')}
        </Anchor>
        {sections.map((s) => (
          <Anchor key={s.to} component={NavLink} to={s.to} end size="sm" className="section-link">
            {s.label}
          </Anchor>
        ))}
      </Group>
    </nav>
  );
}
