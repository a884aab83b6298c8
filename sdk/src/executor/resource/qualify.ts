/**
 * How FlytePropeller's resource manager proxies qualify a plugin's names (Go `resourcemanager.go`,
 * `resourceconstraints.go`): namespaces get the manager and plugin ids, tokens the execution, constraints become
 * prefixes of tokens.
 *
 * @module
 */
import { createSubNamespace, type ResourceConstraintsSpec } from '../../contract/resource';
import type { PrefixConstraint } from './quota-backend';

/** Go `execUrnPrefix`: the first part of every qualified token. */
export const EXEC_URN_PREFIX = 'ex';
/** Go `execUrnSeparator`: between the parts of a token prefix. */
export const EXEC_URN_SEPARATOR = ':';
/** Go `tokenNamespaceSeparator`: between a token prefix and the plugin's token. */
export const TOKEN_NAMESPACE_SEPARATOR = '-';

/** The parts of Go's `TaskExecutionIdentifier.NodeExecutionId.ExecutionId` that tokens are made of. */
export interface ExecutionIdentity {
  project: string;
  domain: string;
  /** The workflow execution's name. */
  name: string;
}

/**
 * The prefix of a plugin's namespaces, `<rmID>:<pluginID>` (Go: the `namespacePrefix` handed to
 * `Builder.GetResourceRegistrar` and the `Proxy.ResourceNamespacePrefix`).
 */
export function composeNamespacePrefix(rmID: string, pluginID: string): string {
  return createSubNamespace(rmID, pluginID);
}

/** Go `ResourceNamespacePrefix.CreateSubNamespace(namespace)`: `<rmID>:<pluginID>:<namespace>`. */
export function qualifyNamespace(rmID: string, pluginID: string, namespace: string): string {
  return createSubNamespace(composeNamespacePrefix(rmID, pluginID), namespace);
}

/** Go `composeProjectScopePrefix`: `ex:<project>`. */
export function composeProjectScopePrefix(execution: ExecutionIdentity): string {
  return EXEC_URN_PREFIX + EXEC_URN_SEPARATOR + execution.project;
}

/** Go `composeNamespaceScopePrefix`: `ex:<project>:<domain>`. */
export function composeNamespaceScopePrefix(execution: ExecutionIdentity): string {
  return composeProjectScopePrefix(execution) + EXEC_URN_SEPARATOR + execution.domain;
}

/** Go `ComposeTokenPrefix` (`composeExecutionScopePrefix`): `ex:<project>:<domain>:<execName>`. */
export function composeTokenPrefix(execution: ExecutionIdentity): string {
  return composeNamespaceScopePrefix(execution) + EXEC_URN_SEPARATOR + execution.name;
}

/** Go `Token.prepend(ComposeTokenPrefix(id))`: `ex:<project>:<domain>:<execName>-<token>`. */
export function qualifyToken(execution: ExecutionIdentity, token: string): string {
  return composeTokenPrefix(execution) + TOKEN_NAMESPACE_SEPARATOR + token;
}

/**
 * Go `Proxy.ComposeResourceConstraint`: the project constraint (`ex:<project>`) then the namespace constraint
 * (`ex:<project>:<domain>`), each only when the spec has it.
 */
export function composeResourceConstraints(
  spec: ResourceConstraintsSpec,
  execution: ExecutionIdentity,
): PrefixConstraint[] {
  const out: PrefixConstraint[] = [];
  if (spec.projectScopeResourceConstraint != null) {
    out.push({
      targetedPrefix: composeProjectScopePrefix(execution),
      value: spec.projectScopeResourceConstraint.value,
    });
  }
  if (spec.namespaceScopeResourceConstraint != null) {
    out.push({
      targetedPrefix: composeNamespaceScopePrefix(execution),
      value: spec.namespaceScopeResourceConstraint.value,
    });
  }
  return out;
}
