/**
 * `--connector <path>` on `replay` and `run`: loads the user's connector module and prepares
 * the run (src/adapters/connector-runner.ts). Its log lines go to stderr, so `--json` stays clean.
 * `--transport` has no effect then: a connector always talks to the mocked APIs.
 */
import { InputError } from '../io/problems.js';
import type { ConnectorRun } from '../adapters/connector-runner.js';
import type { Incident } from '../sim/model.js';
import { formatTime } from '../sim/time.js';

export async function prepareConnector(path: string | undefined, incident: Incident): Promise<(ConnectorRun & { printLogs(): void }) | undefined> {
  if (path === undefined) return undefined;
  const { connectorRun, formatConnectorLogs, loadConnector } = await import('../adapters/connector-runner.js');
  let prepared: ConnectorRun;
  try {
    prepared = connectorRun(incident, await loadConnector(path), { faults: incident.faults });
  } catch (error) {
    // A module that does not load or keep the contract, or a fault a connector run cannot apply: bad input, exit 2.
    throw new InputError([{ file: path, path: '--connector', expected: 'a connector module (docs/connector.md) and faults it can run with', found: error instanceof Error ? error.message : String(error) }]);
  }
  return {
    ...prepared,
    printLogs: () => {
      if (prepared.logs.length > 0) process.stderr.write(`Connector log (${path}):\n${formatConnectorLogs(prepared.logs, formatTime)}`);
    },
  };
}
