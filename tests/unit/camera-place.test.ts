import { describe, expect, it } from 'vitest';
import { cameraPlace, zoneName } from '../../src-shared/domain/cameras';

describe('cameraPlace', () => {
  it('joins the site and the zone name in the language asked', () => {
    const cam = { siteName: 'Cửa khẩu quốc tế Hữu Nghị', siteType: 'inland_office' as const, zone: 'gates' };
    expect(cameraPlace(cam)).toBe('Cửa khẩu quốc tế Hữu Nghị — Cổng ra vào');
    expect(cameraPlace(cam, 'en')).toBe('Cửa khẩu quốc tế Hữu Nghị — Gates');
  });
  it('keeps a zone that is not the site type’s as stored, and drops an empty site', () => {
    expect(cameraPlace({ siteName: '', siteType: 'inland_office', zone: 'bến số 3' })).toBe('bến số 3');
  });
});

describe('zoneName', () => {
  it('names a zone of the site type in the language asked, and keeps any other zone as stored', () => {
    expect(zoneName('inland_office', 'scanners')).toBe('Khu vực máy soi');
    expect(zoneName('inland_office', 'scanners', 'en')).toBe('Scanners');
    // a zone of another site type is not this one's
    expect(zoneName('inland_office', 'vehicle_mast', 'en')).toBe('vehicle_mast');
    expect(zoneName('mobile_command_vehicle', 'vehicle_mast', 'en')).toBe('Vehicle mast camera');
  });
});
