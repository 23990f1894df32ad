import type { StationService } from '../station/service';
import type { IncidentService } from '../incidents/service';
import type { ShiftService } from '../shifts/service';
import type { OrgCatalog } from '../org/catalog';
import type { ParsedInputOf } from '../../src-shared/contract';
import type { User } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import { calendarDayVn } from '../../src-shared/time/shift';
import { prefill } from './prefill';
import type { FormData } from '../../src-shared/domain/forms';

/**
 * `documents:prefill`: a form of Phụ lục II–V filled from the station, the incident, the
 * direction or the request it is about, and the signer (docs/forms.md).
 */
export class FormPrefill {
  constructor(
    private readonly station: Pick<StationService, 'get'>,
    private readonly incidents: Pick<IncidentService, 'get' | 'getRequest' | 'incidentOfDirection'>,
    private readonly shifts: Pick<ShiftService, 'roster' | 'current'>,
    private readonly org: Pick<OrgCatalog, 'lookup'>,
  ) {}

  fill(i: ParsedInputOf<'documents:prefill'>, user: User | null): FormData {
    const station = this.station.get();
    if (!station) throw new AppError('setup_required', 'the station is not set up');
    const incidentId = i.incidentId || (i.directionId ? this.incidents.incidentOfDirection(i.directionId) : undefined);
    const incident = incidentId ? this.incidents.get(incidentId) : null;
    const direction = i.directionId ? (incident?.directions.find((d) => d.id === i.directionId) ?? null) : null;
    if (i.directionId && !direction) throw new AppError('not_found', `direction ${i.directionId} not found`, { field: 'directionId' });
    const request = i.requestId ? this.incidents.getRequest(i.requestId) : null;
    return prefill(i.annex, {
      station,
      incident,
      direction,
      request,
      signer: this.signer(user),
      // the unit's name as it was on the Vietnam calendar day of that time
      unitName: (code, at) => this.org.lookup(code, calendarDayVn(at))?.name ?? null,
    });
  }

  /** The signer: this shift's leader on the roster (else the signed-in user when a leader). */
  private signer(user: User | null): { name: string } | null {
    const roster = this.shifts.roster(this.shifts.current().shiftDate);
    const lead = roster.members.find((m) => m.position === 'shift_leader' && m.availability !== 'on_leave');
    if (lead) return { name: lead.fullName };
    return user && user.roles.includes('shift_leader') ? { name: user.fullName } : null;
  }
}
