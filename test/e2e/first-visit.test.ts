import { describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { openPage } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

const QUESTION = 'Xin hỏi phường có kế hoạch lát lại vỉa hè phố Đội Cấn trong năm nay không?';

const suite = browserSuite();

async function setsResidentId(response: Response): Promise<boolean> {
  const headers = await response.headersArray();
  return headers.some((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('td_rid='));
}

describe("a resident's first visit", () => {
  it('gets one resident id, with the page, and finds their question under "Của tôi" after a reload', async () => {
    const { page, errors } = await openPage(suite.browser, { width: 390 });
    const issuers: string[] = [];
    page.on('response', (response) => {
      void setsResidentId(response).then((sets) => {
        if (sets) issuers.push(new URL(response.url()).pathname);
      });
    });
    await page.goto(`${suite.server.url}/s/${suite.server.demoSessionId}`);
    await page.getByLabel('Câu hỏi của bạn').fill(QUESTION);
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi. Câu hỏi đang chờ duyệt.').waitFor();
    // Before the fix every parallel API call of the first visit handed out its own id (/api/me, /api/sessions, …).
    expect(issuers).toEqual([`/s/${suite.server.demoSessionId}`]);

    await page.reload();
    const tab = page.getByRole('tab', { name: /Của tôi/ });
    await tab.click();
    await page.getByRole('tabpanel').getByRole('article').filter({ hasText: QUESTION }).waitFor();
    expect(errors).toEqual([]);
  });
});
