/**
 * Steps the incident e2e tests share: switch the signed-in user, open the incident from the
 * board, open an action form, find a field of a form, type a dd/mm/yyyy HH:mm time.
 */
import type { Page } from 'playwright-core';
import { formatDate, formatTime } from '../../src-shared/time/shift';
import { signIn } from './harness';

export function incidentSteps(page: () => Page, incidentId: () => string) {
  return {
    /** A time as the form's input takes it (Asia/Ho_Chi_Minh). */
    input: (ms: number) => `${formatDate(ms)} ${formatTime(ms)}`,
    field: (scope: string, name: string) => page().locator(`[data-testid="${scope}"] [name="${name}"]`),
    async switchUser(login: string): Promise<void> {
      await page().locator('.hdr-actions button', { hasText: 'Đăng xuất' }).click();
      await page().locator('input[name=login]').waitFor();
      await signIn(page(), login);
    },
    async openIncident(): Promise<void> {
      await page().keyboard.press('Alt+V');
      await page().getByTestId('incident-board').waitFor();
      await page().locator(`[data-testid=incident-card][data-incident-id="${incidentId()}"]`).click();
      await page().getByTestId('incident-detail').waitFor();
    },
    async action(kind: string): Promise<void> {
      await page().locator(`[data-testid=incident-actions] [data-action="${kind}"]`).click();
      await page().getByTestId(`action-${kind}`).waitFor();
    },
  };
}
