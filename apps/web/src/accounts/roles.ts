/** Roles whose work starts at the console's search (they own no cameras): the index route and the menu send them there. */
export const STAFF_ROLES: readonly string[] = ['officer', 'supervisor'];

export const isStaff = (role: string): boolean => STAFF_ROLES.includes(role);
