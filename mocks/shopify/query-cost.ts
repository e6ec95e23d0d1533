/**
 * Shopify's calculated query cost, statically from the query: an object field costs 1, a
 * scalar or enum 0, a connection 2 plus `first` (or `last`) times the cost of one node, and a
 * mutation 10. This is Shopify's published rule of thumb
 * (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits); the mock reports the same
 * figure as requested and actual cost (Shopify refunds unused connection slots; the mock does
 * not, which only makes it slightly stricter).
 *
 * @example
 * const cost = requestedQueryCost(schema, parse('{ inventoryItems(first: 10) { nodes { id sku } } }'), {});
 * // 2 + 10 × 1 = 12
 */
import type { DocumentNode, FragmentDefinitionNode, GraphQLNamedType, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { GraphQLSchema, getNamedType, isLeafType, isObjectType, isInterfaceType, Kind } from 'graphql';

const MUTATION_COST = 10;
/** Deep queries are cut off here; Shopify rejects them long before (max cost 1000). */
const MAX_DEPTH = 32;

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
  operationName?: string | null,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (!operationName || definition.name?.value === operationName) operation ??= definition;
    }
  }
  if (!operation) return 0;
  if (operation.operation === 'mutation') {
    return MUTATION_COST * countRootFields(operation.selectionSet, fragments);
  }
  const root = schema.getQueryType();
  if (!root) return 0;
  return selectionCost(operation.selectionSet, root, { fragments, variables, schema }, 0);
}

interface Walk {
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  schema: GraphQLSchema;
}

function countRootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, fragments);
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) count += countRootFields(fragment.selectionSet, fragments);
    }
  }
  return count;
}

function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLNamedType, walk: Walk, depth: number): number {
  if (depth > MAX_DEPTH) return 0;
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typed = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (typed) total += selectionCost(selection.selectionSet, typed, walk, depth + 1);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      const typed = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
      if (fragment && typed) total += selectionCost(fragment.selectionSet, typed, walk, depth + 1);
      continue;
    }
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const field = parent.getFields()[selection.name.value];
    if (!field) continue;
    const type = getNamedType(field.type);
    if (isLeafType(type)) continue;
    const children = selection.selectionSet ? selectionCost(selection.selectionSet, type, walk, depth + 1) : 0;
    if (type.name.endsWith('Connection')) {
      const size = pageSize(selection.arguments ?? [], walk.variables);
      total += 2 + size * children;
    } else if (parent.name.endsWith('Connection') && (field.name === 'edges' || field.name === 'pageInfo')) {
      // The connection's per-node cost is counted once per node by the connection itself.
      total += field.name === 'edges' ? children : 0;
    } else if (parent.name.endsWith('Edge') && field.name === 'node') {
      total += 1 + children;
    } else {
      total += 1 + children;
    }
  }
  return total;
}

function pageSize(args: readonly { name: { value: string }; value: ValueNode }[], variables: Readonly<Record<string, unknown>>): number {
  for (const argument of args) {
    if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
    if (argument.value.kind === Kind.INT) return Number(argument.value.value);
    if (argument.value.kind === Kind.VARIABLE) {
      const value = variables[argument.value.name.value];
      if (typeof value === 'number') return value;
    }
  }
  return 0;
}
