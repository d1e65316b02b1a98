import type { AskerName, ErasureResult, MyData, PrivacyNotice, PrivacyRequest, PrivacyRequestInput, UnitContactInput } from '../../../../shared/schemas/privacy.ts';
import { request } from '../core/api.ts';

/** The JSON of "my data" as a file: the server names it and sends it as an attachment. */
export const MY_DATA_DOWNLOAD = '/api/me/data?download=1';

/** Personal data: the notice, a resident's own data, audited name reading, and requests received elsewhere. */
export const privacyApi = {
  notice: () => request<PrivacyNotice>('GET', '/api/privacy'),
  saveContact: (input: UnitContactInput) => request<PrivacyNotice>('PUT', '/api/admin/unit/contact', input),
  myData: () => request<MyData>('GET', '/api/me/data'),
  erase: () => request<ErasureResult>('POST', '/api/me/erase', { confirm: true }),
  askerName: (questionId: number) => request<AskerName>('POST', `/api/staff/questions/${questionId}/asker-name`),
  requests: () => request<PrivacyRequest[]>('GET', '/api/staff/privacy-requests'),
  recordRequest: (input: PrivacyRequestInput) => request<PrivacyRequest>('POST', '/api/staff/privacy-requests', input),
  closeRequest: (id: number, outcome: string) => request<PrivacyRequest>('POST', `/api/staff/privacy-requests/${id}/done`, { outcome }),
};
