/** Error codes of the org: channels (the organisation catalog). */
import type { ErrorText } from '../errors';

export const orgErrors = {
  unknown_unit: {
    vi: 'Mã đơn vị hải quan[ {unitCode}] không tồn tại[ tại ngày {date}]',
    en: 'Customs unit code[ {unitCode}] does not exist[ on {date}]',
  },
} satisfies Record<string, ErrorText>;
