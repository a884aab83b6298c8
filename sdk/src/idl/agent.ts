/**
 * Flyte's connector (agent) protocol, `flyteidl/admin/agent.proto` and `flyteidl/service/agent.proto`: the messages
 * and gRPC services FlytePropeller's `connector-service` and `agent-service` plugins call. Generated with the rest
 * of the IDL; `plugbench serve` implements the services.
 *
 * @module
 */
export * from './gen/flyteidl/admin/agent_pb';
export { AsyncAgentService, AgentMetadataService, SyncAgentService } from './gen/flyteidl/service/agent_pb';
