"""Drives `plugbench serve` with Flyte's own Python stubs (PyPI flyteidl: flyteidl.service.agent_pb2_grpc), as an
independent client: Create, Get, Delete, the metadata service, and the errors propeller may see.

Usage: python connector_client.py HOST:PORT   (exit code 0 when every check passed; one line per check)
"""
import json
import sys
import time

import grpc
from flyteidl.admin import agent_pb2
from flyteidl.core import execution_pb2, identifier_pb2, interface_pb2, literals_pb2, tasks_pb2, types_pb2
from flyteidl.service import agent_pb2_grpc

Phase = execution_pb2.TaskExecution
TERMINAL = {Phase.SUCCEEDED, Phase.FAILED, Phase.ABORTED, Phase.RETRYABLE_FAILED}
failures = []


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {detail}"), flush=True)
    if not ok:
        failures.append(name)


def create_request(execution, duration_ms, x):
    integer = types_pb2.LiteralType(simple=types_pb2.SimpleType.INTEGER)
    template = tasks_pb2.TaskTemplate(
        id=identifier_pb2.Identifier(resource_type=identifier_pb2.TASK, project="flytesnacks", domain="development", name="countdown-task", version="v1"),
        type="countdown",
        interface=interface_pb2.TypedInterface(
            inputs=interface_pb2.VariableMap(variables={"x": interface_pb2.Variable(type=integer)}),
            outputs=interface_pb2.VariableMap(variables={"o0": interface_pb2.Variable(type=integer)}),
        ),
    )
    template.custom.update({"durationMs": duration_ms})
    inputs = literals_pb2.LiteralMap(literals={"x": literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(integer=x)))})
    task_id = identifier_pb2.TaskExecutionIdentifier(
        task_id=template.id,
        node_execution_id=identifier_pb2.NodeExecutionIdentifier(
            node_id="n0", execution_id=identifier_pb2.WorkflowExecutionIdentifier(project="flytesnacks", domain="development", name=execution)
        ),
        retry_attempt=0,
    )
    metadata = agent_pb2.TaskExecutionMetadata(task_execution_id=task_id, namespace="flytesnacks-development", labels={"team": "python"})
    return agent_pb2.CreateTaskRequest(inputs=inputs, template=template, output_prefix=f"s3://bucket/{execution}/n0/0", task_execution_metadata=metadata)


def get(stub, meta):
    category = agent_pb2.TaskCategory(name="countdown", version=0)
    return stub.GetTask(agent_pb2.GetTaskRequest(task_type="countdown", resource_meta=meta, task_category=category), timeout=10).resource


def poll(stub, meta, done, timeout_s=30):
    until = time.time() + timeout_s
    phases = []
    while True:
        r = get(stub, meta)
        if not phases or phases[-1] != r.phase:
            phases.append(r.phase)
        if done(r) or time.time() > until:
            return r, phases
        time.sleep(0.05)


def main(address):
    channel = grpc.insecure_channel(address)
    stub = agent_pb2_grpc.AsyncAgentServiceStub(channel)
    meta_stub = agent_pb2_grpc.AgentMetadataServiceStub(channel)

    agents = meta_stub.ListAgents(agent_pb2.ListAgentsRequest(), timeout=10).agents
    check("ListAgents lists countdown", [(a.name, a.is_sync, [(c.name, c.version) for c in a.supported_task_categories]) for a in agents] == [("countdown", False, [("countdown", 0)])], agents)
    check("GetAgent", meta_stub.GetAgent(agent_pb2.GetAgentRequest(name="countdown"), timeout=10).agent.supported_task_types == ["countdown"])

    request = create_request("py-ok", 300, 21)
    first = stub.CreateTask(request, timeout=10).resource_meta
    again = stub.CreateTask(request, timeout=10).resource_meta
    check("CreateTask is idempotent for one attempt", first == again, (first, again))
    check("resource_meta is {v, key}", sorted(json.loads(first)) == ["key", "v"], first)
    r, phases = poll(stub, first, lambda r: r.phase in TERMINAL)
    check("GetTask reaches SUCCEEDED", r.phase == Phase.SUCCEEDED, (phases, r.message))
    check("never UNDEFINED", Phase.UNDEFINED not in phases, phases)
    check("outputs o0 == 42", r.outputs.literals["o0"].scalar.primitive.integer == 42, r.outputs)

    long = stub.CreateTask(create_request("py-delete", 60000, 1), timeout=10).resource_meta
    r, _ = poll(stub, long, lambda r: r.phase == Phase.RUNNING)
    check("a long task is RUNNING with log links and custom_info", r.phase == Phase.RUNNING and len(r.log_links) == 1 and "startedAtMs" in r.custom_info, r)
    stub.DeleteTask(agent_pb2.DeleteTaskRequest(task_type="countdown", resource_meta=long, task_category=agent_pb2.TaskCategory(name="countdown")), timeout=10)
    check("after DeleteTask: ABORTED", get(stub, long).phase == Phase.ABORTED)
    stub.DeleteTask(agent_pb2.DeleteTaskRequest(resource_meta=long), timeout=10)
    check("DeleteTask twice is OK", True)

    unknown = json.dumps({"v": 1, "key": "0" * 40}).encode()
    try:
        get(stub, unknown)
        check("GetTask of an unknown key is NOT_FOUND", False, "no error")
    except grpc.RpcError as e:
        check("GetTask of an unknown key is NOT_FOUND", e.code() == grpc.StatusCode.NOT_FOUND, e.code())
    try:
        stub.GetTaskMetrics(agent_pb2.GetTaskMetricsRequest(resource_meta=first), timeout=10)
        check("GetTaskMetrics is UNIMPLEMENTED", False, "no error")
    except grpc.RpcError as e:
        check("GetTaskMetrics is UNIMPLEMENTED", e.code() == grpc.StatusCode.UNIMPLEMENTED, e.code())

    print("ALL PASS" if not failures else f"FAILED: {', '.join(failures)}", flush=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
