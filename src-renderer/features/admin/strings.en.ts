import type { AdminMessages } from './strings.vi';

/** English strings of user administration; same shape as strings.vi.ts. */
export const adminEn: AdminMessages = {
  users: {
    title: 'User accounts',
    login: 'Login',
    fullName: 'Full name',
    titleField: 'Title',
    roles: 'Roles',
    team: 'Team',
    noTeam: 'No team',
    status: 'Status',
    active: 'Active',
    inactive: 'Deactivated',
    deactivate: 'Deactivate',
    activate: 'Reactivate',
    create: 'Create account',
    password: 'Initial password',
    passwordHint: 'A temporary password: the user must change it at the first sign-in.',
    created: (login: string) => `Account ${login} created`,
    deactivated: (login: string) => `${login} deactivated`,
    activated: (login: string) => `${login} reactivated`,
    pickRole: 'Pick at least one role',
    adminOnly: 'Only administrators can manage accounts.',
    you: '(you)',
  },
};
