/**
 * `drift-sim/testing`: the regression kit. fast-check arbitraries that produce incident and
 * scenario files (catalogs, topologies, movement streams, faults, whole incidents), properties
 * to run against your connector (the `--connector` contract), a model-based test with
 * `fc.commands`, and vitest matchers.
 *
 * fast-check is a peer dependency (install it beside drift-sim); vitest is optional and only
 * needed for the matchers.
 *
 * @example
 * import { checkConnector } from 'drift-sim/testing';
 * import myConnector from '../src/my-connector.js';
 * it('never loses a unit', () => checkConnector(myConnector, 'losesNoUnit', { connectorPath: 'src/my-connector.ts' }), 120_000);
 */
export { catalogArbitrary, skuFromSeed, type CatalogOptions } from './catalog-arbitrary.js';
export { topologyArbitrary, linkArbitrary, CADENCES, type TopologyDocument, type TopologyOptions } from './topology-arbitrary.js';
export { movementStreamArbitrary, STREAM_SHAPES, type StreamOptions, type StreamShape } from './movement-stream-arbitrary.js';
export { faultArbitrary, faultsArbitrary, possibleFaultKinds, ALL_FAULT_KINDS, type FaultOptions } from './fault-arbitrary.js';
export { incidentArbitrary, scenarioArbitrary, skeletonArbitrary, DEFAULT_START_MS, type IncidentOptions, type ScenarioOptions, type Skeleton } from './incident-arbitrary.js';
export {
  documentSize,
  documentToYaml,
  loadDocument,
  type FaultDocument,
  type IncidentDocument,
  type LinkDocument,
  type LogDocument,
  type MovementDocument,
  type ObservationDocument,
  type SkuDocument,
  type SystemDocument,
} from './documents.js';
export { runConnector, type ConnectorCase, type ConnectorOutcome, type HarnessOptions, type Oversell } from './connector-harness.js';
export { withWebhookDrops } from './webhook-drops.js';
export {
  checkConnector,
  connectorCaseArbitrary,
  connectorProperty,
  ConnectorCheckError,
  ConnectorPropertyError,
  CONNECTOR_PROPERTIES,
  type CheckOptions,
  type ConnectorPropertyName,
  type ConnectorPropertyOptions,
  type PrintableCase,
} from './connector-properties.js';
export { checkConnectorModel, connectorCommands, ModelViolation, type ConnectorModel, type ConnectorReal, type ModelCheckOptions } from './model-commands.js';
export { driftSimMatchers, type DriftSimMatchers, type IncidentLike } from './matchers.js';
export { writeFailureCase, type FailureCase, type WrittenFailure } from './failure-report.js';
export { formatDiffRows, type DiffCell, type DiffRow } from './count-diff.js';
