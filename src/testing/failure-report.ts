/**
 * What a failing property leaves behind: the shrunk case written as an incident file (with
 * the observations the property expected) and the `drift-sim replay` command that shows the
 * same failure from the command line. Files go to `.drift-sim/failures/` under the working
 * folder by default, so that a wrapper module there can import `drift-sim` from the project's
 * own node_modules.
 *
 * @example
 * const written = await writeFailureCase({ label: 'converges', document, connectorPath: 'src/connector.ts', dropDeliveries: [] });
 * written.command; // 'npx drift-sim replay .drift-sim/failures/converges.yaml --connector src/connector.ts'
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { shellQuote } from '../report/rerun.js';
import { documentToYaml, type IncidentDocument } from './documents.js';

export interface FailureCase {
  /** File name stem, e.g. `wms-to-shopify-converges`. */
  label: string;
  document: IncidentDocument;
  /** The connector's path as the user runs it (relative to the working folder or absolute). */
  connectorPath?: string;
  dropDeliveries: readonly number[];
  /** Default `.drift-sim/failures` under the working folder. */
  outputDir?: string;
}

export interface WrittenFailure {
  incidentPath: string;
  /** The wrapper module that drops the same webhook deliveries, when there are any. */
  connectorWrapperPath?: string;
  command: string;
}

const toPosix = (path: string) => path.split('\\').join('/');

/**
 * Writes the case and returns the command that replays it.
 *
 * @example
 * const { command } = await writeFailureCase({ label: 'case', document, dropDeliveries: [] });
 */
export async function writeFailureCase(failure: FailureCase): Promise<WrittenFailure> {
  const folder = resolve(failure.outputDir ?? join('.drift-sim', 'failures'));
  await mkdir(folder, { recursive: true });
  const incidentPath = join(folder, `${failure.label}.yaml`);
  await writeFile(incidentPath, documentToYaml(failure.document));
  const shown = (path: string) => {
    const fromHere = relative(process.cwd(), path);
    return toPosix(fromHere.startsWith('..') ? path : fromHere);
  };
  let connectorArgument = failure.connectorPath ? shown(resolve(failure.connectorPath)) : '<path to your connector>';
  let connectorWrapperPath: string | undefined;
  if (failure.dropDeliveries.length > 0 && failure.connectorPath) {
    const extension = /^\.[mc]?ts$/.test(extname(failure.connectorPath)) ? '.ts' : '.mjs';
    connectorWrapperPath = join(folder, `${failure.label}.connector${extension}`);
    let specifier = toPosix(relative(dirname(connectorWrapperPath), resolve(failure.connectorPath)));
    if (!specifier.startsWith('.') && !isAbsolute(specifier)) specifier = `./${specifier}`;
    await writeFile(
      connectorWrapperPath,
      [
        `// Written by drift-sim/testing: the connector with the same webhook deliveries dropped as in the failing case.`,
        `import connector from ${JSON.stringify(specifier)};`,
        `import { withWebhookDrops } from 'drift-sim/testing';`,
        ``,
        `export default withWebhookDrops(connector, ${JSON.stringify(failure.dropDeliveries)});`,
        ``,
      ].join('\n'),
    );
    connectorArgument = shown(connectorWrapperPath);
  }
  const command = ['npx', 'drift-sim', 'replay', shellQuote(shown(incidentPath)), '--connector', shellQuote(connectorArgument)].join(' ');
  return { incidentPath, ...(connectorWrapperPath ? { connectorWrapperPath } : {}), command };
}
