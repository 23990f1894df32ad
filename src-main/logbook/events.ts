/** Journal events of the logbook: entries and their amendments (corrections never edit). */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { ENTRY_KINDS } from '../../src-shared/domain/logbook';
import type { EntryDetails } from '../../src-shared/domain/logbook';

const list = z.array(z.string());

/**
 * Identifier lists as stored. `vessels` came later: payloads written before it have five lists,
 * and are stored and projected as written (the read path completes them, completeIdentifiers).
 */
export const storedIdentifiers = ev.obj({ containers: list, declarations: list, taxCodes: list, plates: list, billsOfLading: list, vessels: list.optional() });
export type StoredIdentifiers = z.output<typeof storedIdentifiers>;

export const attachmentRef = ev.obj({ sha256: z.string(), name: z.string(), mime: z.string(), size: z.number() });

export const entryDetails = ev.json<EntryDetails>();

export const ENTRY_ADDED_EVENT = defineEvent(
  'logbook.entry_added',
  ev.obj({ kind: z.enum(ENTRY_KINDS), text: z.string(), details: entryDetails, identifiers: storedIdentifiers, linkedEntryId: z.string().nullable(), attachments: z.array(attachmentRef) }),
);

export const ENTRY_AMENDED_EVENT = defineEvent(
  'logbook.entry_amended',
  ev.obj({ entryId: z.string(), reason: z.string(), text: z.string(), details: entryDetails, identifiers: storedIdentifiers }),
);

export const LOGBOOK_EVENTS = [ENTRY_ADDED_EVENT, ENTRY_AMENDED_EVENT];
