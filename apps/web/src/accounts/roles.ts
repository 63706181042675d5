/**
 * Where each role's work starts, for `/` and after signing in: residents their cameras, officers
 * the console's search, supervisors the requests waiting for them, administrators the accounts.
 */
export function homeFor(role: string): string {
  switch (role) {
    case 'officer':
      return '/search';
    case 'supervisor':
      return '/approvals';
    case 'admin':
      return '/admin/users';
    default:
      return '/';
  }
}

export interface NavEntry {
  to: string;
  /** A key of the `common` namespace. */
  label: string;
  end: boolean;
}

/** Each role's menu, before the entries everyone has (notifications, account, password). */
export function navFor(role: string): NavEntry[] {
  const search = { to: '/search', label: 'nav.search', end: false };
  const investigations = { to: '/investigations', label: 'nav.investigations', end: false };
  switch (role) {
    case 'officer':
      return [search, investigations];
    case 'supervisor':
      // Supervisors decide and audit first; the console is theirs too (they may search, within an investigation).
      return [
        { to: '/approvals', label: 'nav.approvals', end: false },
        { to: '/audit', label: 'nav.audit', end: false },
        { to: '/holds', label: 'nav.holds', end: false },
        investigations,
        search,
      ];
    case 'admin':
      return [
        { to: '/admin/users', label: 'nav.users', end: false },
        { to: '/admin/places', label: 'nav.places', end: false },
        { to: '/admin/networks', label: 'nav.networks', end: false },
        { to: '/admin/cameras', label: 'nav.cameras', end: false },
      ];
    default:
      return [
        { to: '/', label: 'nav.home', end: true },
        { to: '/cameras/new', label: 'cameras:nav.enrol', end: true },
        { to: '/requests', label: 'nav.requests', end: false },
      ];
  }
}
