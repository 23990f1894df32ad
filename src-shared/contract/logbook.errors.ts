/** Error codes of the logbook: channels: the identifiers an entry (or an incident) names, and links between entries. */
import type { ErrorText } from '../errors';

export const logbookErrors = {
  invalid_container: {
    vi: 'Số container không hợp lệ',
    en: 'Invalid container number',
  },
  invalid_tax_code: {
    vi: 'Mã số thuế không hợp lệ',
    en: 'Invalid tax code',
  },
  invalid_declaration: {
    vi: 'Số tờ khai không hợp lệ',
    en: 'Invalid declaration number',
  },
  invalid_vessel: {
    vi: 'Số IMO của tàu không hợp lệ',
    en: 'Invalid vessel IMO number',
  },
  invalid_link: {
    vi: 'Liên kết đến mục nhật ký khác không hợp lệ',
    en: 'Invalid link to another logbook entry',
  },
} satisfies Record<string, ErrorText>;
