import { createFunction } from '../../server/handler';
import { allocation, candidates, cancel, confirmMany, end, list, propose, recordConsent, suggest, transfer } from './staff';
import { exportCard, exportSheet } from './export';
import { card, lapseOffers, mine, respond, setMessage } from './volunteer';
import { reconcile } from './recount';

/** Cloud function `pairing` (结对): suggestions, confirming, consent, acceptance, cards; hourly lapse of unanswered offers. */
export const main = createFunction(
  'pairing',
  { suggest, candidates, propose, confirmMany, recordConsent, cancel, end, transfer, list, allocation, exportSheet, exportCard, mine, respond, setMessage, card, reconcile },
  { timers: { lapse: lapseOffers } },
);
