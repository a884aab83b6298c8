// Go core.AllocationStatus and core.ResourceNamespace (core/resource_manager.go).
import assert from 'node:assert/strict';
import { AllocationStatus, createSubNamespace, isAnAllocationStatus } from '@plugbench/sdk';

describe('contract: AllocationStatus', () => {
  it('Undefined is distinct from Granted (the API document had both "ResourceGranted"; Flyte fixed it in 2021)', () => {
    assert.notEqual(AllocationStatus.Undefined, AllocationStatus.Granted);
    // A plugin that tests for a grant must not go ahead on the status returned with an error.
    const goAhead = (status: AllocationStatus) => status === AllocationStatus.Granted;
    assert.equal(goAhead(AllocationStatus.Undefined), false);
    assert.equal(goAhead(AllocationStatus.Granted), true);
  });

  it('has four distinct members named without the prefix', () => {
    assert.deepEqual(Object.keys(AllocationStatus), ['Undefined', 'Granted', 'Exhausted', 'NamespaceQuotaExceeded']);
    assert.equal(new Set(Object.values(AllocationStatus)).size, 4);
  });

  it("keeps the API document's string values where they were not the bug", () => {
    assert.equal(AllocationStatus.Granted, 'ResourceGranted');
    assert.equal(AllocationStatus.Exhausted, 'ResourceExhausted');
    assert.equal(AllocationStatus.NamespaceQuotaExceeded, 'NamespaceQuotaExceeded');
  });

  it('isAnAllocationStatus accepts the four values only', () => {
    for (const v of Object.values(AllocationStatus)) assert.equal(isAnAllocationStatus(v), true);
    for (const v of ['Granted', 'resourcegranted', '', 0, 1, null, undefined, {}])
      assert.equal(isAnAllocationStatus(v), false, String(v));
  });
});

describe('contract: createSubNamespace', () => {
  it('joins parent and child with ":"', () => {
    assert.equal(createSubNamespace('qubole', 'default_cluster'), 'qubole:default_cluster');
    assert.equal(createSubNamespace(createSubNamespace('rm', 'plugin'), 'ns'), 'rm:plugin:ns');
  });

  it('neither escapes nor validates, as in Go: empty parts and separators pass through', () => {
    assert.equal(createSubNamespace('a', ''), 'a:');
    assert.equal(createSubNamespace('', 'b'), ':b');
    assert.equal(createSubNamespace('', ''), ':');
    assert.equal(createSubNamespace('a:b', 'c:d'), 'a:b:c:d');
    assert.equal(createSubNamespace('ä', '名前'), 'ä:名前');
  });
});
