/**
 * Options several commands share, typed once (vitest keeps its CLI option tables typed the
 * same way).
 */
import type { Options } from 'yargs';

export const faultOption: Options = {
  type: 'string',
  array: true,
  description: "add a fault: kind:key=value,... (lists joined with |), e.g. 'cadence:link=wms->erp,pausedOn=sat|sun'",
  requiresArg: true,
};

export const jsonOption: Options = { type: 'boolean', default: false, description: 'print one JSON document on stdout and nothing else there' };

export const traceOption: Options = { type: 'string', description: 'write every event with its cause to this NDJSON file', requiresArg: true };

export const transportOption: Options = {
  choices: ['in-process', 'http'],
  default: 'in-process',
  description: 'in-process applies link messages directly; http sends them through fetch to the mocked APIs',
};

export const exitCodeOption: Options = { type: 'boolean', default: false, description: 'exit 1 when the answer is no / an observation does not match' };

export const connectorOption: Options = {
  type: 'string',
  requiresArg: true,
  description: "run your connector module (.js or .ts; see docs/connector.md) in place of the incident's links, against the mocked APIs on the virtual clock",
};

export const startingCountOption: Options = {
  type: 'string',
  array: true,
  description: 'correct a starting count before replaying: SYSTEM:SKU=DIFF (as gate2 reports them), e.g. storefront:MUG-01=-5',
  requiresArg: true,
};
