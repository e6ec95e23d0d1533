/**
 * The five checks to run before escalating (gates.md): each looks at the recorded inputs
 * and reports what it found, in words, with the count that decided it.
 */
import type { Incident, Movement } from '../sim/model.js';
import type { MovementStore } from '../sim/movement-store.js';
import { formatDuration, formatTime } from '../sim/time.js';
import type { Gate3Result } from './gate3.js';

export interface CheckResult {
  check: number;
  name: string;
  /** True when the check found something that points at this cause. */
  found: boolean;
  finding: string;
}

const DAY_MS = 86_400_000;
/** Units expected between two cycles of a link above which a SKU outpaces its sync (50 a day on a daily batch). */
export const VELOCITY_UNITS_PER_CYCLE = 50;

/**
 * The movements a test picks, as objects (only those: a store of millions stays columns).
 * The checks quote the first and count the rest.
 */
function movementsWhere(incident: Incident, test: (movements: MovementStore, index: number) => boolean): Movement[] {
  const movements = incident.movements;
  const picked: Movement[] = [];
  for (let index = 0; index < movements.length; index++) if (test(movements, index)) picked.push(movements.at(index));
  return picked;
}

function isHuman(actor: string | undefined): boolean {
  return actor !== undefined && actor.startsWith('user:');
}

export function fiveChecks(incident: Incident, gate3Result: Gate3Result): CheckResult[] {
  const name = (system: number) => incident.systems[system]!.name;
  const sku = (index: number) => incident.skus[index]!.sku;

  // 1. Manual adjustments by people.
  const manual = movementsWhere(incident, (movements, index) => isHuman(movements.actorAt(index)));
  const manualSystems = [...new Set(manual.map((movement) => name(movement.system)))].sort();
  const check1: CheckResult = {
    check: 1,
    name: 'manual adjustments by people',
    found: manual.length > 0,
    finding:
      manual.length > 0
        ? `${manual.length} movement${manual.length === 1 ? '' : 's'} by people (actor user:...) in ${manualSystems.join(', ')}, the first ${manual[0]!.type} of ${sku(manual[0]!.sku)} by ${manual[0]!.actor} at ${formatTime(manual[0]!.atMs)}.`
        : 'No movement was recorded with a human actor (user:...). A manual change made outside any export would not show here: Gate 2 looks for those.',
  };

  // 2. Cycle counts or corrections with sync: false, or in a system whose changes reach no other.
  const isolated = new Set(incident.systems.map((_, system) => system).filter((system) => !incident.links.some((link) => link.from === system)));
  const unsynced = movementsWhere(incident, (movements, index) => {
    const type = movements.typeAt(index);
    return (type === 'cycle_count' || type === 'adjustment' || type === 'manual_set') && (!movements.isSync(index) || isolated.has(movements.system[index]!));
  });
  const check2: CheckResult = {
    check: 2,
    name: 'cycle counts or corrections that never propagated',
    found: unsynced.length > 0,
    finding:
      unsynced.length > 0
        ? `${unsynced.length} cycle count${unsynced.length === 1 ? '' : 's'} or correction${unsynced.length === 1 ? '' : 's'} recorded with sync: false or in a system with no outgoing link, the first ${unsynced[0]!.type} of ${sku(unsynced[0]!.sku)} in ${name(unsynced[0]!.system)} at ${formatTime(unsynced[0]!.atMs)}.`
        : 'Every cycle count and correction entered the sync chain.',
  };

  // 3. Fulfilment hand-offs: a 3PL whose shipments never flow back.
  const partners = incident.systems.map((system, index) => ({ system, index })).filter(({ system }) => system.kind === '3pl');
  const oneWay = partners.filter(({ index }) => !incident.links.some((link) => link.from === index));
  const partnerShipments = movementsWhere(
    incident,
    (movements, row) => partners.some(({ index }) => index === movements.system[row]) && !movements.isAbsolute(row) && movements.value[row]! < 0,
  );
  const check3: CheckResult = {
    check: 3,
    name: 'fulfilment hand-offs (split or partial 3PL shipments)',
    found: oneWay.length > 0 && partnerShipments.length > 0,
    finding:
      partners.length === 0
        ? 'No fulfilment partner (3pl system) is declared.'
        : oneWay.length > 0
          ? `${oneWay.map(({ system }) => system.name).join(', ')} has no link back into the chain; ${partnerShipments.length} shipment${partnerShipments.length === 1 ? '' : 's'} there never flow back.`
          : `Every fulfilment partner links back into the chain (${partners.map(({ system }) => system.name).join(', ')}); ${partnerShipments.length} partner shipments flowed through it.`,
  };

  // 4. Logged failures at the drift timestamps (Gate 3's evidence).
  const check4: CheckResult = {
    check: 4,
    name: 'logged middleware / API / webhook failures at the drift timestamps',
    found: gate3Result.answer === 'yes' || gate3Result.covered > 0,
    finding:
      gate3Result.answer === 'no drift'
        ? 'No drift onset to match against the logs.'
        : `${gate3Result.covered} of ${gate3Result.onsets} drift onsets have a logged failure on an implicated component (${incident.logs.length} log lines in the incident)${gate3Result.answer === 'no log expected' ? '; none is expected from the rule that reproduces it' : ''}.`,
  };

  // 5. Sync cadence against SKU velocity.
  const windowDays = Math.max(1, (incident.window.endMs - incident.window.startMs) / DAY_MS);
  const outpaced: string[] = [];
  for (const link of incident.links) {
    if (link.mode === 'event' || link.everyMs === undefined) continue;
    const units = new Map<number, number>();
    const movements = incident.movements;
    for (let row = 0; row < movements.length; row++) {
      if (movements.system[row] === link.from && !movements.isAbsolute(row)) units.set(movements.sku[row]!, (units.get(movements.sku[row]!) ?? 0) + Math.abs(movements.value[row]!));
    }
    for (const [index, total] of [...units.entries()].sort((a, b) => a[0] - b[0])) {
      const perDay = total / windowDays;
      const perCycle = (perDay * link.everyMs) / DAY_MS;
      if (perCycle >= VELOCITY_UNITS_PER_CYCLE) outpaced.push(`${sku(index)} moves ${Math.round(perDay)} a day on ${link.name} (every ${formatDuration(link.everyMs)}: ${Math.round(perCycle)} per cycle)`);
    }
  }
  const check5: CheckResult = {
    check: 5,
    name: 'sync cadence against SKU velocity',
    found: outpaced.length > 0,
    finding:
      outpaced.length > 0
        ? `${outpaced.length} SKU/link pair${outpaced.length === 1 ? '' : 's'} move ${VELOCITY_UNITS_PER_CYCLE}+ units between two cycles: ${outpaced.slice(0, 5).join('; ')}${outpaced.length > 5 ? '; ...' : ''}.`
        : `No SKU moves ${VELOCITY_UNITS_PER_CYCLE} or more units between two cycles of a batch or poll link.`,
  };
  return [check1, check2, check3, check4, check5];
}
