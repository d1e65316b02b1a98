import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import {
  AskerName,
  EraseInput,
  ErasureResult,
  MyData,
  MyDataQuery,
  PrivacyNotice,
  PrivacyNoticeQuery,
  PrivacyRequest,
  PrivacyRequestDoneInput,
  PrivacyRequestInput,
  UnitContactInput,
} from '../schemas/privacy.ts';
import { PATHS } from './paths.ts';

/** Personal data: the notice, a resident's own data and its erasure, and the requests staff handle. */
export const PRIVACY = {
  notice: route({
    ...PATHS.privacy.notice,
    summary: "The privacy notice's facts: the unit that controls the data, its contact, the retention and request periods",
    query: PrivacyNoticeQuery,
    response: PrivacyNotice,
    errors: { 404: 'No such unit' },
  }),
  saveContact: route({
    ...PATHS.privacy.saveContact,
    summary: "Sets the staff member's unit's contact for personal-data requests",
    body: UnitContactInput,
    response: PrivacyNotice,
    errors: STAFF_ONLY,
  }),
  myData: route({
    ...PATHS.privacy.myData,
    summary: 'Everything the platform holds about the caller\'s resident id',
    description: '`download=1` sends it as a file to keep.',
    query: MyDataQuery,
    response: MyData,
  }),
  erase: route({
    ...PATHS.privacy.erase,
    summary: "Erases the caller's questions, votes and contacts; the browser carries on under a new resident id",
    body: EraseInput,
    response: ErasureResult,
  }),
  askerName: route({
    ...PATHS.privacy.askerName,
    summary: "Reads an asker's unpublished name (each reading is written to the audit log)",
    params: IdPath,
    response: AskerName,
    errors: { ...STAFF_ONLY, 404: 'No such question' },
  }),
  requests: route({ ...PATHS.privacy.requests, summary: 'Personal-data requests received outside the platform', response: z.array(PrivacyRequest), errors: STAFF_ONLY }),
  recordRequest: route({
    ...PATHS.privacy.recordRequest,
    summary: 'Records a personal-data request received by letter, at the office, by phone or e-mail',
    body: PrivacyRequestInput,
    response: PrivacyRequest,
    status: 201,
    errors: STAFF_ONLY,
  }),
  closeRequest: route({
    ...PATHS.privacy.closeRequest,
    summary: 'Closes a personal-data request with its outcome',
    params: IdPath,
    body: PrivacyRequestDoneInput,
    response: PrivacyRequest,
    errors: { ...STAFF_ONLY, 404: 'No such request' },
  }),
};
